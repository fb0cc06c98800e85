import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/domain/people.js';
import { ACCOUNT_LOCKOUT } from '../../../src/services/login-service.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

const DRAFT = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };
const PASSWORD = '春眠不觉晓处处闻啼鸟';

interface SessionRow {
  id: string;
  method: string;
  current: boolean;
}

/** Desk logins over real HTTP and Redis (issue 12 point 1): passwords, lockout, sessions, revocation. */
describe('logging in at the desk', () => {
  let t: ReviewApp;
  let admin: Auth;
  let drafter: Auth;
  let counter = 0;

  beforeAll(async () => {
    t = await startReviewApp();
    t.app.set('trust proxy', true);
    admin = await t.person('管理员', ['admin']);
    drafter = await t.person('张三', ['drafter']);
  });
  afterAll(() => t.close());

  const personPath = (auth: Auth, rest: string) =>
    `/api/orgs/cc/people/${encodeURIComponent(auth.name)}/${rest}`;

  /** A reviewer of org cc with a password set by the admin. */
  async function personWithPassword(): Promise<Auth> {
    counter += 1;
    const person = await t.person(`审核${counter}`, ['reviewer']);
    const set = await as(t.app, admin).post(personPath(person, 'password'), { password: PASSWORD });
    expect(set.status).toBe(200);
    return person;
  }

  const login = (name: string, password: string, address = '192.0.2.1') =>
    postLogin(t.app, { name, password }, address);

  const sessionCookie = (res: request.Response) => {
    const cookies = res.headers['set-cookie'] as unknown as string[] | undefined;
    return cookies?.find((c) => c.startsWith('qianfa_desk='))?.split(';')[0] ?? '';
  };
  const sessionIdOf = (cookie: string) => cookie.split('=')[1]!.split('.')[0]!;
  const queue = (cookie: string) => request(t.app).get('/d/queue').set('Cookie', cookie);
  const personOf = async (auth: Auth): Promise<Person> => (await t.people.getPerson(auth.id))!;
  const pathOf = (url: string) => new URL(url, 'http://qianfa.test').pathname;

  it('logs in with organisation, name and password, and refuses a wrong one with a Chinese message', async () => {
    const reviewer = await personWithPassword();
    const wrong = await login(reviewer.name, '不是这个密码不是这个');
    expect([wrong.status, wrong.text.includes('单位、姓名或密码不正确')]).toEqual([401, true]);
    expect(sessionCookie(wrong)).toBe('');
    const ok = await login(reviewer.name, PASSWORD);
    expect([ok.status, ok.headers['location']]).toEqual([303, '/d/queue']);
    const cookie = sessionCookie(ok);
    expect(cookie).toMatch(/^qianfa_desk=[\w-]+\.[\w-]+$/);
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect((await queue(cookie)).status).toBe(200);
  });

  it('refuses a login form posted without its token, or from another site', async () => {
    const reviewer = await personWithPassword();
    const fields = { org: 'cc', name: reviewer.name, password: PASSWORD };
    const bare = await request(t.app)
      .post('/d/login')
      .type('form')
      .send(new URLSearchParams(fields).toString());
    expect([bare.status, sessionCookie(bare)]).toEqual([403, '']);
    const form = await request(t.app).get('/d/login');
    const token = /name="form_token" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    const cross = await request(t.app)
      .post('/d/login')
      .set('Cookie', form.headers['set-cookie']?.[0]?.split(';')[0] ?? '')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send(new URLSearchParams({ form_token: token, ...fields }).toString());
    expect([cross.status, sessionCookie(cross)]).toEqual([403, '']);
  });

  it('locks an account after repeated failures (429, Retry-After, audited); a success resets the count', async () => {
    const reviewer = await personWithPassword();
    const fail = (address: string) => login(reviewer.name, '错误的密码错误的密码', address);
    const failures = ACCOUNT_LOCKOUT.failures;
    for (let i = 1; i < failures; i += 1) expect((await fail(`198.51.100.${i}`)).status).toBe(401);
    expect((await login(reviewer.name, PASSWORD)).status).toBe(303); // the count starts again
    for (let i = 1; i < failures; i += 1) expect((await fail(`198.51.100.${i}`)).status).toBe(401);
    expect((await fail('198.51.100.99')).status).toBe(429);
    // Locked per account, from any address, even with the right password.
    const refused = await login(reviewer.name, PASSWORD, '203.0.113.50');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
    expect(refused.text).toContain('已暂时锁定');
    expect(sessionCookie(refused)).toBe('');
    const trail = (await t.audit.snapshot('cc')).entries.filter((e) => e.details.person === reviewer.id);
    const count = (action: string) => trail.filter((e) => e.action === action).length;
    expect([count('login_failed'), count('login_locked'), count('login_succeeded')]).toEqual([
      2 * failures - 1,
      1,
      1,
    ]);
    expect(JSON.stringify(trail)).not.toContain(PASSWORD);
  });

  it('lists a person’s sessions and ends one, through their own API, the page and an admin’s API', async () => {
    const reviewer = await personWithPassword();
    const phone = sessionCookie(await login(reviewer.name, PASSWORD));
    const desk = sessionCookie(await login(reviewer.name, PASSWORD));
    const mine = (await as(t.app, reviewer).get('/api/me/sessions')).body as { sessions: SessionRow[] };
    expect(mine.sessions.map((s) => s.method)).toEqual(['password', 'password']);
    expect(JSON.stringify(mine)).not.toContain(phone.split('.')[1]!);
    const page = await request(t.app).get('/d/sessions').set('Cookie', desk);
    expect(page.text).toContain('我的登录会话');
    expect(page.text).toContain('（当前会话）');
    const ended = await request(t.app)
      .delete(`/api/me/sessions/${sessionIdOf(phone)}`)
      .set('Authorization', reviewer.header);
    expect(ended.status).toBe(200);
    expect((await queue(phone)).status).toBe(401);
    expect((await queue(desk)).status).toBe(200);
    const listed = (await as(t.app, admin).get(personPath(reviewer, 'sessions'))).body as {
      sessions: SessionRow[];
    };
    expect(listed.sessions.map((s) => s.id)).toEqual([sessionIdOf(desk)]);
    const byAdmin = () =>
      request(t.app)
        .delete(personPath(reviewer, `sessions/${sessionIdOf(desk)}`))
        .set('Authorization', admin.header);
    expect((await byAdmin()).status).toBe(200);
    expect((await queue(desk)).status).toBe(401);
    expect((await byAdmin()).status).toBe(404);
    const trail = (await t.audit.snapshot('cc')).entries.filter((e) => e.action === 'session_revoked');
    expect(trail.map((e) => e.actor)).toEqual([reviewer.id, admin.id]);
  });

  it('ends the current session on logout, with the form token only', async () => {
    const reviewer = await personWithPassword();
    const cookie = sessionCookie(await login(reviewer.name, PASSWORD));
    expect((await request(t.app).post('/d/logout').set('Cookie', cookie)).status).toBe(303);
    expect((await queue(cookie)).status).toBe(200);
    const page = await request(t.app).get('/d/sessions').set('Cookie', cookie);
    const action = /action="(\/d\/logout\?csrf=[^"]+)"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const out = await request(t.app).post(action).set('Cookie', cookie);
    expect([out.status, out.headers['location']]).toEqual([303, '/d/login?out=1']);
    expect((await queue(cookie)).status).toBe(401);
  });

  it('lets a login link be used once only', async () => {
    const link = (await as(t.app, drafter).post('/api/me/login-link', {})).body as { url: string };
    const first = await request(t.app).get(pathOf(link.url));
    expect(first.status).toBe(303);
    const second = await request(t.app).get(pathOf(link.url));
    expect([second.status, sessionCookie(second)]).toEqual([401, '']);
    expect(second.text).toContain('只能使用一次');
    expect((await queue(sessionCookie(first))).status).toBe(200);
  });

  it('ends, at once, the open session, login link and review link of a person an admin disables', async () => {
    const reviewer = await personWithPassword();
    const session = sessionCookie(await login(reviewer.name, PASSWORD));
    const loginLink = pathOf(t.desk.loginPath(await personOf(reviewer)));
    const id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;
    const found = await t.review.get(await personOf(reviewer), id);
    if (!found.ok) throw new Error('no draft');
    const reviewLink = pathOf(t.links.issue(await personOf(reviewer), found.value).url);
    expect((await queue(session)).status).toBe(200);
    expect((await request(t.app).get(reviewLink)).status).toBe(200);

    const disabled = await as(t.app, admin).post(personPath(reviewer, 'disable'), {});
    expect([disabled.status, (disabled.body as Person).disabled]).toEqual([200, true]);

    expect((await queue(session)).status).toBe(401);
    expect((await request(t.app).get(loginLink)).status).toBe(401);
    const review = await request(t.app).get(reviewLink);
    expect([review.status, review.text.includes('链接已失效')]).toEqual([410, true]);
    const decide = await request(t.app)
      .post(reviewLink)
      .type('form')
      .send('decision=approve&stage=review&version=1');
    expect(decide.status).toBe(410);
    expect((await as(t.app, reviewer).get('/api/drafts')).status).toBe(401);
    expect((await login(reviewer.name, PASSWORD)).status).toBe(401);
    expect((await t.audit.snapshot('cc')).entries.map((e) => e.action)).toContain('person_disabled');
  });

  it('stops the gateway credential of a person an admin disables', async () => {
    const operator = await t.person('代运维', ['drafter'], { outsourced: true });
    const account = { platform: 'wechat', name: '崇川发布', appid: 'wx0123456789abcdef', secret: 's' };
    expect((await as(t.app, admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    const granted = await t.grantGateway('wechat:崇川发布', operator.name);
    const token = () =>
      request(t.app)
        .get('/gateway/wechat/cgi-bin/token')
        .query({ grant_type: 'client_credential', ...granted });
    expect((await token()).body).toHaveProperty('access_token');
    expect((await as(t.app, admin).post(personPath(operator, 'disable'), {})).status).toBe(200);
    expect((await token()).body).toMatchObject({ errcode: 40243 });
  });

  it('ends sessions and links when the token is reissued or an admin sets the password', async () => {
    const reviewer = await personWithPassword();
    const session = sessionCookie(await login(reviewer.name, PASSWORD));
    const loginLink = pathOf(t.desk.loginPath(await personOf(reviewer)));
    expect((await as(t.app, admin).post(personPath(reviewer, 'token'), {})).status).toBe(201);
    expect((await queue(session)).status).toBe(401);
    expect((await request(t.app).get(loginLink)).status).toBe(401);

    const again = sessionCookie(await login(reviewer.name, PASSWORD));
    expect((await queue(again)).status).toBe(200);
    const newPassword = '新的密码新的密码新的';
    expect(
      (await as(t.app, admin).post(personPath(reviewer, 'password'), { password: newPassword })).status,
    ).toBe(200);
    expect((await queue(again)).status).toBe(401);
    expect((await login(reviewer.name, PASSWORD)).status).toBe(401);
    expect((await login(reviewer.name, newPassword)).status).toBe(303);
  });

  it('lets a person set their own password: the current one needed, a minimum length, said in Chinese', async () => {
    const editor = await t.person('自设密码', ['editor']);
    const short = await as(t.app, editor).post('/api/me/password', { password: '短密码' });
    expect(short.status).toBe(400);
    expect((short.body as { error: { message: string } }).error.message).toContain('至少 10 个字符');
    expect((await as(t.app, editor).post('/api/me/password', { password: PASSWORD })).status).toBe(200);
    const next = '另一个足够长的密码啊';
    const without = await as(t.app, editor).post('/api/me/password', { password: next });
    expect([without.status, (without.body as { error: { message: string } }).error.message]).toEqual([
      403,
      '当前密码不正确，密码未修改。',
    ]);
    expect(
      (await as(t.app, editor).post('/api/me/password', { password: next, current: PASSWORD })).status,
    ).toBe(200);
    expect((await login('自设密码', next)).status).toBe(303);
    const stored = await t.redis.get(t.keys.personPassword('cc', editor.id));
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain(next);
  });
});

/** Posts the login form the way a browser does: the form's token and its cookie, from one address. */
async function postLogin(app: Express, form: { name: string; password: string }, address: string) {
  const page = await request(app).get('/d/login').set('X-Forwarded-For', address);
  const token = /name="form_token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const cookie = page.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
  return request(app)
    .post('/d/login')
    .set('Cookie', cookie)
    .set('X-Forwarded-For', address)
    .set('User-Agent', 'Mozilla/5.0 (test)')
    .type('form')
    .send(new URLSearchParams({ form_token: token, org: 'cc', ...form }).toString());
}

describe('password logins from one address', () => {
  it('count against the address like any failed authentication: 429 once it failed too often', async () => {
    const t = await startReviewApp({}, {}, {}, undefined, { authFailures: 3, authWindowSeconds: 600 });
    try {
      t.app.set('trust proxy', true);
      const address = '203.0.113.77';
      for (const name of ['甲', '乙', '丙']) {
        expect((await postLogin(t.app, { name, password: '猜一个密码猜一个密码' }, address)).status).toBe(
          401,
        );
      }
      const refused = await postLogin(t.app, { name: '丁', password: '猜一个密码猜一个密码' }, address);
      expect([refused.status, Number(refused.headers['retry-after']) > 0]).toEqual([429, true]);
      expect(
        (await postLogin(t.app, { name: '丁', password: '猜一个密码猜一个密码' }, '198.51.100.7')).status,
      ).toBe(401);
    } finally {
      await t.close();
    }
  });
});
