import type { Express } from 'express';
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectRedis, pingRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { RedisPeopleStore } from '../../src/adapters/redis/redis-people-store.js';
import { createApp } from '../../src/http/create-app.js';
import { createPeopleService, type PeopleService } from '../../src/services/people-service.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';

interface ApiError {
  code: string;
  message: string;
  details?: string[];
}
type Issued = { id: string; token: string };

const bodyOf = <T>(res: request.Response): T => res.body as T;
const errorOf = (res: request.Response): ApiError => bodyOf<{ error: ApiError }>(res).error;

describe('admin HTTP API', () => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let people: PeopleService;
  let app: Express;
  let admin: string;
  const logged: Record<string, unknown>[] = [];

  beforeEach(async () => {
    redis = await connectRedis(inject('redisUrl'));
    keys = randomKeys();
    people = createPeopleService(new RedisPeopleStore(redis, keys));
    const logger = {
      error: (message: string, fields?: Record<string, unknown>) => logged.push({ message, ...fields }),
    };
    app = createApp({ people, ping: () => pingRedis(redis), logger });
    admin = `Bearer ${(await people.bootstrap())!.token}`;
  });

  afterEach(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  const post = (path: string, body: unknown, auth = admin) =>
    request(app)
      .post(path)
      .set('Authorization', auth)
      .send(body as object);

  async function addPerson(roles: string[], name = '张三', outsourced = false): Promise<string> {
    await post('/api/orgs', { slug: 'city', name: '市政府' });
    const res = await post('/api/orgs/city/people', { name, roles, outsourced });
    return `Bearer ${bodyOf<Issued>(res).token}`;
  }

  it('answers /healthz and /readyz while Redis is up', async () => {
    expect((await request(app).get('/healthz')).status).toBe(200);
    expect((await request(app).get('/readyz')).body).toEqual({ status: 'ready' });
  });

  it('answers /readyz with 503 when its Redis connection is gone', async () => {
    const gone = await connectRedis(inject('redisUrl'));
    gone.disconnect();
    const res = await request(createApp({ people, ping: () => pingRedis(gone) })).get('/readyz');
    expect(res.status).toBe(503);
    expect((await request(createApp({ people, ping: () => pingRedis(gone) })).get('/healthz')).status).toBe(
      200,
    );
  });

  it.each([
    ['no header', undefined],
    ['a wrong token', 'Bearer qf_wrong'],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
  ])('refuses %s with 401 and a Chinese message', async (_case, auth) => {
    const req = request(app).get('/api/orgs/default/people');
    const res = await (auth ? req.set('Authorization', auth) : req);
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe('unauthenticated');
    expect(errorOf(res).message).toContain('Authorization: Bearer');
  });

  it('refuses a non-admin with 403', async () => {
    const reviewer = await addPerson(['reviewer']);
    const res = await post('/api/orgs', { slug: 'other', name: '别处' }, reviewer);
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual({
      code: 'forbidden',
      message: '该操作需要“管理员”或“系统管理员”角色，您的账号没有这些角色。',
    });
  });

  it('creates an organisation, then answers 409 for the same slug', async () => {
    const created = await post('/api/orgs', { slug: 'city', name: '市政府' });
    expect([created.status, created.body]).toEqual([201, { slug: 'city', name: '市政府' }]);
    const again = await post('/api/orgs', { slug: 'city', name: '市政府' });
    expect([again.status, errorOf(again).code]).toEqual([409, 'org_exists']);
  });

  it('lists every invalid field with its path', async () => {
    const res = await post('/api/orgs', { slug: 3, extra: true });
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('invalid_request');
    expect(errorOf(res).details).toEqual([
      'body.slug: 须为字符串',
      'body.name: 须为字符串',
      'body: 出现未知的键(key): "extra"',
    ]);
  });

  it.each([
    ['an invalid slug', { slug: 'City_1', name: '市' }, 'invalid_slug'],
    ['an empty name', { slug: 'city', name: '  ' }, 'invalid_name'],
  ])('answers 400 for %s', async (_case, body, code) => {
    const res = await post('/api/orgs', body);
    expect([res.status, errorOf(res).code]).toEqual([400, code]);
  });

  it('answers 400 for invalid JSON and 413 for a body over 1 MB', async () => {
    const bad = await request(app)
      .post('/api/orgs')
      .set('Authorization', admin)
      .set('Content-Type', 'application/json')
      .send('{"slug":');
    expect([bad.status, errorOf(bad).code]).toEqual([400, 'invalid_json']);
    const big = await post('/api/orgs', { slug: 'city', name: 'x'.repeat(1024 * 1024) });
    expect([big.status, errorOf(big).code]).toEqual([413, 'body_too_large']);
  });

  it('adds a person with a working token', async () => {
    await post('/api/orgs', { slug: 'city', name: '市政府' });
    const res = await post('/api/orgs/city/people', { name: '王五', roles: ['admin', 'editor'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      org: 'city',
      name: '王五',
      roles: ['admin', 'editor'],
      outsourced: false,
    });
    const list = await request(app)
      .get('/api/orgs/city/people')
      .set('Authorization', `Bearer ${bodyOf<Issued>(res).token}`);
    expect(list.status).toBe(200);
    expect(bodyOf<{ people: unknown[] }>(list).people).toEqual([
      {
        id: bodyOf<Issued>(res).id,
        org: 'city',
        name: '王五',
        roles: ['admin', 'editor'],
        outsourced: false,
      },
    ]);
  });

  it.each([
    [
      'an outsourced reviewer',
      'city',
      { name: '外包', roles: ['drafter', 'reviewer'], outsourced: true },
      422,
      'outsourced_drafter_only',
    ],
    ['an unknown role', 'city', { name: '甲', roles: ['boss'] }, 400, 'unknown_role'],
    ['no roles', 'city', { name: '甲', roles: [] }, 400, 'invalid_request'],
    ['an unknown organisation', 'nowhere', { name: '甲', roles: ['drafter'] }, 404, 'org_not_found'],
  ])('refuses %s', async (_case, org, body, status, code) => {
    await post('/api/orgs', { slug: 'city', name: '市政府' });
    const res = await post(`/api/orgs/${org}/people`, body);
    expect([res.status, errorOf(res).code]).toEqual([status, code]);
  });

  it('answers 409 for a second person of the same name in the same organisation', async () => {
    await addPerson(['drafter']);
    const res = await post('/api/orgs/city/people', { name: '张三', roles: ['drafter'] });
    expect([res.status, errorOf(res).code]).toEqual([409, 'person_exists']);
  });

  it('issues a new token and revokes the old one', async () => {
    const old = await addPerson(['admin']);
    const res = await post(`/api/orgs/city/people/${encodeURIComponent('张三')}/token`, {});
    expect(res.status).toBe(201);
    expect((await request(app).get('/api/orgs/city/people').set('Authorization', old)).status).toBe(401);
    const fresh = await request(app)
      .get('/api/orgs/city/people')
      .set('Authorization', `Bearer ${bodyOf<Issued>(res).token}`);
    expect(fresh.status).toBe(200);
  });

  it('answers 404 for a token of an unknown person and for an unknown route', async () => {
    const res = await post('/api/orgs/default/people/nobody/token', {});
    expect([res.status, errorOf(res).code]).toEqual([404, 'person_not_found']);
    const route = await request(app).get('/api/nothing').set('Authorization', admin);
    expect([route.status, errorOf(route).code]).toEqual([404, 'not_found']);
  });

  it('answers an unexpected failure with 500 and an error id that is also logged', async () => {
    const failing = { ...people, listPeople: () => Promise.reject(new Error('disk on fire')) };
    const res = await request(
      createApp({
        people: failing,
        ping: () => pingRedis(redis),
        logger: { error: (m, f) => logged.push({ m, ...f }) },
      }),
    )
      .get('/api/orgs/default/people')
      .set('Authorization', admin);
    expect(res.status).toBe(500);
    const id = /错误编号 ([0-9a-f-]{36})/.exec(errorOf(res).message)?.[1];
    expect(logged.at(-1)).toMatchObject({ errorId: id });
    expect(String(logged.at(-1)?.error)).toContain('disk on fire');
  });

  it('answers 503 when Redis is unreachable during a request', async () => {
    const gone = await connectRedis(inject('redisUrl'));
    const service = createPeopleService(new RedisPeopleStore(gone, keys));
    gone.disconnect();
    const res = await request(createApp({ people: service, ping: () => pingRedis(gone) }))
      .get('/api/orgs/default/people')
      .set('Authorization', admin);
    expect([res.status, errorOf(res).code]).toEqual([503, 'storage_unavailable']);
  });
});
