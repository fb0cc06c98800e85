import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedisCheckSettingsStore } from '../../src/adapters/redis/redis-check-settings-store.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { checkSettingsOn, createAuditLogOn, createPeopleServiceOn } from '../../src/composition.js';
import type { Person } from '../../src/domain/people.js';
import type { AllowEntry } from '../../src/services/check-settings-service.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { runQianfa } from '../helpers/run-qianfa.js';

const reviewer: Person = { id: 'p1', org: 'city', name: '李四', roles: ['reviewer'], outsourced: false };
const marked = (text: string, start: number) => ({
  text,
  finding: {
    rule: 'wordlist:gambling',
    category: 'gambling' as const,
    field: 'body' as const,
    start,
    end: start + 3,
    text,
  },
  draft: 'd1',
  version: 1,
  reason: '本地文化节名称',
});

describe('qianfa allow / sources / validate --org', () => {
  let keys: RedisKeys;
  let redis: RedisClient;
  let config: { redisPrefix: string };

  beforeAll(async () => {
    keys = randomKeys();
    config = { redisPrefix: keys.prefix };
    redis = await connectRedis(inject('redisUrl'));
    expect((await createPeopleServiceOn(redis, config).addOrg({ slug: 'city', name: '市政府' })).ok).toBe(
      true,
    );
  });

  afterAll(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  const qianfa = (args: string[]) => runQianfa(args, keys.prefix);

  it('lists and revokes allow entries; validate --org checks them against the word lists', async () => {
    const settings = checkSettingsOn(redis, config);
    const festival = await settings.addAllow(reviewer, marked('百家乐文化节', 0));
    const harvest = await settings.addAllow(reviewer, marked('秋粮收购', 4));
    expect(festival.ok && harvest.ok).toBe(true);

    const listed = await qianfa(['allow', 'list', '--org', 'city']);
    expect(listed.code).toBe(0);
    const entries = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AllowEntry);
    expect(entries.map((entry) => entry.text)).toEqual(['百家乐文化节', '秋粮收购']);

    const valid = await qianfa(['validate', '--org', 'city']);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toMatch(/org:city 误报条目: 2 个条目，0 个错误，1 个警告/);
    expect(valid.stderr).toMatch(/org:city 误报条目:2: 警告：「秋粮收购」.*不含任何可标记的命中/);

    // An entry that no longer passes (stored before a rule changed): validate fails with exit 3.
    const store = new RedisCheckSettingsStore(redis, keys);
    const bad: AllowEntry = { ...entries[0]!, id: 'e-short', text: '菠', at: new Date().toISOString() };
    expect(await store.addAllow(bad)).toEqual({ added: true });
    const invalid = await qianfa(['validate', '--org', 'city']);
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toMatch(/org:city 误报条目:3: 「菠」规范化后只剩「菠」，范围过宽/);

    const revoked = await qianfa(['allow', 'revoke', '--org', 'city', '--id', 'e-short']);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((JSON.parse(revoked.stdout) as AllowEntry).id).toBe('e-short');
    const again = await qianfa(['allow', 'revoke', '--org', 'city', '--id', 'e-short']);
    expect([again.code, again.stderr]).toEqual([
      1,
      'qianfa: 没有编号为“e-short”的误报条目，可能已被撤销。\n',
    ]);
    const actions = (await createAuditLogOn(redis, config).all('city')).map((e) => [e.action, e.actor]);
    expect(actions).toEqual(expect.arrayContaining([['allow_entry_revoked', 'cli']]));
  });

  it('sets, lists and clears organisation sources', async () => {
    const set = await qianfa(['sources', 'set', '--org', 'city', '南通日报', '江海晚报']);
    expect([set.code, set.stdout]).toEqual([0, '南通日报\n江海晚报\n']);
    expect((await qianfa(['sources', 'list', '--org', 'city'])).stdout).toBe('南通日报\n江海晚报\n');
    expect((await qianfa(['sources', 'clear', '--org', 'city'])).code).toBe(0);
    expect((await qianfa(['sources', 'list', '--org', 'city'])).stdout).toBe('');
  });

  it.concurrent.each([
    [['allow', 'list'], 2, '缺少 --org'],
    [['allow', 'drop', '--org', 'city'], 2, '未知子命令“drop”'],
    [['sources', 'set', '--org', 'city'], 2, 'set 需要至少一个稿源单位名称'],
    [['sources', 'list', '--org', 'nowhere'], 1, '单位“nowhere”不存在'],
  ])('refuses %j', async (args, code, text) => {
    const result = await qianfa(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(text);
  });
});
