import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import { RedisDelegationStore } from '../../src/adapters/redis/redis-delegation-store.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { RedisOrgDirectoryCache } from '../../src/adapters/redis/redis-org-directory-cache.js';
import { RedisPeopleStore } from '../../src/adapters/redis/redis-people-store.js';
import type { Delegation } from '../../src/domain/delegation.js';
import type { Person } from '../../src/domain/people.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';

const person = (id: string, name: string): Person => ({
  id,
  org: 'cc',
  name,
  roles: ['reviewer'],
  outsourced: false,
});
const delegation: Delegation = {
  id: 'dl1',
  org: 'cc',
  leader: { id: 'p1', name: '李四' },
  standIn: { id: 'p2', name: '王五' },
  from: '2026-12-01T00:00:00.000Z',
  until: '2026-12-20T00:00:00.000Z',
  createdAt: '2026-12-01T00:00:00.000Z',
};

// One process's fan-out caches the organisation; another process (its own connection and stores) changes it.
describe('people and delegations cached per organisation', () => {
  let redis: RedisClient;
  let other: RedisClient;
  let keys: RedisKeys;
  let cache: RedisOrgDirectoryCache;
  const loads = { people: 0, delegations: 0 };

  beforeEach(async () => {
    [redis, other] = await Promise.all([connectRedis(inject('redisUrl')), connectRedis(inject('redisUrl'))]);
    keys = randomKeys();
    loads.people = loads.delegations = 0;
    const people = new RedisPeopleStore(redis, keys);
    const delegations = new RedisDelegationStore(redis, keys);
    cache = new RedisOrgDirectoryCache(redis, keys, {
      people: { listPeople: (org) => (loads.people++, people.listPeople(org)) },
      delegations: { list: (org) => (loads.delegations++, delegations.list(org)) },
    });
    const elsewhere = new RedisPeopleStore(other, keys);
    await elsewhere.addOrg({ slug: 'cc', name: '崇川区' });
    await elsewhere.addPerson(person('p1', '李四'));
  });

  afterEach(async () => {
    await deleteKeys(redis, keys);
    await Promise.all([redis.quit(), other.quit()]);
  });

  const names = async () => (await cache.listPeople('cc'))?.map((each) => each.name);

  it('reads the organisation once while nothing changes, with one generation read for a whole fan-out', async () => {
    expect(await names()).toEqual(['李四']);
    await Promise.all(Array.from({ length: 20 }, () => cache.listDelegations('cc')));
    expect(await names()).toEqual(['李四']);
    expect(loads).toEqual({ people: 1, delegations: 1 });
  });

  it('sees people added or disabled through another process at once', async () => {
    const elsewhere = new RedisPeopleStore(other, keys);
    expect(await names()).toEqual(['李四']);
    await elsewhere.addPerson(person('p2', '王五'));
    expect(await names()).toEqual(['李四', '王五']);
    await elsewhere.issueToken('cc', '王五');
    await elsewhere.revokeCredentials('cc', '王五', true);
    expect((await cache.listPeople('cc'))?.find((each) => each.name === '王五')?.disabled).toBe(true);
  });

  it('sees delegations made or ended through another process at once', async () => {
    const elsewhere = new RedisDelegationStore(other, keys);
    expect(await cache.listDelegations('cc')).toEqual([]);
    await elsewhere.add(delegation);
    expect((await cache.listDelegations('cc')).map((each) => each.id)).toEqual(['dl1']);
    await elsewhere.end('cc', 'dl1', '2026-12-05T00:00:00.000Z');
    expect((await cache.listDelegations('cc'))[0]?.endedAt).toBe('2026-12-05T00:00:00.000Z');
  });
});
