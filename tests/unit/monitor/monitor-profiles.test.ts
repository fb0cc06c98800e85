import { mkdtemp, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROFILES_DIR,
  readMonitorProfiles,
} from '../../../src/adapters/files/read-monitor-profiles.js';
import { checkMonitorProfiles } from '../../../src/cli/commands/validate-command.js';

async function profilesWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qianfa-profiles-'));
  await copyFile(join(DEFAULT_PROFILES_DIR, 'default.yaml'), join(dir, 'default.yaml'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('monitor profiles (profiles/*.yaml)', () => {
  it('reads the shipped default with the seeds’ values', async () => {
    const result = await readMonitorProfiles(DEFAULT_PROFILES_DIR);
    expect(result).toMatchObject({
      defaultProfile: {
        cadence: { failAfterDays: 14, warnWorkingDaysBefore: 2, zombieAfterMonths: 3, minPostsPerWeek: 1 },
        original: { windowDays: 14, minOriginalPosts: 1, minRatio: 0.3 },
      },
      warnings: [],
    });
  });

  it('lets an organisation override one value and inherit the rest (seed 003: three posts a week)', async () => {
    const dir = await profilesWith({ 'hn.yaml': 'cadence:\n  minPostsPerWeek: 3\n' });
    const result = await readMonitorProfiles(dir);
    if (!('byOrg' in result)) throw new Error(result.errors.join('\n'));
    expect(result.byOrg.get('hn')?.cadence).toEqual({
      failAfterDays: 14,
      warnWorkingDaysBefore: 2,
      zombieAfterMonths: 3,
      minPostsPerWeek: 3,
    });
  });

  it('reports every problem with its file and place', async () => {
    const dir = await profilesWith({
      'xy.yaml': 'cadence:\n  failAfterDay: 14\n  minPostsPerWeek: -1\noriginal:\n  minRatio: 30\n',
    });
    const result = await readMonitorProfiles(dir);
    expect('errors' in result && result.errors).toEqual([
      `${join(dir, 'xy.yaml')}#cadence.failAfterDay: 未知字段，可用字段：failAfterDays、warnWorkingDaysBefore、zombieAfterMonths、minPostsPerWeek`,
      `${join(dir, 'xy.yaml')}#cadence.minPostsPerWeek: 应为 0 到 100 之间的整数`,
      `${join(dir, 'xy.yaml')}#original.minRatio: 应为 0 到 1 之间的数`,
    ]);
  });

  it('is checked by qianfa validate: the shipped profiles pass, a bad one is counted', async () => {
    expect((await checkMonitorProfiles(DEFAULT_PROFILES_DIR)).summary).toBe(
      `${DEFAULT_PROFILES_DIR}: 1 个监测配置文件，0 个错误，0 个警告`,
    );
    const dir = await profilesWith({ 'xy.yaml': 'original:\n  minRatio: 30\n' });
    expect(await checkMonitorProfiles(dir)).toMatchObject({
      summary: `${dir}: 1 个错误，0 个警告`,
      errors: [`${join(dir, 'xy.yaml')}#original.minRatio: 应为 0 到 1 之间的数`],
    });
  });
});
