import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisClient } from '../../../src/adapters/redis/redis-client.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectRedis } from '../../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../../src/adapters/redis/redis-keys.js';
import { createAccountServiceOn, createPeopleServiceOn } from '../../../src/composition.js';
import { deleteKeys, randomKeys } from '../../helpers/redis-test-keys.js';
import { runQianfa } from '../../helpers/run-qianfa.js';

describe('qianfa monitor cadence', () => {
  let keys: RedisKeys;
  let redis: RedisClient;
  const qianfa = (args: string[]) => runQianfa(args, keys.prefix);

  beforeAll(async () => {
    keys = randomKeys();
    const config = { redisPrefix: keys.prefix };
    redis = await connectRedis(inject('redisUrl'));
    expect((await createPeopleServiceOn(redis, config).addOrg({ slug: 'city', name: '市政府' })).ok).toBe(
      true,
    );
    // Sealed with a key the CLI does not hold: the platform's list cannot be read, which the report says.
    const accounts = createAccountServiceOn(redis, config, randomBytes(32));
    const added = await accounts.add({
      org: 'city',
      platform: 'weibo',
      name: '城市微博',
      token: 'tok',
      link: 'https://www.example.gov.cn/',
    });
    expect(added.ok).toBe(true);
  });

  afterAll(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  it('prints each account as JSON or as a line, saying when the platform list could not be read', async () => {
    const json = await qianfa(['monitor', 'cadence', '--org', 'city', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      org: string;
      accounts: { target: string; posts: unknown; listFailure?: string }[];
    };
    expect(report.org).toBe('city');
    expect(report.accounts.map(({ target, posts }) => ({ target, posts }))).toEqual([
      { target: 'weibo:城市微博', posts: { qianfa: 0, platform: 0 } },
    ]);
    expect(report.accounts[0]?.listFailure).toContain('密钥');
    const text = await qianfa(['monitor', 'cadence', '--org', 'city']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^weibo:城市微博\t正常\t.*原创 0\/转载 0\/未知 0.*无发布；平台列表读取失败/);
  });

  it('runs one patrol and prints what it could not read and its summary (qianfa monitor patrol)', async () => {
    const json = await qianfa(['monitor', 'patrol', '--org', 'city', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as { run: Record<string, unknown>; status: { lastRun: unknown } };
    expect(result.run).toMatchObject({
      org: 'city',
      accounts: 1,
      articles: 0,
      newFindings: 0,
      deadLinks: [],
    });
    expect(result.run['failures']).toMatchObject([{ target: 'weibo:城市微博' }]);
    expect(result.status.lastRun).toEqual(result.run);
    const text = await qianfa(['monitor', 'patrol', '--org', 'city']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^无法读取\tweibo:城市微博\t/m);
    expect(text.stdout).toMatch(/^巡检完成：0 篇文章，新发现问题 0 处/m);
    expect((await qianfa(['monitor', 'patrol', '--org', 'nowhere'])).code).not.toBe(0);
  });

  it('refuses an unknown organisation and a wrong subcommand', async () => {
    const unknown = await qianfa(['monitor', 'cadence', '--org', 'nowhere']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).not.toBe('');
    const wrong = await qianfa(['monitor', 'reports', '--org', 'city']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('qianfa monitor cadence|patrol --org SLUG [--json]');
  });

  it('qianfa report writes the month as JSON to stdout and the quarter as a PDF to --out', async () => {
    const json = await qianfa(['report', '--org', 'city', '--month', '2026-11', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { orgName: string; period: { from: string; to: string } };
    expect(report).toMatchObject({ orgName: '市政府', period: { from: '2026-11-01', to: '2026-11-30' } });
    const out = join(await mkdtemp(join(tmpdir(), 'qianfa-report-')), 'q4.pdf');
    const pdf = await qianfa([
      'report',
      '--org',
      'city',
      '--quarter',
      '2026Q4',
      '--format',
      'pdf',
      '--out',
      out,
    ]);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect((await readFile(out)).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await qianfa(['report', '--org', 'city', '--quarter', '2026Q5'])).code).toBe(2);
  });

  it('qianfa report exits 3 and names the package and setting when the PDF font is missing', async () => {
    const args = ['report', '--org', 'city', '--month', '2026-11', '--format', 'pdf', '--out', '/dev/null'];
    const missing = await runQianfa(args, keys.prefix, { QIANFA_REPORT_FONT: '/nonexistent/cjk.ttc' });
    expect(missing.code, missing.stderr).toBe(3);
    expect(missing.stderr).toContain('fonts-noto-cjk');
    expect(missing.stderr).toContain('QIANFA_REPORT_FONT');
  });
});
