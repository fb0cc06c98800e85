import { userInfo } from 'node:os';
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { RedisPeopleStore } from '../../src/adapters/redis/redis-people-store.js';
import { createAuditLogOn } from '../../src/composition/standalone.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { runQianfa, type CliResult } from '../helpers/run-qianfa.js';

describe('qianfa org / user', () => {
  let keys: RedisKeys;
  let redis: RedisClient;

  beforeAll(async () => {
    keys = randomKeys();
    redis = await connectRedis(inject('redisUrl'));
  });

  afterAll(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  const qianfa = (args: string[], env: Record<string, string> = {}) => runQianfa(args, keys.prefix, env);

  /** One refusal: the exit code, and exactly one stderr line containing the expected text. */
  function expectRefusal(result: CliResult, code: number, text: string): void {
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(text);
  }

  it('adds an organisation and people, each printing one JSON line', async () => {
    const org = await qianfa(['org', 'add', 'city', '--name', '市政府']);
    expect([org.code, org.stdout]).toEqual([0, '{"slug":"city","name":"市政府"}\n']);

    const [reviewer, outsourced] = await Promise.all([
      qianfa(['user', 'add', '--org', 'city', '--name', '张三', '--roles', 'reviewer,editor']),
      qianfa(['user', 'add', '--org', 'city', '--name', '外包甲', '--roles', 'drafter', '--outsourced']),
    ]);
    expect(reviewer.code).toBe(0);
    const issued = JSON.parse(reviewer.stdout) as { id: string; token: string };
    expect(Object.keys(issued)).toEqual(['id', 'token']);
    const store = new RedisPeopleStore(redis, keys);
    expect(await store.personByToken(issued.token)).toEqual({
      id: issued.id,
      org: 'city',
      name: '张三',
      roles: ['reviewer', 'editor'],
      outsourced: false,
    });
    expect(outsourced.code).toBe(0);
    expect((await store.listPeople('city'))?.map((p) => [p.name, p.outsourced])).toEqual([
      ['外包甲', true],
      ['张三', false],
    ]);

    const fresh = await qianfa(['user', 'token', '--org', 'city', '--name', '张三']);
    expect(fresh.code).toBe(0);
    const renewed = JSON.parse(fresh.stdout) as { id: string; token: string };
    expect(renewed.id).toBe(issued.id);
    expect(await store.personByToken(issued.token)).toBeNull();
    expect((await store.personByToken(renewed.token))?.name).toBe('张三');

    // Every change is in the organisation's trail, made by `cli` and the OS user who ran it; no token is.
    const trail = (await createAuditLogOn(redis, { redisPrefix: keys.prefix }).all('city')).map((entry) => ({
      actor: entry.actor,
      subject: entry.details['subject'],
      os_user: entry.details['os_user'],
    }));
    const osUser = { actor: 'cli', os_user: userInfo().username };
    expect(trail).toEqual(
      expect.arrayContaining([
        { ...osUser, subject: 'org' },
        { ...osUser, subject: 'person' },
        { ...osUser, subject: 'token' },
      ]),
    );
    expect(trail).toHaveLength(4);
    expect(
      JSON.stringify(await createAuditLogOn(redis, { redisPrefix: keys.prefix }).all('city')),
    ).not.toContain(renewed.token);
  });

  describe('refusals', () => {
    beforeAll(async () => {
      expect((await qianfa(['org', 'add', 'dup', '--name', '甲'])).code).toBe(0);
    });

    it.concurrent.each([
      ['a duplicate organisation', ['org', 'add', 'dup', '--name', '甲'], 1, '单位标识“dup”已存在'],
      [
        'an unknown organisation',
        ['user', 'add', '--org', 'nowhere', '--name', '甲', '--roles', 'drafter'],
        1,
        '单位“nowhere”不存在',
      ],
      [
        'an outsourced reviewer',
        ['user', 'add', '--org', 'dup', '--name', '乙', '--roles', 'drafter,reviewer', '--outsourced'],
        1,
        '代运维人员只能拟稿（drafter），不能担任：审核人',
      ],
      [
        'a token for nobody',
        ['user', 'token', '--org', 'dup', '--name', '无此人'],
        1,
        '没有名为“无此人”的人员',
      ],
      [
        'an unknown role',
        ['user', 'add', '--org', 'dup', '--name', '丙', '--roles', 'boss'],
        2,
        '未知角色“boss”',
      ],
      ['an invalid slug', ['org', 'add', 'Bad_Slug', '--name', '甲'], 2, '单位标识“Bad_Slug”无效'],
      ['a missing --name', ['org', 'add', 'x1'], 2, '缺少 --name。用法：qianfa org add SLUG --name 名称'],
      ['an unknown option', ['user', 'add', '--org', 'dup', '--nam', '丁'], 2, '未知选项“--nam”'],
      ['an unknown subcommand', ['user', 'remove'], 2, '未知子命令“remove”'],
    ])('refuses %s with one stderr line', async (_case, args, code, text) => {
      expectRefusal(await qianfa(args), code, text);
    });
  });

  it('refuses a duplicate person in the same organisation', async () => {
    await qianfa(['org', 'add', 'twice', '--name', '甲']);
    const args = ['user', 'add', '--org', 'twice', '--name', '王五', '--roles', 'drafter'];
    expect((await qianfa(args)).code).toBe(0);
    expectRefusal(await qianfa(args), 1, '单位“twice”已有名为“王五”的人员');
  });

  it('exits with 3 and names the key when the configuration is invalid', async () => {
    const result = await qianfa(['org', 'add', 'x2', '--name', '甲'], {
      REDIS_URL: 'http://localhost',
      PORT: 'abc',
    });
    expectRefusal(result, 3, 'REDIS_URL: 须以 redis:// 或 rediss:// 开头');
    expect(result.stderr).toContain('PORT: 须为 0–65535 之间的整数');
  });
});
