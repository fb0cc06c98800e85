import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import {
  createAccountServiceOn,
  createAuditLogOn,
  createGatewayCredentialServiceOn,
  createPeopleServiceOn,
} from '../../src/composition.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import type { GatewayCredential } from '../../src/domain/gateway/gateway-credential.js';
import { errorMessageFor } from '../../src/messages/error-messages.js';
import type { GatewayGrant } from '../../src/services/gateway-credential-service.js';
import { EXPIRED_TOKEN_MEMORY_SECONDS } from '../../src/services/gateway/credential-auth.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { runQianfa } from '../helpers/run-qianfa.js';

const DAY_MS = 86_400_000;
const TOKEN_TTL = loadConfig({}).gateway.tokenTtlSeconds;
const REAL_SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const REAL_WEIBO_TOKEN = '2.00RealWeiboTokenOfTheAccount01';

/** Every key and value under the prefix, as one string, to look for plain secrets in. */
async function dumpKeys(redis: RedisClient, keys: RedisKeys): Promise<string> {
  const names = await redis.keys(keys.all());
  const parts: string[] = [];
  for (const name of names) {
    const type = await redis.type(name);
    const value =
      type === 'string'
        ? await redis.get(name)
        : type === 'hash'
          ? await redis.hgetall(name)
          : type === 'zset'
            ? await redis.zrange(name, 0, -1)
            : type === 'set'
              ? await redis.smembers(name)
              : await redis.lrange(name, 0, -1);
    parts.push(name, JSON.stringify(value));
  }
  return parts.join('\n');
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('gateway credentials (service)', () => {
  let t: ReviewApp;
  let drafter: Auth;
  let editor: Auth;
  const grant = (input: Partial<GatewayGrant> = {}) =>
    t.gatewayCredentials.grant({
      org: 'cc',
      target: 'wechat:崇川发布',
      person: '外包甲',
      days: 90,
      grantedBy: 'cli',
      ...input,
    });
  async function granted(input: Partial<GatewayGrant> = {}) {
    const result = await grant(input);
    if (!result.ok) throw new Error(`grant: ${result.error.code}`);
    return result.value;
  }

  beforeEach(async () => {
    t = await startReviewApp();
    drafter = await t.person('外包甲', ['drafter'], { outsourced: true });
    editor = await t.person('王五', ['editor']);
    const wechat = { org: 'cc', platform: 'wechat' as const, name: '崇川发布', appid: 'wx0123456789abcdef' };
    expect((await t.accounts.add({ ...wechat, secret: REAL_SECRET })).ok).toBe(true);
    const weibo = {
      org: 'cc',
      platform: 'weibo' as const,
      name: '崇川微博',
      token: REAL_WEIBO_TOKEN,
      link: 'https://www.chongchuan.gov.cn/',
    };
    expect((await t.accounts.add(weibo)).ok).toBe(true);
  });
  afterEach(() => t.close());

  it('grants a WeChat credential shaped like an AppID and AppSecret, exchanged for long tokens', async () => {
    const { credential, secret } = await granted();
    expect(credential.appid).toMatch(/^qf[0-9a-f]{16}$/);
    expect(secret).toMatch(/^[0-9a-f]{32}$/);
    expect(credential).toMatchObject({
      org: 'cc',
      target: 'wechat:崇川发布',
      person: drafter.id,
      grantedBy: 'cli',
    });
    expect(credential.revokedAt).toBeUndefined();
    expect(Date.parse(credential.expiresAt) - Date.parse(credential.createdAt)).toBe(90 * DAY_MS);

    const first = await t.gatewayCredentials.exchange(credential.appid, secret);
    const second = await t.gatewayCredentials.exchange(credential.appid, secret);
    if (!first.ok || !second.ok) throw new Error('exchange refused');
    expect(first.value.token).toMatch(/^[A-Za-z0-9_-]{64,}$/);
    expect(first.value.token).not.toBe(second.value.token);
    expect(first.value.expiresInSeconds).toBe(TOKEN_TTL);
    expect(first.value.person).toMatchObject({ id: drafter.id, name: '外包甲' });
    for (const token of [first.value.token, second.value.token]) {
      const authenticated = await t.gatewayCredentials.authenticate(token, 'wechat');
      expect(
        authenticated.ok && [authenticated.value.credential.appid, authenticated.value.person.id],
      ).toEqual([credential.appid, drafter.id]);
    }
    expect(await t.redis.ttl(t.keys.gatewayToken(sha256(first.value.token)))).toBeGreaterThan(TOKEN_TTL - 5);
  });

  it('grants a Weibo credential whose secret is the access token, usable at once and until it expires', async () => {
    const { credential, secret } = await granted({ target: 'weibo:崇川微博', days: 30 });
    expect(secret).toMatch(/^2\.00[0-9a-f]{32}$/);
    const authenticated = await t.gatewayCredentials.authenticate(secret, 'weibo');
    expect(authenticated.ok && authenticated.value.person.name).toBe('外包甲');
    const ttl = await t.redis.ttl(t.keys.gatewayToken(sha256(secret)));
    expect(ttl).toBeGreaterThan(30 * 86_400 - 5);
    expect(ttl).toBeLessThanOrEqual(30 * 86_400);

    const exchanged = await t.gatewayCredentials.exchange(credential.appid, secret);
    expect(!exchanged.ok && exchanged.error.code).toBe('wrong_platform');
    const onWechat = await t.gatewayCredentials.authenticate(secret, 'wechat');
    expect(!onWechat.ok && onWechat.error.code).toBe('wrong_platform');
  });

  it('refuses every malformed or impossible grant with its own code and a Chinese message', async () => {
    await t.person('管理员', ['admin']);
    const cases: [Partial<GatewayGrant>, string][] = [
      [{ target: '崇川发布' }, 'invalid_target'],
      [{ target: 'qq:崇川发布' }, 'invalid_target'],
      [{ days: 0 }, 'invalid_days'],
      [{ days: 367 }, 'invalid_days'],
      [{ days: 1.5 }, 'invalid_days'],
      [{ org: 'nowhere' }, 'org_not_found'],
      [{ target: 'wechat:没有这个号' }, 'account_not_found'],
      [{ target: 'weibo:崇川发布' }, 'account_not_found'],
      [{ person: '无此人' }, 'person_not_found'],
      [{ person: '王五' }, 'person_cannot_draft'],
      [{ person: '管理员' }, 'person_cannot_draft'],
    ];
    for (const [input, code] of cases) {
      const result = await grant(input);
      expect(!result.ok && result.error.code, JSON.stringify(input)).toBe(code);
      if (!result.ok) expect(errorMessageFor(result.error)).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await grant({ days: 366 })).toMatchObject({ ok: true });
    expect(await grant({ days: 1 })).toMatchObject({ ok: true });
    // 停用: no new way in to an account nothing is published to; enabled again, it is granted.
    expect((await t.accounts.setDisabled('cc', 'wechat', '崇川发布', true)).ok).toBe(true);
    const disabled = await grant();
    expect(!disabled.ok && disabled.error.code).toBe('account_disabled');
    expect(!disabled.ok && errorMessageFor(disabled.error)).toContain('已停用');
    expect((await t.accounts.setDisabled('cc', 'wechat', '崇川发布', false)).ok).toBe(true);
    expect(await grant()).toMatchObject({ ok: true });
    const refused = await grant({ person: '王五' });
    expect(!refused.ok && errorMessageFor(refused.error)).toContain('拟稿人');
  });

  it('refuses an exchange for an unknown appid, a wrong secret, a revoked or expired credential, a gone person', async () => {
    const { credential, secret } = await granted({ days: 1 });
    const exchange = async (appid: string, given: string) => {
      const result = await t.gatewayCredentials.exchange(appid, given);
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await exchange('qf0000000000000000', secret)).toBe('unknown_appid');
    expect(await exchange(credential.appid, '0'.repeat(32))).toBe('wrong_secret');
    expect(await exchange(credential.appid, '')).toBe('wrong_secret');
    expect(await exchange(credential.appid, secret)).toBe('ok');

    t.advanceClock(DAY_MS);
    expect(await exchange(credential.appid, secret)).toBe('credential_expired');

    const other = await granted();
    expect((await t.gatewayCredentials.revoke('cc', other.credential.appid, editor.id)).ok).toBe(true);
    expect(await exchange(other.credential.appid, other.secret)).toBe('credential_revoked');

    const third = await granted();
    await t.redis.del(t.keys.person('cc', drafter.id));
    expect(await exchange(third.credential.appid, third.secret)).toBe('person_gone');
  });

  it('refuses a missing, unknown, expired or misplaced token', async () => {
    const { credential, secret } = await granted();
    const exchanged = await t.gatewayCredentials.exchange(credential.appid, secret);
    if (!exchanged.ok) throw new Error('exchange refused');
    const { token } = exchanged.value;
    const authenticate = async (given: string | undefined, platform: 'wechat' | 'weibo' = 'wechat') => {
      const result = await t.gatewayCredentials.authenticate(given, platform);
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await authenticate(undefined)).toBe('missing_token');
    expect(await authenticate('')).toBe('missing_token');
    expect(await authenticate('not-a-token')).toBe('unknown_token');
    expect(await authenticate(secret)).toBe('unknown_token');
    expect(await authenticate(token, 'weibo')).toBe('wrong_platform');
    expect(await authenticate(token)).toBe('ok');

    t.advanceClock(TOKEN_TTL * 1000 - 1000);
    expect(await authenticate(token)).toBe('ok');
    t.advanceClock(1000);
    // Past its lifetime it is recognised as expired (WeChat's 42001), not unknown (40001).
    expect(await authenticate(token)).toBe('token_expired');
    const fresh = await t.gatewayCredentials.exchange(credential.appid, secret);
    expect(fresh.ok && (await authenticate(fresh.value.token))).toBe('ok');

    await t.redis.del(t.keys.person('cc', drafter.id));
    expect(fresh.ok && (await authenticate(fresh.value.token))).toBe('person_gone');
  });

  it('gives tokens no longer than the credential has left, and refuses a Weibo token once it expired', async () => {
    const wechat = await granted({ days: 1 });
    const weibo = await granted({ target: 'weibo:崇川微博', days: 1 });
    t.advanceClock(DAY_MS - 3_600_000);
    const exchanged = await t.gatewayCredentials.exchange(wechat.credential.appid, wechat.secret);
    if (!exchanged.ok) throw new Error('exchange refused');
    expect(exchanged.value.expiresInSeconds).toBeLessThanOrEqual(3600);
    expect(exchanged.value.expiresInSeconds).toBeGreaterThan(3590);
    expect(await t.redis.ttl(t.keys.gatewayToken(sha256(exchanged.value.token)))).toBeLessThanOrEqual(
      3600 + EXPIRED_TOKEN_MEMORY_SECONDS,
    );

    t.advanceClock(3_600_000);
    const expired = await t.gatewayCredentials.authenticate(weibo.secret, 'weibo');
    expect(!expired.ok && expired.error.code).toBe('credential_expired');
    const late = await t.gatewayCredentials.authenticate(exchanged.value.token, 'wechat');
    expect(!late.ok && late.error.code).toBe('credential_expired');
  });

  it('revokes at once: every token of the credential stops working, others keep working', async () => {
    const { credential, secret } = await granted();
    const kept = await granted();
    const tokens: string[] = [];
    for (const source of [
      { appid: credential.appid, secret },
      { appid: kept.credential.appid, secret: kept.secret },
    ]) {
      const exchanged = await t.gatewayCredentials.exchange(source.appid, source.secret);
      if (!exchanged.ok) throw new Error('exchange refused');
      tokens.push(exchanged.value.token);
    }
    const weibo = await granted({ target: 'weibo:崇川微博' });

    const revoked = await t.gatewayCredentials.revoke('cc', credential.appid, editor.id);
    if (!revoked.ok) throw new Error('revoke refused');
    expect(revoked.value.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const refused = await t.gatewayCredentials.authenticate(tokens[0], 'wechat');
    expect(!refused.ok && refused.error.code).toBe('credential_revoked');
    expect((await t.gatewayCredentials.authenticate(tokens[1], 'wechat')).ok).toBe(true);

    await t.gatewayCredentials.revoke('cc', weibo.credential.appid, editor.id);
    const weiboRefused = await t.gatewayCredentials.authenticate(weibo.secret, 'weibo');
    expect(!weiboRefused.ok && weiboRefused.error.code).toBe('credential_revoked');

    const again = await t.gatewayCredentials.revoke('cc', credential.appid, editor.id);
    expect(again.ok && again.value.revokedAt).toBe(revoked.value.revokedAt);
    const revocations = (await t.audit.all('cc')).filter((e) => e.action === 'credential_revoked');
    expect(revocations).toHaveLength(2);

    for (const [org, appid] of [
      ['other', kept.credential.appid],
      ['cc', 'qf0000000000000000'],
    ] as const) {
      const missing = await t.gatewayCredentials.revoke(org, appid, editor.id);
      expect(!missing.ok && missing.error.code).toBe('credential_not_found');
    }
    expect((await t.gatewayCredentials.authenticate(tokens[1], 'wechat')).ok).toBe(true);
  });

  it('lists an organisation’s credentials without secrets, and refuses an unknown organisation', async () => {
    const a = await granted();
    const b = await granted({ target: 'weibo:崇川微博' });
    const listed = await t.gatewayCredentials.list('cc');
    expect(listed.ok && listed.value.map((c) => c.appid)).toEqual([a.credential.appid, b.credential.appid]);
    expect(JSON.stringify(listed)).not.toContain(a.secret);
    expect(JSON.stringify(listed)).not.toContain(b.secret);
    const nowhere = await t.gatewayCredentials.list('nowhere');
    expect(!nowhere.ok && nowhere.error.code).toBe('org_not_found');
  });

  it('audits grants and revocations in the org’s chain, naming the actor but never the secret', async () => {
    const wechat = await granted({ grantedBy: editor.id });
    const weibo = await granted({ target: 'weibo:崇川微博' });
    const exchanged = await t.gatewayCredentials.exchange(wechat.credential.appid, wechat.secret);
    await t.gatewayCredentials.revoke('cc', wechat.credential.appid, editor.id);
    const trail = await t.audit.all('cc');
    const gateway = trail.filter((e: AuditEntry) => e.action.startsWith('credential_'));
    expect(gateway.map((e) => [e.action, e.actor, e.draft])).toEqual([
      ['credential_granted', editor.id, ''],
      ['credential_granted', 'cli', ''],
      ['credential_revoked', editor.id, ''],
    ]);
    expect(gateway[0]?.details).toEqual({
      appid: wechat.credential.appid,
      target: 'wechat:崇川发布',
      person: drafter.id,
      name: '外包甲',
      expiresAt: wechat.credential.expiresAt,
    });
    expect(gateway[2]?.details).toMatchObject({ appid: wechat.credential.appid });
    const text = JSON.stringify(trail);
    for (const secret of [wechat.secret, weibo.secret, exchanged.ok ? exchanged.value.token : 'x']) {
      expect(text).not.toContain(secret);
    }
    expect((await t.verifyAudit()).ok).toBe(true);
  });

  it('stores secrets and tokens only as SHA-256 hashes', async () => {
    const wechat = await granted();
    const weibo = await granted({ target: 'weibo:崇川微博' });
    const exchanged = await t.gatewayCredentials.exchange(wechat.credential.appid, wechat.secret);
    if (!exchanged.ok) throw new Error('exchange refused');
    const everything = await dumpKeys(t.redis, t.keys);
    for (const plain of [wechat.secret, weibo.secret, exchanged.value.token]) {
      expect(everything).not.toContain(plain);
      expect(everything).toContain(sha256(plain));
    }
    expect(everything).toContain(wechat.credential.appid);
  });
});

describe('gateway credentials over HTTP', () => {
  let t: ReviewApp;
  let admin: Auth;
  const path = '/api/orgs/cc/gateway-credentials';

  beforeEach(async () => {
    t = await startReviewApp();
    admin = await t.person('管理员', ['admin']);
    await t.person('外包甲', ['drafter'], { outsourced: true });
    await t.person('王五', ['editor']);
    const wechat = { org: 'cc', platform: 'wechat' as const, name: '崇川发布', appid: 'wx0123456789abcdef' };
    expect((await t.accounts.add({ ...wechat, secret: REAL_SECRET })).ok).toBe(true);
    expect(
      (
        await t.accounts.add({
          org: 'cc',
          platform: 'weibo',
          name: '崇川微博',
          token: 'tok',
          link: 'https://www.chongchuan.gov.cn/',
        })
      ).ok,
    ).toBe(true);
  });
  afterEach(() => t.close());

  const errorOf = (res: request.Response) => (res.body as { error: { code: string; message: string } }).error;

  it('grants (201, the secret once), lists (200, no secrets) and revokes (200)', async () => {
    const wechat = await as(t.app, admin).post(path, { account: 'wechat:崇川发布', person: '外包甲' });
    expect(wechat.status).toBe(201);
    const body = wechat.body as GatewayCredential & { secret: string };
    expect(body).toMatchObject({ org: 'cc', target: 'wechat:崇川发布', grantedBy: admin.id });
    expect(body.secret).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(90 * DAY_MS);
    const exchanged = await t.gatewayCredentials.exchange(body.appid, body.secret);
    expect(exchanged.ok).toBe(true);

    const weibo = await as(t.app, admin).post(path, { account: 'weibo:崇川微博', person: '外包甲', days: 7 });
    expect(weibo.status).toBe(201);
    const weiboBody = weibo.body as GatewayCredential & { access_token: string; secret?: string };
    expect(weiboBody.access_token).toMatch(/^2\.00/);
    expect(weiboBody.secret).toBeUndefined();

    const listed = await as(t.app, admin).get(path);
    expect(listed.status).toBe(200);
    const credentials = (listed.body as { credentials: GatewayCredential[] }).credentials;
    expect(credentials.map((c) => c.appid)).toEqual([body.appid, weiboBody.appid]);
    expect(JSON.stringify(listed.body)).not.toContain(body.secret);
    expect(JSON.stringify(listed.body)).not.toContain(weiboBody.access_token);

    const revoked = await request(t.app).delete(`${path}/${body.appid}`).set('Authorization', admin.header);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ appid: body.appid, revokedAt: expect.any(String) as string });
    expect(JSON.stringify(revoked.body)).not.toContain(body.secret);
    const trail = await t.audit.all('cc');
    expect(trail.filter((e) => e.action.startsWith('credential_')).map((e) => [e.action, e.actor])).toEqual([
      ['credential_granted', admin.id],
      ['credential_granted', admin.id],
      ['credential_revoked', admin.id],
    ]);
    expect(JSON.stringify(trail)).not.toContain(body.secret);
  });

  it('answers 400, 404 and 422 with Chinese messages', async () => {
    const post = (body: object, at = path) => as(t.app, admin).post(at, body);
    const cases: [object, number, string, string?][] = [
      [{ person: '外包甲' }, 400, 'invalid_request'],
      [{ account: 'wechat:崇川发布', person: '外包甲', days: '90' }, 400, 'invalid_request'],
      [{ account: 'wechat:崇川发布', person: '外包甲', extra: 1 }, 400, 'invalid_request'],
      [{ account: '崇川发布', person: '外包甲' }, 400, 'invalid_target', '格式不对'],
      [{ account: 'wechat:崇川发布', person: '外包甲', days: 400 }, 400, 'invalid_days', '1–366'],
      [{ account: 'wechat:没有', person: '外包甲' }, 404, 'account_not_found', '没有名为“没有”'],
      [{ account: 'wechat:崇川发布', person: '无此人' }, 404, 'person_not_found', '无此人'],
      [{ account: 'wechat:崇川发布', person: '王五' }, 422, 'person_cannot_draft', '拟稿人'],
    ];
    for (const [body, status, code, text] of cases) {
      const res = await post(body);
      expect([res.status, errorOf(res).code], JSON.stringify(body)).toEqual([status, code]);
      expect(errorOf(res).message).toContain(text ?? '');
    }
    const nowhere = await post(
      { account: 'wechat:崇川发布', person: '外包甲' },
      '/api/orgs/nowhere/gateway-credentials',
    );
    expect([nowhere.status, errorOf(nowhere).code]).toEqual([403, 'forbidden']);
    expect((await as(t.app, admin).get('/api/orgs/nowhere/gateway-credentials')).status).toBe(403);
    const unknown = await request(t.app)
      .delete(`${path}/qf0000000000000000`)
      .set('Authorization', admin.header);
    expect([unknown.status, errorOf(unknown).code]).toEqual([404, 'credential_not_found']);
    expect(errorOf(unknown).message).toContain('qf0000000000000000');
  });

  it('lets only administrators manage credentials (403, audited)', async () => {
    const drafter = await t.person('拟稿乙', ['drafter']);
    const granted = await as(t.app, drafter).post(path, { account: 'wechat:崇川发布', person: '拟稿乙' });
    expect(granted.status).toBe(403);
    expect((await as(t.app, drafter).get(path)).status).toBe(403);
    const revoked = await request(t.app)
      .delete(`${path}/qf0000000000000000`)
      .set('Authorization', drafter.header);
    expect(revoked.status).toBe(403);
    expect((await request(t.app).get(path)).status).toBe(401);
    const refused = (await t.audit.all('cc')).filter((e) => e.action === 'refused');
    expect(refused).toHaveLength(3);
    expect(await t.gatewayCredentials.list('cc')).toEqual({ ok: true, value: [] });
  });
});

describe('qianfa gateway', () => {
  let keys: RedisKeys;
  let redis: RedisClient;

  const qianfa = (args: string[]) => runQianfa(['gateway', ...args], keys.prefix);

  const service = () =>
    createGatewayCredentialServiceOn(redis, { redisPrefix: keys.prefix, gateway: loadConfig({}).gateway });

  beforeAll(async () => {
    keys = randomKeys();
    redis = await connectRedis(inject('redisUrl'));
    const people = createPeopleServiceOn(redis, { redisPrefix: keys.prefix });
    await people.addOrg({ slug: 'cc', name: '崇川区' });
    await people.addPerson({ org: 'cc', name: '外包甲', roles: ['drafter'], outsourced: true });
    await people.addPerson({ org: 'cc', name: '王五', roles: ['editor'] });
    const accounts = createAccountServiceOn(redis, { redisPrefix: keys.prefix }, randomBytes(32));
    const wechat = { org: 'cc', platform: 'wechat' as const, name: '崇川发布', appid: 'wx0123456789abcdef' };
    await accounts.add({ ...wechat, secret: REAL_SECRET });
    await accounts.add({
      org: 'cc',
      platform: 'weibo',
      name: '崇川微博',
      token: 'tok',
      link: 'https://www.chongchuan.gov.cn/',
    });
  });

  afterAll(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  it('grants (printing the secret once), lists without secrets, and revokes', async () => {
    const [wechat, weibo] = await Promise.all([
      qianfa(['grant', '--org', 'cc', '--account', 'wechat:崇川发布', '--person', '外包甲']),
      qianfa(['grant', '--org', 'cc', '--account', 'weibo:崇川微博', '--person', '外包甲', '--days', '30']),
    ]);
    expect(wechat.code, wechat.stderr).toBe(0);
    expect(wechat.stdout.trimEnd().split('\n')).toHaveLength(1);
    const line = JSON.parse(wechat.stdout) as Record<string, string>;
    expect(Object.keys(line)).toEqual(['appid', 'secret', 'target', 'person', 'expiresAt']);
    expect(line).toMatchObject({ target: 'wechat:崇川发布' });
    expect(wechat.stderr).toContain('只显示这一次');
    expect(wechat.stderr).not.toContain(line.secret!);
    const exchanged = await service().exchange(line.appid!, line.secret!);
    expect(exchanged.ok && exchanged.value.person.name).toBe('外包甲');

    expect(weibo.code, weibo.stderr).toBe(0);
    const weiboLine = JSON.parse(weibo.stdout) as Record<string, string>;
    expect(Object.keys(weiboLine)).toEqual(['appid', 'access_token', 'target', 'person', 'expiresAt']);
    expect((await service().authenticate(weiboLine.access_token, 'weibo')).ok).toBe(true);

    const listed = await qianfa(['list', '--org', 'cc']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout
      .trimEnd()
      .split('\n')
      .map((text) => JSON.parse(text) as GatewayCredential);
    expect(lines.map((c) => c.appid).sort()).toEqual([line.appid, weiboLine.appid].sort());
    expect(listed.stdout).not.toContain(line.secret);
    expect(listed.stdout).not.toContain(weiboLine.access_token);

    const revoked = await qianfa(['revoke', '--org', 'cc', '--appid', line.appid!]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({
      appid: line.appid,
      revokedAt: expect.any(String) as string,
    });
    const refused = exchanged.ok ? await service().authenticate(exchanged.value.token, 'wechat') : undefined;
    expect(refused && !refused.ok && refused.error.code).toBe('credential_revoked');
    const trail = await createAuditLogOn(redis, { redisPrefix: keys.prefix }).all('cc');
    const gateway = trail.filter((e) => e.action.startsWith('credential_'));
    expect(gateway.map((e) => [e.action, e.actor])).toEqual([
      ['credential_granted', 'cli'],
      ['credential_granted', 'cli'],
      ['credential_revoked', 'cli'],
    ]);
    for (const secret of [line.secret!, weiboLine.access_token!])
      expect(JSON.stringify(trail)).not.toContain(secret);
  });

  it.concurrent.each([
    ['a missing --org', ['grant', '--account', 'wechat:崇川发布', '--person', '外包甲'], 2, '缺少 --org'],
    [
      'a bad --days',
      ['grant', '--org', 'cc', '--account', 'wechat:崇川发布', '--person', '外包甲', '--days', 'x'],
      2,
      '--days 须为',
    ],
    [
      'too many days',
      ['grant', '--org', 'cc', '--account', 'wechat:崇川发布', '--person', '外包甲', '--days', '400'],
      2,
      '1–366',
    ],
    [
      'a malformed account',
      ['grant', '--org', 'cc', '--account', '崇川发布', '--person', '外包甲'],
      2,
      '格式不对',
    ],
    [
      'an unknown account',
      ['grant', '--org', 'cc', '--account', 'weibo:没有', '--person', '外包甲'],
      1,
      '没有名为“没有”',
    ],
    [
      'a person who cannot draft',
      ['grant', '--org', 'cc', '--account', 'wechat:崇川发布', '--person', '王五'],
      1,
      '拟稿人',
    ],
    ['an unknown organisation', ['list', '--org', 'nowhere'], 1, '单位“nowhere”不存在'],
    ['an unknown appid', ['revoke', '--org', 'cc', '--appid', 'qf0000000000000000'], 1, 'qf0000000000000000'],
    ['an option of another subcommand', ['list', '--org', 'cc', '--appid', 'x'], 2, '不接受 --appid'],
    ['an unknown subcommand', ['remove', '--org', 'cc'], 2, '未知子命令“remove”'],
  ])('refuses %s with one stderr line', async (_case, args, code, text) => {
    const result = await qianfa(args);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(text);
  });
});
