import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_THREADS } from '../../src/config/config-schema.js';
import { parseRedisAddress, redactAddress } from '../../src/config/redis-address.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('loadConfig', () => {
  it('fills every key with its default', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      processes: Math.max(1, Math.floor(availableParallelism() / 2)),
      redisUrl: undefined,
      redisPrefix: 'qianfa:',
      dataDir: resolve('data'),
      secretKey: undefined,
      wordlistsDir: resolve(ROOT, 'wordlists'),
      workflowsDir: resolve(ROOT, 'workflows'),
      publishing: {
        wechatApiBase: 'https://api.weixin.qq.com',
        weiboApiBase: 'https://api.weibo.com',
        weiboRip: '127.0.0.1',
        worker: true,
        concurrency: 8,
        attempts: 20,
        backoffMs: 2000,
        backoffMaxMs: 300_000,
        lockMs: 30_000,
        confirmMs: 120_000,
        platformTimeoutMs: 15_000,
        imageAllowHosts: [],
        scheduleCheckMs: 30_000,
        archiveVersionsAfterMs: 30 * 86_400_000,
      },
      notifications: {
        publicUrl: undefined,
        reviewLinkTtlMs: 24 * 3_600_000,
        reminderDelaysMs: { general: 240 * 60_000, important: 120 * 60_000, major: 30 * 60_000 },
        reminderCheckMs: 60_000,
        digestWindowMs: 60_000,
        wecomApiBase: 'https://qyapi.weixin.qq.com',
        wecomSso: { authorizeBase: undefined, orgs: [] },
        wecom: undefined,
        wechatTemplate: undefined,
        webhookAllowHosts: [],
      },
      gateway: {
        basePath: '/gateway',
        tokenTtlSeconds: 7200,
        bypassScanMs: 15 * 60_000,
        auditRetentionMs: 90 * 86_400_000,
        refusalSummaryMs: 60_000,
      },
      checking: { threads: DEFAULT_CHECK_THREADS, budgetMs: 2000 },
      security: { authFailures: 20, authWindowSeconds: 900, trustProxy: undefined, metricsToken: undefined },
      imageHosts: [],
      monitor: {
        profilesDir: resolve(ROOT, 'profiles'),
        cadenceCheckMs: 60 * 60_000,
        patrol: {
          everyMs: 24 * 60 * 60_000,
          linkCacheMs: 12 * 60 * 60_000,
          linkRatePerHost: 2,
          linkTimeoutMs: 10_000,
          linkAllowHosts: [],
        },
        reportFont: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
      },
    });
  });

  it('reads trust proxy as a hop count when numeric, else as Express takes it; refuses anything else', () => {
    expect(loadConfig({ QIANFA_TRUST_PROXY: '1' }).security.trustProxy).toBe(1);
    expect(loadConfig({ QIANFA_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).security.trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
    expect(() => loadConfig({ QIANFA_TRUST_PROXY: 'yes please!' })).toThrow(/QIANFA_TRUST_PROXY/);
  });

  it('leaves the event loop a core: check threads default to cores − 1, from 1 to 8', () => {
    expect(DEFAULT_CHECK_THREADS).toBe(Math.min(8, Math.max(1, availableParallelism() - 1)));
    const config = loadConfig({ QIANFA_CHECK_THREADS: '3', QIANFA_CHECK_BUDGET_MS: '250' });
    expect(config.checking).toEqual({ threads: 3, budgetMs: 250 });
    expect(() => loadConfig({ QIANFA_CHECK_THREADS: '0', QIANFA_CHECK_BUDGET_MS: '2s' })).toThrow(
      'QIANFA_CHECK_THREADS: 不能小于 1；QIANFA_CHECK_BUDGET_MS: 须为整数',
    );
  });

  it('refuses gateway tokens shorter than 300 s, which tools refreshing 60 s early would fetch per call', () => {
    expect(loadConfig({ QIANFA_GATEWAY_TOKEN_SECONDS: '300' }).gateway.tokenTtlSeconds).toBe(300);
    expect(() => loadConfig({ QIANFA_GATEWAY_TOKEN_SECONDS: '60' })).toThrow(
      /QIANFA_GATEWAY_TOKEN_SECONDS: 不能小于 300：工具在令牌剩余约 60 秒时换取新令牌/,
    );
    expect(() => loadConfig({ QIANFA_GATEWAY_TOKEN_SECONDS: '90000' })).toThrow(
      'QIANFA_GATEWAY_TOKEN_SECONDS: 不能大于 86400',
    );
  });

  it('reads the secret key as hex or base64, and the platform bases without a trailing slash', () => {
    const hex = 'ab'.repeat(32);
    expect(loadConfig({ QIANFA_SECRET_KEY: hex }).secretKey).toEqual(Buffer.from(hex, 'hex'));
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ QIANFA_SECRET_KEY: base64 }).secretKey).toEqual(Buffer.alloc(32, 7));
    const config = loadConfig({ QIANFA_WECHAT_API_BASE: 'http://127.0.0.1:9000/', QIANFA_WORKER: 'off' });
    expect(config.publishing).toMatchObject({ wechatApiBase: 'http://127.0.0.1:9000', worker: false });
    expect(() => loadConfig({ QIANFA_SECRET_KEY: 'short', QIANFA_WORKER_CONCURRENCY: '0' })).toThrow(
      /QIANFA_SECRET_KEY: .*；QIANFA_WORKER_CONCURRENCY: 不能小于 1/,
    );
  });

  it('reads the given values and resolves directories to absolute paths', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      REDIS_URL: 'redis://:secret@db:6379/2',
      QIANFA_REDIS_PREFIX: 'city:',
      QIANFA_DATA_DIR: 'var/qianfa',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      redisUrl: 'redis://:secret@db:6379/2',
      redisPrefix: 'city:',
      dataDir: resolve('var/qianfa'),
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '' })).toMatchObject({ port: 8080, redisUrl: undefined });
  });

  it('lists every invalid key at once', () => {
    const attempt = () =>
      loadConfig({ PORT: '80a', REDIS_URL: 'localhost:6379', QIANFA_REDIS_PREFIX: 'a b' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).issues).toEqual([
        'PORT: 须为 0–65535 之间的整数',
        'REDIS_URL: 须以 redis:// 或 rediss:// 开头',
        'QIANFA_REDIS_PREFIX: 只能包含字母、数字、_ : . -',
      ]);
    }
  });

  it('refuses a port above 65535', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow('PORT: 须为 0–65535 之间的整数');
  });

  it('reads the webhook hosts an admin allows, lower case, and refuses ports or schemes in them', () => {
    const read = loadConfig({ QIANFA_WEBHOOK_ALLOW_HOSTS: ' Hook.Intranet.gov.cn, 127.0.0.1 ,::1' });
    expect(read.notifications.webhookAllowHosts).toEqual(['hook.intranet.gov.cn', '127.0.0.1', '::1']);
    expect(() => loadConfig({ QIANFA_WEBHOOK_ALLOW_HOSTS: 'http://hook.gov.cn:8080' })).toThrow(
      /逗号分隔的主机名/,
    );
  });

  // Redis behind Sentinel (issue 17 point 4).
  it('builds the Sentinel address from the sentinels, the primary name (default mymaster) and the wait (default 1000 ms)', () => {
    const config = loadConfig({ QIANFA_REDIS_SENTINELS: '10.0.0.1:26379, [::1]:26380' });
    expect(parseRedisAddress(config.redisUrl!)).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'mymaster',
      waitMs: 1000,
    });
    const named = loadConfig({
      QIANFA_REDIS_SENTINELS: 's1:26379',
      QIANFA_REDIS_SENTINEL_NAME: 'qianfa-primary',
      QIANFA_REDIS_PASSWORD: 'p@ss/word',
      QIANFA_REDIS_WAIT_MS: '250',
    });
    expect(parseRedisAddress(named.redisUrl!)).toMatchObject({
      name: 'qianfa-primary',
      password: 'p@ss/word',
      waitMs: 250,
    });
    expect(redactAddress(named.redisUrl!)).not.toContain('p@ss');
  });

  it('refuses malformed sentinels, and sentinels together with REDIS_URL', () => {
    expect(() => loadConfig({ QIANFA_REDIS_SENTINELS: 's1' })).toThrow(
      'QIANFA_REDIS_SENTINELS: 须为 host:port，多个以逗号分隔',
    );
    expect(() => loadConfig({ QIANFA_REDIS_SENTINELS: 's1:26379', REDIS_URL: 'redis://db:6379' })).toThrow(
      /QIANFA_REDIS_SENTINELS: 与 REDIS_URL 不能同时设置/,
    );
  });

  // Redis Cluster (issue 17 point 4).
  it('builds the Cluster address from its nodes, the password and the wait (default 1000 ms)', () => {
    const config = loadConfig({ QIANFA_REDIS_CLUSTER: '10.0.0.1:7000, [::1]:7001' });
    expect(parseRedisAddress(config.redisUrl!)).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '::1', port: 7001 },
      ],
      waitMs: 1000,
    });
    const withPassword = loadConfig({
      QIANFA_REDIS_CLUSTER: 'n1:7000',
      QIANFA_REDIS_PASSWORD: 'p@ss/word',
      QIANFA_REDIS_WAIT_MS: '250',
    });
    expect(parseRedisAddress(withPassword.redisUrl!)).toEqual({
      kind: 'cluster',
      nodes: [{ host: 'n1', port: 7000 }],
      password: 'p@ss/word',
      waitMs: 250,
    });
    expect(redactAddress(withPassword.redisUrl!)).toBe('redis-cluster://***@n1:7000/?wait=250');
    // An address written before it carried the wait reads as the default.
    expect(parseRedisAddress('redis-cluster://n1:7000')).toMatchObject({ waitMs: 1000 });
  });

  it('refuses a malformed Cluster, and the Cluster together with REDIS_URL or the sentinels', () => {
    expect(() => loadConfig({ QIANFA_REDIS_CLUSTER: 'n1:7000,n2' })).toThrow(
      'QIANFA_REDIS_CLUSTER: 须为 host:port，多个以逗号分隔',
    );
    for (const other of [{ REDIS_URL: 'redis://db:6379' }, { QIANFA_REDIS_SENTINELS: 's1:26379' }])
      expect(() => loadConfig({ QIANFA_REDIS_CLUSTER: 'n1:7000', ...other })).toThrow(
        'QIANFA_REDIS_CLUSTER: 与 REDIS_URL、QIANFA_REDIS_SENTINELS 不能同时设置',
      );
  });
});
