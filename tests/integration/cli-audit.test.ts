import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { verifyChain } from '../../src/domain/audit/audit-chain.js';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import { hashedPart } from '../../src/domain/audit/audit-names.js';
import { RedisPeopleStore } from '../../src/adapters/redis/redis-people-store.js';
import { createPeopleService } from '../../src/services/people-service.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { runQianfa } from '../helpers/run-qianfa.js';

describe('qianfa audit', () => {
  let keys: RedisKeys;
  let redis: RedisClient;
  let log: RedisAuditLog;

  beforeEach(async () => {
    keys = randomKeys();
    redis = await connectRedis(inject('redisUrl'));
    log = new RedisAuditLog(redis, keys);
    for (let n = 0; n < 4; n++) {
      await log.append({
        action: 'approved',
        org: 'city',
        draft: 'd1',
        actor: `p${n}`,
        at: '2026-01-01T00:00:00.000Z',
        version: 1,
        details: { n },
      });
    }
  });

  afterEach(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  const qianfa = (args: string[]) => runQianfa(args, keys.prefix);

  it('verifies an intact chain with exit 0', async () => {
    const result = await qianfa(['audit', 'verify', '--org', 'city']);
    expect(result).toEqual({ code: 0, stdout: '审计链完整：4 条\n', stderr: '' });
  });

  it('verifies an empty chain', async () => {
    expect((await qianfa(['audit', 'verify', '--org', 'nobody'])).stdout).toBe('审计链完整：0 条\n');
  });

  it('exits 1 and names the changed entry after tampering', async () => {
    const stored = (await redis.lindex(keys.auditLog('city'), 1))!;
    await redis.lset(keys.auditLog('city'), 1, stored.replace('"actor":"p1"', '"actor":"p7"'));
    const result = await qianfa(['audit', 'verify', '--org', 'city']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'qianfa: 单位 city 的审计链损坏：第 1 号条目（列表第 2 条）内容已被改动\n',
    });
  });

  it.each([
    [
      'a deleted entry',
      async () => redis.lrem(keys.auditLog('city'), 1, (await redis.lindex(keys.auditLog('city'), 1))!),
      '第 2 号条目（列表第 2 条）之前的条目已被删除',
    ],
    [
      'two swapped entries',
      async () => {
        const [a, b] = await redis.lrange(keys.auditLog('city'), 1, 2);
        await redis.lset(keys.auditLog('city'), 1, b!);
        await redis.lset(keys.auditLog('city'), 2, a!);
      },
      '第 2 号条目（列表第 2 条）顺序已被调换',
    ],
  ])('exits 1 and names the first bad entry after %s', async (_case, tamper, text) => {
    await tamper();
    const result = await qianfa(['audit', 'verify', '--org', 'city']);
    expect([result.code, result.stderr]).toEqual([1, `qianfa: 单位 city 的审计链损坏：${text}\n`]);
  });

  it('exits 1 on an entry that is no longer JSON', async () => {
    await redis.lset(keys.auditLog('city'), 2, '{broken');
    const result = await qianfa(['audit', 'verify', '--org', 'city']);
    expect([result.code, result.stderr]).toEqual([
      1,
      'qianfa: 审计链损坏：列表第 3 条不是有效的 JSON，内容已被改动\n',
    ]);
  });

  it('exports every entry as one JSON line, oldest first', async () => {
    const result = await qianfa(['audit', 'export', '--org', 'city']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const entries = lines.map((line) => JSON.parse(line) as AuditEntry);
    expect(entries.map((entry) => [entry.seq, entry.actor])).toEqual([
      [0, 'p0'],
      [1, 'p1'],
      [2, 'p2'],
      [3, 'p3'],
    ]);
    expect(entries.map(hashedPart)).toEqual(await log.all('city'));
  });

  it('names the people beside their ids, outside the hashed entry, and the export still verifies', async () => {
    const people = createPeopleService(new RedisPeopleStore(redis, keys));
    await people.addOrg({ slug: 'city', name: '市政府' });
    const added = await people.addPerson({ org: 'city', name: '张三', roles: ['reviewer'] });
    if (!added.ok) throw new Error(added.error.code);
    const at = '2026-01-02T00:00:00.000Z';
    const actor = added.value.person.id;
    await log.append({ action: 'approved', org: 'city', draft: 'd1', actor, at, version: 1, details: {} });

    const result = await qianfa(['audit', 'export', '--org', 'city']);
    const exported = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry);
    expect(exported.at(-1)).toMatchObject({ actor, names: { actor: '张三' } });
    expect(exported[0]).toMatchObject({ actor: 'p0', names: {} });
    expect(verifyChain(exported.map(hashedPart))).toMatchObject({ ok: true, count: 5 });
    expect(verifyChain(exported).ok).toBe(false);
  });

  it('exits 2 with the usage when --org is missing', async () => {
    const result = await qianfa(['audit', 'verify']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('缺少 --org');
  });
});
