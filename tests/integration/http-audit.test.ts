import type { Express } from 'express';
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.js';
import { connectRedis, pingRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { RedisPeopleStore } from '../../src/adapters/redis/redis-people-store.js';
import { verifyChain } from '../../src/domain/audit/audit-chain.js';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import { hashedPart } from '../../src/domain/audit/audit-names.js';
import { createApp } from '../../src/http/create-app.js';
import { createPeopleService } from '../../src/services/people-service.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';

interface AuditPageBody {
  org: string;
  offset: number;
  limit: number;
  total: number;
  entries: AuditEntry[];
}

describe('GET /api/audit and audited admin actions', () => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let audit: RedisAuditLog;
  let app: Express;
  let admin: string;
  let adminId: string;

  beforeEach(async () => {
    redis = await connectRedis(inject('redisUrl'));
    keys = randomKeys();
    const people = createPeopleService(new RedisPeopleStore(redis, keys));
    audit = new RedisAuditLog(redis, keys);
    app = createApp({ people, audit, ping: () => pingRedis(redis) });
    const issued = (await people.bootstrap())!;
    admin = `Bearer ${issued.token}`;
    adminId = issued.person.id;
  });

  afterEach(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  const post = (path: string, body: object, auth = admin) =>
    request(app).post(path).set('Authorization', auth).send(body);
  const getAudit = (query: string, auth = admin) =>
    request(app).get(`/api/audit?${query}`).set('Authorization', auth);

  it('shows the admin the creation of an org, its person and a new token, in order', async () => {
    await post('/api/orgs', { slug: 'city', name: '市政府' });
    const person = await post('/api/orgs/city/people', { name: '张三', roles: ['reviewer'] });
    await post(`/api/orgs/city/people/${encodeURIComponent('张三')}/token`, {});
    const res = await getAudit('org=city');
    expect(res.status).toBe(200);
    const page = res.body as AuditPageBody;
    expect([page.org, page.offset, page.limit, page.total]).toEqual(['city', 0, 50, 3]);
    const personId = (person.body as { id: string }).id;
    expect(page.entries.map(({ seq, action, actor, details }) => ({ seq, action, actor, details }))).toEqual([
      {
        seq: 0,
        action: 'created',
        actor: adminId,
        details: { subject: 'org', slug: 'city', name: '市政府' },
      },
      {
        seq: 1,
        action: 'created',
        actor: adminId,
        details: {
          subject: 'person',
          person: personId,
          name: '张三',
          roles: ['reviewer'],
          outsourced: false,
        },
      },
      {
        seq: 2,
        action: 'created',
        actor: adminId,
        details: { subject: 'token', person: personId, name: '张三', roles: ['reviewer'], outsourced: false },
      },
    ]);
    // The bootstrap admin is named beside its id; the names are outside the hashed entry.
    expect(page.entries.map((entry) => (entry as { names?: unknown }).names)).toEqual(
      Array(3).fill({ actor: 'admin' }),
    );
    expect(verifyChain(page.entries.map(hashedPart))).toMatchObject({ ok: true, count: 3 });
  });

  it('does not audit a change the service refused', async () => {
    await post('/api/orgs', { slug: 'city', name: '市政府' });
    expect((await post('/api/orgs', { slug: 'city', name: '市政府' })).status).toBe(409);
    expect((await getAudit('org=city').then((res) => res.body as AuditPageBody)).total).toBe(1);
  });

  it('refuses a non-admin with 403 and records that refusal with its reason', async () => {
    await post('/api/orgs', { slug: 'city', name: '市政府' });
    const reviewer = await post('/api/orgs/city/people', { name: '张三', roles: ['reviewer'] });
    const { id, token } = reviewer.body as { id: string; token: string };
    const refused = await getAudit('org=city', `Bearer ${token}`);
    expect(refused.status).toBe(403);
    const page = (await getAudit('org=city&offset=2')).body as AuditPageBody;
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({
      seq: 2,
      action: 'refused',
      org: 'city',
      actor: id,
      details: {
        code: 'forbidden',
        reason: '该操作需要“管理员”或“系统管理员”角色，您的账号没有这些角色。',
        method: 'GET',
        path: '/api/audit?org=city',
      },
    });
  });

  it('pages with offset and limit', async () => {
    for (const slug of ['a1', 'a2']) await post('/api/orgs', { slug, name: slug });
    await post('/api/orgs/a1/people', { name: '甲', roles: ['drafter'] });
    await post('/api/orgs/a1/people', { name: '乙', roles: ['drafter'] });
    const page = (await getAudit('org=a1&offset=1&limit=1')).body as AuditPageBody;
    expect([page.total, page.limit, page.entries.map((entry) => entry.seq)]).toEqual([3, 1, [1]]);
  });

  it('verifies the whole chain on request, and says where it is broken', async () => {
    await post('/api/orgs', { slug: 'a1', name: 'a1' });
    for (const name of ['甲', '乙', '丙']) await post('/api/orgs/a1/people', { name, roles: ['drafter'] });
    const verify = () => request(app).get('/api/audit/verify?org=a1').set('Authorization', admin);
    expect((await verify()).body).toMatchObject({ org: 'a1', ok: true, count: 4 });
    const second = (await redis.lindex(keys.auditLog('a1'), 2))!;
    await redis.lset(keys.auditLog('a1'), 2, second.replace('乙', '丁'));
    expect((await verify()).body).toEqual({ org: 'a1', ok: false, index: 2, seq: 2, reason: 'changed' });
  });

  it.each([
    ['no org', '', ['query.org: 须给出单位标识']],
    ['a limit over 500', 'org=city&limit=501', ['query.limit: 不能大于 500']],
    ['a zero limit', 'org=city&limit=0', ['query.limit: 不能小于 1']],
    ['a negative offset', 'org=city&offset=-1', ['query.offset: 须为非负整数']],
    ['an unknown parameter', 'org=city&page=2', ['query: 出现未知的键(key): "page"']],
  ])('answers 400 with field paths for %s', async (_case, query, details) => {
    const res = await getAudit(query);
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string; details: string[] } }).error).toMatchObject({
      code: 'invalid_request',
      details,
    });
  });
});
