import { userInfo } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { serveEnv, stopServedAfterEachTest, tempDataDir } from '../helpers/spawn-serve.js';
import { spawnQianfa } from '../helpers/run-qianfa.js';

const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const WECHAT = { platform: 'wechat', name: '崇川发布', appid: 'wx0123456789abcdef', secret: SECRET };
/** A link under the Weibo app's safe domain: every post of the account carries it. */
const LINK = 'https://www.chongchuan.gov.cn/';

describe('platform accounts over HTTP', () => {
  let t: ReviewApp;
  let admin: Auth;

  beforeEach(async () => {
    t = await startReviewApp();
    admin = await t.person('管理员', ['admin']);
  });
  afterEach(() => t.close());

  it('adds an account and never returns, logs or stores its secret in the clear', async () => {
    const added = await as(t.app, admin).post('/api/orgs/cc/accounts', WECHAT);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      org: 'cc',
      platform: 'wechat',
      name: '崇川发布',
      appid: WECHAT.appid,
    });
    const listed = await as(t.app, admin).get('/api/orgs/cc/accounts');
    const everything = JSON.stringify([added.body, listed.body]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('sealed');
    const raw = await t.redis.hgetall(t.keys.orgAccounts('cc'));
    expect(JSON.stringify(raw)).not.toContain(SECRET);
    const trail = await t.audit.all('cc');
    expect(JSON.stringify(trail)).not.toContain(SECRET);
    expect(trail.at(-1)).toMatchObject({
      action: 'created',
      details: { subject: 'account', name: '崇川发布' },
    });
    const opened = await t.accounts.credentials('cc', 'wechat', '崇川发布');
    expect(opened.ok && opened.value.secret).toBe(SECRET);
  });

  it('explains what is missing or wrong, and refuses a second account of the same name', async () => {
    const post = (body: object) => as(t.app, admin).post('/api/orgs/cc/accounts', body);
    const noToken = await post({ platform: 'weibo', name: '崇川微博' });
    expect([noToken.status, (noToken.body as { error: { message: string } }).error.message]).toEqual([
      400,
      '添加微博账号须提供 --token（access_token）。',
    ]);
    const badAppid = await post({ ...WECHAT, appid: 'abc' });
    expect([badAppid.status, (badAppid.body as { error: { code: string } }).error.code]).toEqual([
      400,
      'invalid_appid',
    ]);
    expect((await post(WECHAT)).status).toBe(201);
    expect((await post(WECHAT)).status).toBe(409);
    // Weibo takes only links under the app's safe domain: without one no post could go out.
    const noLink = await post({ platform: 'weibo', name: '崇川发布', token: 'tok' });
    expect([noLink.status, (noLink.body as { error: { code: string; message: string } }).error]).toEqual([
      400,
      { code: 'missing_link', message: expect.stringContaining('--link') as unknown },
    ]);
    expect((await post({ platform: 'weibo', name: '崇川发布', token: 'tok', link: LINK })).status).toBe(201);
    // Another organisation, existing or not, is not an organisation admin's to look at.
    expect((await as(t.app, admin).post('/api/orgs/nowhere/accounts', WECHAT)).status).toBe(403);
  });

  it('gives a Weibo account added before links were required its link, audited', async () => {
    const weibo = { platform: 'weibo', name: '崇川微博', token: 'tok', link: LINK };
    expect((await as(t.app, admin).post('/api/orgs/cc/accounts', weibo)).status).toBe(201);
    // As stored by a version that did not require the link.
    const field = 'weibo:崇川微博';
    const stored = JSON.parse((await t.redis.hget(t.keys.orgAccounts('cc'), field))!) as { link?: string };
    delete stored.link;
    await t.redis.hset(t.keys.orgAccounts('cc'), field, JSON.stringify(stored));

    const setLink = (name: string, body: object) =>
      as(t.app, admin).put(`/api/orgs/cc/accounts/weibo/${encodeURIComponent(name)}/link`, body);
    const changed = await setLink('崇川微博', { link: 'https://www.chongchuan.gov.cn/xwzx/' });
    expect([changed.status, (changed.body as { link: string }).link]).toEqual([
      200,
      'https://www.chongchuan.gov.cn/xwzx/',
    ]);
    const opened = await t.accounts.credentials('cc', 'weibo', '崇川微博');
    expect(opened.ok && [opened.value.account.link, opened.value.secret]).toEqual([
      'https://www.chongchuan.gov.cn/xwzx/',
      'tok',
    ]);
    const trail = await t.audit.all('cc');
    expect(trail.at(-1)).toMatchObject({
      action: 'account_changed',
      actor: admin.id,
      details: { platform: 'weibo', name: '崇川微博', link: 'https://www.chongchuan.gov.cn/xwzx/' },
    });
    expect((await setLink('没有这个号', { link: LINK })).status).toBe(404);
    const plain = await setLink('崇川微博', { link: 'http://www.chongchuan.gov.cn/' });
    expect([plain.status, (plain.body as { error: { code: string } }).error.code]).toEqual([
      400,
      'invalid_link',
    ]);
  });

  it('lets only administrators manage accounts, and records the refusal', async () => {
    const editor = await t.person('王五', ['editor']);
    const res = await request(t.app)
      .post('/api/orgs/cc/accounts')
      .set('Authorization', editor.header)
      .send(WECHAT);
    expect(res.status).toBe(403);
    const refused = (await t.audit.all('cc')).filter((e: AuditEntry) => e.action === 'refused');
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused)).not.toContain(SECRET);
  });
});

describe('qianfa account', () => {
  stopServedAfterEachTest();

  function cli(args: string[], env: NodeJS.ProcessEnv, stdin = '') {
    const child = spawnQianfa(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(stdin);
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once('exit', (code) => resolve({ code, stdout, stderr })),
    );
  }

  it('adds accounts with the secret from stdin, keeps the key file owner-only, and prints no secret', async () => {
    const dataDir = tempDataDir();
    const env = {
      ...serveEnv(dataDir),
      REDIS_URL: inject('redisUrl'),
      QIANFA_REDIS_PREFIX: `cli-${Date.now()}:`,
    };
    expect((await cli(['org', 'add', 'cc', '--name', '崇川区'], env)).code).toBe(0);
    const wechat = ['--org', 'cc', '--platform', 'wechat', '--name', '崇川发布', '--appid', WECHAT.appid];
    const added = await cli(['account', 'add', ...wechat, '--secret', '-'], env, `${SECRET}\n`);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ platform: 'wechat', name: '崇川发布' });
    expect(added.stdout + added.stderr).not.toContain(SECRET);
    const key = join(dataDir, 'secret.key');
    expect(existsSync(key)).toBe(true);
    expect(statSync(key).mode & 0o777).toBe(0o600);

    const weibo = ['--org', 'cc', '--platform', 'weibo', '--name', '崇川微博', '--token', 'tok-123'];
    const noLink = await cli(['account', 'add', ...weibo], env);
    expect([noLink.code, noLink.stderr]).toEqual([2, expect.stringContaining('--link') as unknown]);
    expect((await cli(['account', 'add', ...weibo, '--link', LINK], env)).code).toBe(0);
    const relinked = ['--org', 'cc', '--name', '崇川微博', '--link', `${LINK}xwzx/`];
    const setLink = await cli(['account', 'set-link', ...relinked], env);
    expect(setLink.code, setLink.stderr).toBe(0);
    expect(JSON.parse(setLink.stdout)).toMatchObject({ name: '崇川微博', link: `${LINK}xwzx/` });
    const listed = await cli(['account', 'list', '--org', 'cc'], env);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { name: string }).name),
    ).toEqual(['崇川发布', '崇川微博']);
    expect(listed.stdout).not.toContain('tok-123');
    // Each change is in the trail as made by `cli` and the OS user; no secret is.
    const exported = await cli(['audit', 'export', '--org', 'cc'], env);
    const accounts = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; actor: string; details: Record<string, unknown> })
      .filter((entry) => entry.details['subject'] === 'account');
    expect(
      accounts.map((entry) => [entry.action, entry.actor, entry.details['name'], entry.details['os_user']]),
    ).toEqual([
      ['created', 'cli', '崇川发布', userInfo().username],
      ['created', 'cli', '崇川微博', userInfo().username],
      ['account_changed', 'cli', '崇川微博', userInfo().username],
    ]);
    expect(exported.stdout).not.toContain(SECRET);
    expect(exported.stdout).not.toContain('tok-123');

    const again = await cli(['account', 'add', ...wechat, '--secret', 'x'], env);
    expect([again.code, again.stderr.trim()]).toEqual([
      1,
      'qianfa: 本单位已有名为“崇川发布”的微信公众号账号，请换一个名称。',
    ]);
    const missing = await cli(
      ['account', 'add', '--org', 'cc', '--platform', 'wechat', '--name', '新号'],
      env,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--appid');
  });

  it('disables and enables an account (停用 / 重新启用), audited as the admin page does', async () => {
    const env = {
      ...serveEnv(tempDataDir()),
      REDIS_URL: inject('redisUrl'),
      QIANFA_REDIS_PREFIX: `cli-${Date.now()}:`,
    };
    expect((await cli(['org', 'add', 'cc', '--name', '崇川区'], env)).code).toBe(0);
    const account = ['--org', 'cc', '--platform', 'wechat', '--name', '崇川发布'];
    expect(
      (await cli(['account', 'add', ...account, '--appid', WECHAT.appid, '--secret', 'x'], env)).code,
    ).toBe(0);
    const disabled = await cli(['account', 'disable', ...account], env);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(JSON.parse(disabled.stdout)).toMatchObject({
      name: '崇川发布',
      disabledAt: expect.any(String) as unknown,
    });
    const enabled = await cli(['account', 'enable', ...account], env);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(JSON.parse(enabled.stdout)).not.toHaveProperty('disabledAt');
    const unknown = await cli(
      ['account', 'disable', '--org', 'cc', '--platform', 'weibo', '--name', '无此号'],
      env,
    );
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('无此号') as unknown]);
    const exported = await cli(['audit', 'export', '--org', 'cc'], env);
    const actions = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; actor: string; details: Record<string, unknown> })
      .filter((entry) => entry.details['subject'] === 'account')
      .map((entry) => [entry.action, entry.actor, entry.details['name']]);
    expect(actions).toEqual([
      ['created', 'cli', '崇川发布'],
      ['account_disabled', 'cli', '崇川发布'],
      ['account_enabled', 'cli', '崇川发布'],
    ]);
  }, 180_000); // six CLI processes, each starting tsx: about 15 s apiece on a loaded 2-core machine
});
