import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { RedisPeopleStore } from '../../src/adapters/redis/redis-people-store.js';
import { createPeopleService, type PeopleService } from '../../src/services/people-service.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';

describe('people service', () => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let people: PeopleService;

  beforeEach(async () => {
    redis = await connectRedis(inject('redisUrl'));
    keys = randomKeys();
    people = createPeopleService(new RedisPeopleStore(redis, keys));
  });

  afterEach(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  it('creates the default org and one admin on the first start only, even when starts race', async () => {
    const issued = await Promise.all([people.bootstrap(), people.bootstrap(), people.bootstrap()]);
    const winners = issued.filter((token) => token !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.person).toMatchObject({
      org: 'default',
      name: 'admin',
      roles: ['admin', 'installation_admin'],
      outsourced: false,
    });
    expect(await people.bootstrap()).toBeNull();
    const listed = await people.listPeople('default');
    expect(listed.ok && listed.value.map((p) => p.name)).toEqual(['admin']);
  });

  it('does not bootstrap a store that already has organisations other than default', async () => {
    await people.addOrg({ slug: 'city', name: '市政府' });
    expect(await people.bootstrap()).toBeNull();
  });

  it.each([
    ['ab', true],
    ['city-gov-2', true],
    ['a', false],
    ['-city', false],
    ['city-', false],
    ['City', false],
    ['city_gov', false],
    ['市政府', false],
    ['a'.repeat(40), true],
    ['a'.repeat(41), false],
  ])('accepts the slug %j: %s', async (slug, accepted) => {
    const result = await people.addOrg({ slug, name: '单位' });
    expect(result.ok ? 'ok' : result.error.code).toBe(accepted ? 'ok' : 'invalid_slug');
  });

  it('trims names and de-duplicates roles', async () => {
    expect(await people.addOrg({ slug: 'city', name: '  市政府 ' })).toEqual({
      ok: true,
      value: { slug: 'city', name: '市政府' },
    });
    const added = await people.addPerson({
      org: 'city',
      name: ' 张三 ',
      roles: ['editor', 'editor', 'reviewer'],
    });
    expect(added.ok && added.value.person).toMatchObject({ name: '张三', roles: ['editor', 'reviewer'] });
  });

  it.each([
    [['drafter'], 'ok'],
    [['drafter', 'reviewer'], 'outsourced_drafter_only'],
    [['admin'], 'outsourced_drafter_only'],
  ])('lets an outsourced person have the roles %j: %s', async (roles, outcome) => {
    await people.addOrg({ slug: 'city', name: '市政府' });
    const result = await people.addPerson({ org: 'city', name: '外包', roles, outsourced: true });
    expect(result.ok ? 'ok' : result.error.code).toBe(outcome);
  });
});
