import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { loadWorkflows } from '../../src/adapters/files/read-workflows.js';
import { createAuditLogOn, createPeopleServiceOn, workflowServiceOn } from '../../src/composition.js';
import { DEFAULT_WORKFLOWS_DIR } from '../../src/package-dirs.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { runQianfa } from '../helpers/run-qianfa.js';

const WITH_CHECK = `chains:
  general:
    - { id: review, role: reviewer, label: 审核 }
    - { id: check, role: deputy, label: 复核 }
    - { id: sign, role: editor, label: 审签 }
`;

describe('qianfa workflow show / set / reset', () => {
  let keys: RedisKeys;
  let redis: RedisClient;
  let dir: string;

  beforeAll(async () => {
    keys = randomKeys();
    redis = await connectRedis(inject('redisUrl'));
    const people = createPeopleServiceOn(redis, { redisPrefix: keys.prefix });
    expect((await people.addOrg({ slug: 'city', name: '市政府' })).ok).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'qianfa-cli-workflow-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true });
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  const qianfa = (args: string[]) => runQianfa(args, keys.prefix);
  /** The workflow as stored, read in this process. */
  const stored = async () => {
    const files = await loadWorkflows(DEFAULT_WORKFLOWS_DIR);
    const current = await workflowServiceOn(redis, keys, files).current('city');
    return current.ok ? current.value : current.error;
  };
  // Each run of the CLI starts a Node process with tsx: seconds each on a loaded machine.
  const SLOW = 300_000;

  it(
    'saves a file as the override, shows it, refuses an invalid one, resets; each change audited as cli',
    async () => {
      const shown = await qianfa(['workflow', 'show', '--org', 'city']);
      expect([shown.code, shown.stdout]).toEqual([0, expect.stringContaining('id: sign, role: principal')]);

      const file = join(dir, 'city.yaml');
      await writeFile(file, WITH_CHECK);
      const set = await qianfa(['workflow', 'set', '--org', 'city', file]);
      expect(set.code, set.stderr).toBe(0);
      expect(JSON.parse(set.stdout)).toEqual({ org: 'city', revision: 1, overridden: true });
      const shownAfter = await qianfa(['workflow', 'show', '--org', 'city']);
      expect(shownAfter.stdout).toBe(WITH_CHECK);

      await writeFile(file, WITH_CHECK.replace('role: deputy', 'role: drafter'));
      const invalid = await qianfa(['workflow', 'set', '--org', 'city', file]);
      expect(invalid.code).toBe(1);
      expect(invalid.stderr.trim().split('\n')).toEqual([
        expect.stringContaining('city.yaml#chains.general[1].role: 未知或不可审签的角色'),
      ]);
      expect(await stored()).toMatchObject({ revision: 1, overridden: true, text: WITH_CHECK });

      const reset = await qianfa(['workflow', 'reset', '--org', 'city']);
      expect(JSON.parse(reset.stdout)).toEqual({ org: 'city', revision: 2, overridden: false });
      const entries = (await createAuditLogOn(redis, { redisPrefix: keys.prefix }).all('city')).filter(
        (entry) => entry.action.startsWith('workflow_'),
      );
      expect(entries.map((entry) => [entry.action, entry.actor, typeof entry.details.os_user])).toEqual([
        ['workflow_saved', 'cli', 'string'],
        ['workflow_reset', 'cli', 'string'],
      ]);
    },
    SLOW,
  );

  it(
    'answers a usage error (exit 2) without a file, and 1 for an unknown organisation',
    async () => {
      expect((await qianfa(['workflow', 'set', '--org', 'city'])).code).toBe(2);
      expect((await qianfa(['workflow', 'show', '--org', 'nowhere'])).code).toBe(1);
    },
    SLOW,
  );
});
