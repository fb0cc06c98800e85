import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashedPart } from '../../../src/domain/audit/audit-names.js';
import { verifyChain } from '../../../src/domain/audit/audit-chain.js';
import type { AuditEntry } from '../../../src/domain/audit/audit-event.js';
import { deskAgent } from '../../helpers/desk-agent.js';
import { formBody } from '../../helpers/form-body.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

const PASSWORD = '春眠不觉晓处处闻啼鸟';

/**
 * The admin's pages (/d/admin, issue 12 point 4) over HTTP as a browser without script uses them: who may see
 * which organisation, the form token on every post, and each page calling the existing services.
 */
describe('the admin pages', () => {
  let t: ReviewApp;
  let admin: Auth;
  let reviewer: Auth;
  let otherAdmin: Auth;
  let installer: Auth;

  beforeAll(async () => {
    t = await startReviewApp();
    admin = await t.person('管理员', ['admin']);
    reviewer = await t.person('李四', ['reviewer']);
    await t.person('张三', ['drafter']);
    otherAdmin = await t.person('外单位管理员', ['admin'], { org: 'other' });
    installer = await t.person('系统管理员', ['installation_admin'], { org: 'other' });
  });
  afterAll(() => t.close());

  const desk = (who: Auth) => deskAgent(t, who);
  const form = formBody;
  const personPath = (name: string, rest = '') => `/d/admin/org/cc/people/${encodeURIComponent(name)}${rest}`;

  it('asks to log in, refuses people who are not admins (403), and hides other organisations (404)', async () => {
    expect((await request(t.app).get('/d/admin')).status).toBe(401);
    expect((await request(t.app).get('/d/admin/org/cc/people')).status).toBe(401);
    const asReviewer = (await desk(reviewer)).agent;
    for (const path of ['/d/admin', '/d/admin/org/cc/people', '/d/admin/org/cc/audit', '/d/admin/orgs'])
      expect([path, (await asReviewer.get(path)).status]).toEqual([path, 403]);
    const { agent: outsider } = await desk(otherAdmin);
    for (const section of ['people', 'audit', 'audit/export', 'alerts', 'accounts', 'gateway', 'workflow']) {
      const page = await outsider.get(`/d/admin/org/cc/${section}`);
      expect([section, page.status, page.text.includes('李四')]).toEqual([section, 404, false]);
    }
    expect((await outsider.get('/d/admin/orgs')).status).toBe(403);
    expect((await outsider.get('/d/admin/org/other/people')).status).toBe(200);
    const { agent: installation } = await desk(installer);
    expect((await installation.get('/d/admin/org/cc/people')).text).toContain('李四');
    expect((await installation.get('/d/admin/org/nowhere/people')).status).toBe(404);
  });

  it('refuses a post without the form token or from another site, and changes nothing', async () => {
    const victim = await t.person('王五', ['reviewer']);
    const { agent, csrf } = await desk(admin);
    const forged = await agent
      .post(`${personPath('王五', '/disable')}?csrf=forged`)
      .type('form')
      .send('');
    expect(forged.status).toBe(403);
    const crossSite = await agent
      .post(`${personPath('王五', '/disable')}?csrf=${encodeURIComponent(csrf)}`)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send('');
    expect(crossSite.status).toBe(403);
    expect((await t.people.getPerson(victim.id))?.disabled).toBeUndefined();
    const asReviewer = await desk(reviewer);
    const notAdmin = await asReviewer.agent
      .post(`${personPath('王五', '/disable')}?csrf=${encodeURIComponent(asReviewer.csrf)}`)
      .type('form')
      .send('');
    expect(notAdmin.status).toBe(403);
    expect((await t.people.getPerson(victim.id))?.disabled).toBeUndefined();
  });

  it('lists people, adds one (token and login link shown once), changes roles, sets a password, disables', async () => {
    const { agent, csrf } = await desk(admin);
    const list = await agent.get('/d/admin/org/cc/people');
    expect(list.text).toContain('李四');
    expect(list.text).toContain('审核人');
    expect(list.text).toMatch(/管理员<\/strong><\/a>[\s\S]*?[1-9]\d* 个登录会话/);
    const q = `?csrf=${encodeURIComponent(csrf)}`;
    const added = await agent
      .post(`/d/admin/org/cc/people${q}`)
      .type('form')
      .send(form({ name: '赵六', roles: ['drafter'], outsourced: '1' }));
    expect(added.status).toBe(201);
    expect(added.headers['cache-control']).toBe('no-store');
    const token = /(qf_[A-Za-z0-9_-]{43})/.exec(added.text)?.[1] ?? '';
    expect((await request(t.app).get('/api/drafts').set('Authorization', `Bearer ${token}`)).status).toBe(
      200,
    );
    const loginLink = /(http:\/\/[^<]+\/d\/login\/[^<]+)<\/code>/.exec(added.text)?.[1] ?? '';
    expect((await request(t.app).get(new URL(loginLink).pathname)).status).toBe(303);

    const refused = await agent
      .post(`${personPath('赵六', '/roles')}${q}`)
      .type('form')
      .send(form({ roles: ['reviewer'], outsourced: '1' }));
    expect([refused.status, refused.text.includes('代运维')]).toEqual([400, true]);
    const changed = await agent
      .post(`${personPath('赵六', '/roles')}${q}`)
      .type('form')
      .send(form({ roles: ['drafter', 'reviewer'] }));
    expect([changed.status, changed.text.includes('角色已保存')]).toEqual([200, true]);
    const person = await t.people.findPerson('cc', '赵六');
    expect([person?.roles, person?.outsourced]).toEqual([['drafter', 'reviewer'], false]);
    // The token cache sees the new roles at once.
    expect(
      (await request(t.app).get('/api/drafts?awaiting=me').set('Authorization', `Bearer ${token}`)).status,
    ).toBe(200);

    const password = await agent
      .post(`${personPath('赵六', '/password')}${q}`)
      .type('form')
      .send(form({ password: PASSWORD }));
    expect(password.text).toContain('密码已设置');
    const disabled = await agent
      .post(`${personPath('赵六', '/disable')}${q}`)
      .type('form')
      .send('');
    expect([disabled.status, disabled.text.includes('已停用')]).toEqual([200, true]);
    expect((await request(t.app).get('/api/drafts').set('Authorization', `Bearer ${token}`)).status).toBe(
      401,
    );
    const actions = (await t.audit.snapshot('cc')).entries.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['roles_changed', 'password_set', 'person_disabled']));
  });

  it('reissues credentials (the old token stops) and ends a session of a person', async () => {
    const person = await t.person('孙七', ['reviewer']);
    const theirs = await desk(person);
    const { agent, csrf } = await desk(admin);
    const q = `?csrf=${encodeURIComponent(csrf)}`;
    const page = await agent.get(personPath('孙七'));
    const end = /action="([^"]*\/sessions\/[^"]*\/end\?csrf=[^"]+)"/.exec(page.text)?.[1] ?? '';
    expect(end).not.toBe('');
    const ended = await agent.post(end.replaceAll('&amp;', '&')).type('form').send('');
    expect(ended.text).toContain('会话已结束');
    expect((await theirs.agent.get('/d/queue')).status).toBe(401);
    const reissued = await agent
      .post(`${personPath('孙七', '/reissue')}${q}`)
      .type('form')
      .send('');
    expect(reissued.status).toBe(201);
    expect((await request(t.app).get('/api/drafts').set('Authorization', person.header)).status).toBe(401);
  });

  it('shows the audit trail newest first with names and readable actions, verifies it and exports it', async () => {
    const { agent } = await desk(admin);
    const trail = await agent.get('/d/admin/org/cc/audit');
    expect(trail.status).toBe(200);
    expect(trail.text).toContain('停用人员');
    expect(trail.text).toContain('添加人员');
    expect(trail.text).toMatch(/停用人员<\/strong> · 管理员/);
    expect(trail.text).not.toContain(admin.id);
    expect(trail.text).not.toContain('person_disabled');
    const seqs = [...trail.text.matchAll(/第 (\d+) 条/g)].map((match) => Number(match[1]));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const verified = await agent.get('/d/admin/org/cc/audit/verify');
    expect(verified.text).toMatch(/审计链完整：共 \d+ 条记录/);
    const exported = await agent.get('/d/admin/org/cc/audit/export').responseType('blob');
    expect(exported.headers['content-disposition']).toContain('audit-cc.jsonl');
    const lines = (exported.body as Buffer)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry & { names: object });
    const head = await t.audit.head('cc');
    expect(verifyChain(lines.map(hashedPart), { count: head!.seq + 1, hash: head!.hash }).ok).toBe(true);
    expect(lines.some((line) => JSON.stringify(line.names).includes('管理员'))).toBe(true);
  });

  it('lists alerts and records who acknowledged one, once', async () => {
    const at = new Date().toISOString();
    await t.alerts.raise({
      org: 'cc',
      kind: 'publish_failed',
      message: '发布失败：微信拒绝了该文章',
      at,
      target: 'wechat:崇川发布',
    });
    const { agent, csrf } = await desk(admin);
    const page = await agent.get('/d/admin/org/cc/alerts');
    expect(page.text).toContain('发布失败：微信拒绝了该文章');
    const ack = /action="([^"]*\/alerts\/[0-9a-f]+\/ack\?csrf=[^"]+)"/.exec(page.text)?.[1] ?? '';
    expect(ack).toContain(encodeURIComponent(csrf));
    const done = await agent.post(ack).type('form').send('');
    expect(done.text).toMatch(/管理员 已于 .* 确认/);
    const again = await (await desk(reviewer)).agent.get('/d/admin/org/cc/alerts');
    expect(again.status).toBe(403);
    expect((await agent.get('/d/admin/org/cc/alerts')).text).not.toContain('确认已处理');
    const unknown = await agent
      .post(ack.replace(/alerts\/[0-9a-f]+/, 'alerts/0000'))
      .type('form')
      .send('');
    expect(unknown.status).toBe(404);
  });

  it('adds an account, grants a gateway credential (secret shown once) and revokes it', async () => {
    const { agent, csrf } = await desk(admin);
    const q = `?csrf=${encodeURIComponent(csrf)}`;
    const account = form({
      platform: 'wechat',
      name: '崇川发布',
      appid: 'wx0123456789abcdef',
      secret: 'appsecret-xyz',
    });
    const added = await agent.post(`/d/admin/org/cc/accounts${q}`).type('form').send(account);
    expect([added.status, added.text.includes('崇川发布'), added.text.includes('appsecret-xyz')]).toEqual([
      201,
      true,
      false,
    ]);
    const granted = await agent
      .post(`/d/admin/org/cc/gateway${q}`)
      .type('form')
      .send(form({ account: 'wechat:崇川发布', person: '张三', days: '30' }));
    expect(granted.status).toBe(201);
    const appid = /<code class="secret">(qf[^<]+)<\/code>/.exec(granted.text)?.[1] ?? '';
    const secret = [...granted.text.matchAll(/<code class="secret">([^<]+)<\/code>/g)][1]?.[1] ?? '';
    expect(secret.length).toBeGreaterThan(10);
    const listed = await agent.get('/d/admin/org/cc/gateway');
    expect([listed.text.includes(appid), listed.text.includes(secret)]).toEqual([true, false]);
    const revoked = await agent.post(`/d/admin/org/cc/gateway/${appid}/revoke${q}`).type('form').send('');
    expect(revoked.text).toContain(`已吊销 ${appid}`);
    const actions = (await t.audit.snapshot('cc')).entries.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['credential_granted', 'credential_revoked']));
  });

  it('shows the workflow as it applies, and lets an installation admin list and create organisations', async () => {
    const { agent } = await desk(admin);
    const workflow = await agent.get('/d/admin/org/cc/workflow');
    expect(workflow.text).toContain('复核：分管领导');
    expect(workflow.text).toContain('审签：主要负责人');
    const installation = await desk(installer);
    const created = await installation.agent
      .post(`/d/admin/orgs?csrf=${encodeURIComponent(installation.csrf)}`)
      .type('form')
      .send(form({ slug: 'haimen', name: '海门区人民政府' }));
    expect([created.status, created.text.includes('海门区人民政府')]).toEqual([201, true]);
    const orgs = ((await as(t.app, installer).get('/api/orgs')).body as { orgs: { slug: string }[] }).orgs;
    expect(orgs.map((org) => org.slug)).toContain('haimen');
  });

  it('links the admin pages from the desk navigation for admins only', async () => {
    expect((await (await desk(admin)).agent.get('/d/queue')).text).toContain('href="/d/admin"');
    expect((await (await desk(reviewer)).agent.get('/d/queue')).text).not.toContain('href="/d/admin"');
  });
});
