/**
 * Redis memory per published draft before and after its version bodies are archived (issue 17, point 3):
 * `count` drafts with 5,000-character notices (two versions each, as after one revision), published long ago in an
 * organisation of their own, then one archiving run.
 */
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import type { RedisDraftStore } from '../../src/adapters/redis/redis-draft-store.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { RedisVersionArchive } from '../../src/adapters/redis/redis-version-archive.js';
import type { DraftRecord, StoredVersion } from '../../src/domain/draft-record.js';
import { notice } from '../api/notices.js';

const ORG = 'archive-bench';
const DAY_MS = 86_400_000;

async function usedMemory(redis: RedisClient): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
}

function versionOf(record: DraftRecord, number: number, seed: number): StoredVersion {
  const { title, body } = notice(seed);
  const author = record.review.drafter;
  return {
    number,
    hash: `${record.id}${number}`.padEnd(64, '0'),
    content: { title, body, targets: [] },
    report: { blocked: false, grade: 'general', findings: [] },
    author,
    at: record.updatedAt,
  };
}

export async function benchVersionArchive(
  redis: RedisClient,
  keys: RedisKeys,
  drafts: RedisDraftStore,
  template: DraftRecord,
  count: number,
): Promise<void> {
  const before = await usedMemory(redis);
  for (let n = 0; n < count; n++) {
    const id = `a${String(n).padStart(7, '0')}`;
    const record: DraftRecord = {
      ...template,
      id,
      revision: 1,
      review: { ...template.review, draft: id, org: ORG },
    };
    await drafts.commit({ record, version: versionOf(record, 1, n + 1), audit: [] }, 0);
    const published: DraftRecord = {
      ...record,
      revision: 2,
      review: { ...record.review, status: 'published' },
    };
    await drafts.commit({ record: published, version: versionOf(record, 2, n + 100_001), audit: [] }, 1);
  }
  const hot = await usedMemory(redis);
  const archive = new RedisVersionArchive(redis, keys, drafts, () => Promise.resolve([ORG]));
  const started = performance.now();
  const archived = await archive.archiveDue(
    new Date(Date.parse(template.updatedAt) + 31 * DAY_MS),
    30 * DAY_MS,
  );
  const seconds = (performance.now() - started) / 1000;
  const cold = await usedMemory(redis);
  const kb = (bytes: number) => `${(bytes / count / 1024).toFixed(1)} KB`;
  console.log(
    `\nVersion bodies archived (${count.toLocaleString('en')} published drafts, 2 versions of ~5,000 characters each):`,
  );
  console.log(`  Redis memory per draft, hot:      ${kb(hot - before)}`);
  console.log(
    `  after archiving (Brotli, q 5):    ${kb(cold - before)} (${((hot - before) / Math.max(1, cold - before)).toFixed(1)}× less)`,
  );
  console.log(
    `  archiving run: ${archived} drafts in ${seconds.toFixed(1)} s (${((seconds / Math.max(1, archived)) * 1000).toFixed(2)} ms per draft)`,
  );
}
