import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { hashToken, RedisPeopleStore } from '../../src/adapters/redis/redis-people-store.js';
import type { Person } from '../../src/domain/people.js';
import { guardedRedisEach, KEY_SHAPES } from '../helpers/slot-guard.js';

const person = (over: Partial<Person> = {}): Person => ({
  id: 'p-1',
  org: 'city',
  name: '张三',
  roles: ['reviewer', 'editor'],
  outsourced: false,
  ...over,
});

describe.each(KEY_SHAPES)('RedisPeopleStore, $shape', ({ hashTags }) => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let store: RedisPeopleStore;

  const shaped = guardedRedisEach(hashTags);
  beforeEach(() => {
    ({ redis, keys } = shaped);
    store = new RedisPeopleStore(redis, keys);
  });

  it('adds an organisation once and keeps the first name when the slug is taken', async () => {
    expect(await store.hasOrgs()).toBe(false);
    expect(await store.addOrg({ slug: 'city', name: '市政府' })).toBe('added');
    expect(await store.addOrg({ slug: 'city', name: '别的名字' })).toBe('exists');
    expect(await store.getOrg('city')).toEqual({ slug: 'city', name: '市政府' });
    expect(await store.getOrg('nowhere')).toBeNull();
    expect(await store.hasOrgs()).toBe(true);
  });

  it('lets exactly one of many concurrent addOrg calls win', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.addOrg({ slug: 'race', name: `n${i}` })),
    );
    expect(outcomes.filter((outcome) => outcome === 'added')).toHaveLength(1);
  });

  it('refuses a person in an unknown organisation and writes nothing', async () => {
    expect(await store.addPerson(person())).toBe('org_not_found');
    expect(await redis.keys(keys.all())).toEqual([]);
  });

  it('keeps names unique within an organisation, also under concurrency', async () => {
    await store.addOrg({ slug: 'city', name: '市政府' });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.addPerson(person({ id: `p-${i}` }))),
    );
    expect(outcomes.filter((outcome) => outcome === 'added')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'name_taken')).toHaveLength(9);
    expect(await store.listPeople('city')).toHaveLength(1);
  });

  it('lists the people of an organisation by name, and null for an unknown one', async () => {
    await store.addOrg({ slug: 'city', name: '市政府' });
    await store.addPerson(person({ id: 'p-b', name: 'bob' }));
    await store.addPerson(person({ id: 'p-a', name: 'alice', roles: ['drafter'], outsourced: true }));
    expect(await store.listPeople('city')).toEqual([
      person({ id: 'p-a', name: 'alice', roles: ['drafter'], outsourced: true }),
      person({ id: 'p-b', name: 'bob' }),
    ]);
    expect(await store.listPeople('nowhere')).toBeNull();
  });

  it('issues a token that resolves to the person, and revokes it when a new one is issued', async () => {
    await store.addOrg({ slug: 'city', name: '市政府' });
    await store.addPerson(person());
    const first = await store.issueToken('city', '张三');
    expect(first?.person).toEqual(person());
    expect(first?.token).toMatch(/^qf_[A-Za-z0-9_-]{43}$/);
    expect(await store.personByToken(first!.token)).toEqual(person());

    const second = await store.issueToken('city', '张三');
    expect(second!.token).not.toBe(first!.token);
    expect(await store.personByToken(first!.token)).toBeNull();
    expect(await store.personByToken(second!.token)).toEqual({ ...person(), credentials: 1 });
  });

  it('stores only the SHA-256 of a token, never the token itself', async () => {
    await store.addOrg({ slug: 'city', name: '市政府' });
    await store.addPerson(person());
    const { token } = (await store.issueToken('city', '张三'))!;
    const names = await redis.keys(keys.all());
    expect(names).toContain(keys.token('city', hashToken(token)));
    for (const name of names) {
      expect(name).not.toContain(token);
      const type = await redis.type(name);
      const values =
        type === 'string' ? [await redis.get(name)] : type === 'set' ? await redis.smembers(name) : [];
      const hash = type === 'hash' ? Object.entries(await redis.hgetall(name)).flat() : [];
      for (const value of [...values, ...hash]) expect(value).not.toContain(token);
    }
  });

  it('answers null for a token of nobody and for an unknown person', async () => {
    await store.addOrg({ slug: 'city', name: '市政府' });
    expect(await store.issueToken('city', '无此人')).toBeNull();
    expect(await store.personByToken('qf_not-a-real-token')).toBeNull();
  });
});
