/**
 * `qianfa audit verify` as a chain grows (issue 17, point 3; target ≤ 10 s per 100k entries, 1M in under a
 * minute): a chain of `entries` written straight into Redis is verified a page at a time (what the service does),
 * and a shorter one the way it was verified before (the whole chain read at once, then a slice of the rest of the
 * chain per entry: quadratic), the named peer, in the same run. Time and the heap the verification grew by.
 */
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.js';
import { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { appendEntry, entryHash } from '../../src/domain/audit/audit-chain.js';
import { GENESIS_HASH, type AuditEntry } from '../../src/domain/audit/audit-event.js';
import { canonicalJson } from '../../src/domain/audit/canonical-json.js';
import { verifyAuditChain } from '../../src/services/audit-service.js';

const START = Date.parse('2024-01-01T00:00:00.000Z');
const WRITE_BATCH = 2_000;

/** Writes a valid chain of `count` entries (as years of an office's decisions look) and its head. */
async function seedChain(redis: RedisClient, keys: RedisKeys, org: string, count: number): Promise<void> {
  let previous: AuditEntry | undefined;
  for (let from = 0; from < count; from += WRITE_BATCH) {
    const batch: string[] = [];
    for (let n = from; n < Math.min(count, from + WRITE_BATCH); n++) {
      previous = appendEntry(previous, {
        action: n % 3 === 0 ? 'created' : 'approved',
        org,
        draft: `d${String(Math.floor(n / 3)).padStart(7, '0')}`,
        actor: `p${n % 40}`,
        at: new Date(START + n * 60_000).toISOString(),
        version: 1,
        details: { stage: 'review', grade: 'general', note: '同意发布' },
      });
      batch.push(canonicalJson({ ...previous }));
    }
    await redis.rpush(keys.auditLog(org), ...batch);
  }
  if (previous)
    await redis.set(keys.auditHead(org), canonicalJson({ seq: previous.seq, hash: previous.hash }));
}

/** The verification before this change, kept here as the peer: one read, then the rest sliced per entry. */
async function verifyAsBefore(log: RedisAuditLog, org: string): Promise<boolean> {
  const { entries } = await log.snapshot(org);
  let previousHash = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const later = entries.slice(index + 1); // what made it quadratic
    if (entry.seq !== index && later.some((other) => other.seq === index)) return false;
    if (entryHash(entry) !== entry.hash || entry.prev !== previousHash) return false;
    previousHash = entry.hash;
  }
  return true;
}

/** Runs `what`, sampling the heap meanwhile: seconds taken and the most the heap grew by (MB). */
async function measured<T>(what: () => Promise<T>): Promise<{ value: T; seconds: number; heapMb: number }> {
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const started = performance.now();
  try {
    const value = await what();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { value, seconds: (performance.now() - started) / 1000, heapMb: (peak - base) / 1e6 };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The most the live heap grew by while `what` ran (MB): a full GC (node --expose-gc) then a reading, every 50 ms.
 * The peak above counts garbage not yet collected, so it moves with when V8 collects; this shows what is held.
 */
async function liveHeapMb(what: () => Promise<unknown>): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench:scale needs node --expose-gc (npm run bench:scale passes it)');
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const reading = () => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const sampler = setInterval(reading, 50);
  try {
    await what();
    return (peak - base) / 1e6;
  } finally {
    clearInterval(sampler);
  }
}

export async function benchAuditVerify(
  redis: RedisClient,
  prefix: string,
  sizes: { entries: number; peerEntries: number },
): Promise<void> {
  const keys = new RedisKeys(`${prefix}verify:`);
  const log = new RedisAuditLog(redis, keys);
  await seedChain(redis, keys, 'long', sizes.entries);
  await seedChain(redis, keys, 'peer', sizes.peerEntries);
  const paged = await measured(() => verifyAuditChain(log, 'long'));
  const pagedShort = await measured(() => verifyAuditChain(log, 'peer'));
  const before = await measured(() => verifyAsBefore(log, 'peer'));
  if (!paged.value.ok || !pagedShort.value.ok || !before.value)
    throw new Error('a seeded chain failed to verify');
  const line = (what: string, count: number, m: { seconds: number; heapMb: number }) =>
    console.log(
      `  ${what.padEnd(34)} ${count.toLocaleString('en').padStart(9)} entries  ${m.seconds.toFixed(2).padStart(7)} s  ` +
        `${((m.seconds / count) * 100_000).toFixed(2).padStart(6)} s per 100k  heap +${m.heapMb.toFixed(0)} MB`,
    );
  console.log('audit verify:');
  line('in pages (the service)', sizes.entries, paged);
  line('in pages (the service)', sizes.peerEntries, pagedShort);
  line('whole chain, sliced (before)', sizes.peerEntries, before);
  console.log(
    `  ratio (before / pages, ${sizes.peerEntries.toLocaleString('en')} entries): ${(before.seconds / pagedShort.seconds).toFixed(1)} ×`,
  );
  // Separate runs: a full GC every 50 ms would distort the times above.
  const live = async (org: string) => (await liveHeapMb(() => verifyAuditChain(log, org))).toFixed(1);
  const [long, short] = [await live('long'), await live('peer')];
  console.log(
    `  live heap in pages (full GC every 50 ms, runs of their own): +${long} MB at ` +
      `${sizes.entries.toLocaleString('en')} entries, +${short} MB at ${sizes.peerEntries.toLocaleString('en')}`,
  );
}
