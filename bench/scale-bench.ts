/**
 * What "awaiting me" costs as an office's history grows (issue 17, point 3; target ≤ 50 ms at 100k drafts).
 * One organisation gets `--drafts` drafts written straight into the store (most published, some in review,
 * returned or blocked, as years of an office look), then the review service's list for a reviewer is timed two
 * ways in the same run: through the awaiting index (what the service does) and the way it did before the index
 * (every open draft of the organisation read and filtered: the named peer). Also Redis memory per draft, and
 * `audit verify` on a long chain against the way it verified before (bench/scale/audit-verify.ts), and a review
 * reminder patrol run with `--patrol-drafts` drafts waiting against a handful (bench/scale/reminder-patrol.ts).
 * Prints figures only; asserts nothing.
 *
 * Run: npm run bench:scale [-- --drafts 100000 --runs 30 --audit-entries 1000000 --peer-entries 20000 --patrol-drafts 100000]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadReviewData } from '../src/composition.js';
import { loadConfig } from '../src/config/load-config.js';
import type { DraftRecord, StoredVersion } from '../src/domain/draft-record.js';
import type { Person } from '../src/domain/people.js';
import type { ReviewStatus } from '../src/domain/workflow/review-state.js';
import { canDecide } from '../src/domain/workflow/review-guards.js';
import { RedisDraftStore } from '../src/adapters/redis/redis-draft-store.js';
import { RedisKeys } from '../src/adapters/redis/redis-keys.js';
import { DEFAULT_WORDLISTS_DIR, DEFAULT_WORKFLOWS_DIR } from '../src/package-dirs.js';
import { benchPublishing, benchServices, fakeUrls, startBenchRedis, startFakes } from './publish/harness.js';
import { benchAuditVerify } from './scale/audit-verify.js';
import { benchReminderPatrol } from './scale/reminder-patrol.js';
import { benchVersionArchive } from './scale/version-archive.js';

const { values } = parseArgs({
  options: {
    drafts: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    'audit-entries': { type: 'string', default: '100000' },
    'peer-entries': { type: 'string', default: '20000' },
    /** Published drafts of 5,000-character notices whose versions are archived (memory before and after). */
    'archive-drafts': { type: 'string', default: '2000' },
    /** Drafts waiting in one organisation, long past their delay, for the reminder patrol's run. */
    'patrol-drafts': { type: 'string', default: '100000' },
  },
});
const DRAFTS = Number(values.drafts);
const RUNS = Number(values.runs);
const ORG = 'scale';
/** Approved drafts a worker's start recovers. */
const APPROVED = 5_000;
/** Writes in flight while seeding. */
const LANES = 64;
const AT = Date.parse('2024-01-01T00:00:00.000Z');

/** Of every 100 drafts: 90 published, 5 in review (waiting for a reviewer), 3 returned, 2 blocked. */
function statusOf(n: number): ReviewStatus {
  const slot = n % 100;
  if (slot < 90) return 'published';
  if (slot < 95) return 'in_review';
  return slot < 98 ? 'rejected' : 'blocked';
}

function draftOf(
  n: number,
  drafter: Person,
  status: ReviewStatus = statusOf(n),
  targets: StoredVersion['content']['targets'] = [],
  org = ORG,
): { record: DraftRecord; version: StoredVersion } {
  // Ids are found by id alone: another organisation's drafts are named after it, not to overwrite these.
  const id = `${org === ORG ? 'd' : org}${String(n).padStart(7, '0')}`;
  const at = new Date(AT + n * 60_000).toISOString();
  const author = { id: drafter.id, name: drafter.name };
  const body = '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。'.repeat(20);
  const version: StoredVersion = {
    number: 1,
    hash: id.padEnd(64, '0'),
    content: { title: `第${n}篇`, body, targets },
    report: { blocked: false, grade: 'general', findings: [] },
    author,
    at,
  };
  const record: DraftRecord = {
    id,
    revision: 1,
    title: `第${n}篇`,
    review: {
      draft: id,
      org,
      drafter: author,
      version: { number: 1, hash: version.hash, author },
      grade: 'general',
      checkerGrade: 'general',
      status,
      stages: [
        { id: 'review', role: 'reviewer', label: '审核' },
        { id: 'sign', role: 'editor', label: '审签' },
      ],
      reviewRules: [],
      acknowledged: [],
    },
    createdAt: at,
    updatedAt: at,
  };
  return { record, version };
}

/** Commits `count` drafts made by `make`, in lanes: seconds taken. */
async function seed(
  drafts: RedisDraftStore,
  count: number,
  make: (n: number) => { record: DraftRecord; version?: StoredVersion },
): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    for (let n = next++; n < count; n = next++) {
      const { record, version } = make(n);
      await drafts.commit({ record, ...(version ? { version } : {}), audit: [] }, 0);
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  return (performance.now() - started) / 1000;
}

async function timed(what: () => Promise<unknown>): Promise<{ p50: number; p99: number; found: number }> {
  const times: number[] = [];
  let found = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const result = await what();
    times.push(performance.now() - started);
    found = Array.isArray(result) ? result.length : 0;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), found };
}

/**
 * A worker's start: `recover()` over approved drafts whose publications a crash may have left unqueued. Timed
 * as the service does it (in lanes) and one by one (how it did before), on the same drafts, after a first run
 * has written their publications, so both find the same state.
 */
async function benchWorkerStart(
  services: Awaited<ReturnType<typeof benchServices>>['services'],
  drafts: RedisDraftStore,
  drafter: Person,
): Promise<void> {
  const count = Math.min(APPROVED, DRAFTS);
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { record, version } = draftOf(DRAFTS + i, drafter, 'approved', ['wechat:规模测试发布']);
      await drafts.commit({ record, version, audit: [] }, 0);
    }),
  );
  await services.publish.recover(); // writes their publications and jobs; the timed runs find them written
  const time = async (lanes?: number) => {
    const started = performance.now();
    await services.publish.recover(lanes);
    return (performance.now() - started) / 1000;
  };
  const oneByOne = await time(1); // how it did before: one draft at a time
  const inLanes = await time();
  console.log(`worker start, recover() over ${count.toLocaleString('en')} approved drafts:`);
  console.log(
    `  in lanes (the service): ${(inLanes * 1000).toFixed(0)} ms (${((inLanes / count) * 1000).toFixed(2)} ms per draft)`,
  );
  console.log(
    `  one by one (before):    ${(oneByOne * 1000).toFixed(0)} ms (${((oneByOne / count) * 1000).toFixed(2)} ms per draft)`,
  );
}

async function main(): Promise<void> {
  const redis = await startBenchRedis();
  const fakes = await startFakes(0);
  try {
    const data = await loadReviewData({
      wordlistsDir: DEFAULT_WORDLISTS_DIR,
      workflowsDir: DEFAULT_WORKFLOWS_DIR,
    });
    const { services, prefix } = await benchServices(
      redis,
      benchPublishing(fakeUrls(fakes), 1),
      data,
      randomBytes(32),
    );
    await services.people.addOrg({ slug: ORG, name: '规模测试单位' });
    const person = async (name: string, roles: Person['roles']) => {
      const issued = await services.people.addPerson({ org: ORG, name, roles });
      if (!issued.ok) throw new Error(issued.error.code);
      return issued.value.person;
    };
    const drafter = await person('张三', ['drafter']);
    const reviewer = await person('李四', ['reviewer']);
    const drafts = new RedisDraftStore(redis.client, new RedisKeys(prefix));
    const before = Number(/used_memory:(\d+)/.exec(await redis.client.info('memory'))?.[1] ?? 0);
    const seedSeconds = await seed(drafts, DRAFTS, (n) => draftOf(n, drafter));
    const after = Number(/used_memory:(\d+)/.exec(await redis.client.info('memory'))?.[1] ?? 0);

    const limit = 50;
    const indexed = await timed(() => services.review.list(reviewer, { awaitingMe: true, limit }));
    // The peer: what the list did before the index, on the same data in the same run.
    const scanned = await timed(async () => {
      const open = await drafts.list(ORG, { statuses: ['in_review', 'rejected', 'blocked'], limit: 10_000 });
      return open.filter(({ review }) => canDecide(review, reviewer)).slice(0, limit);
    });

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    console.log(
      `drafts in one organisation: ${DRAFTS.toLocaleString('en')} (seeded in ${seedSeconds.toFixed(1)} s)`,
    );
    console.log(
      `Redis memory per draft (record, version of ~500 characters, indexes): ${((after - before) / DRAFTS).toFixed(0)} bytes`,
    );
    console.log(`awaiting=me, first ${limit}, ${RUNS} runs:`);
    console.log(
      `  awaiting index (the service):        p50 ${ms(indexed.p50)}  p99 ${ms(indexed.p99)}  (${indexed.found} found)`,
    );
    console.log(
      `  every open draft read (before):      p50 ${ms(scanned.p50)}  p99 ${ms(scanned.p99)}  (${scanned.found} found; stops at 10,000 open)`,
    );
    console.log(
      `  ratio (before / index, p50):         ${(scanned.p50 / Math.max(indexed.p50, 0.001)).toFixed(1)} ×`,
    );
    await benchWorkerStart(services, drafts, drafter);
    const { record } = draftOf(0, drafter);
    await benchVersionArchive(
      redis.client,
      new RedisKeys(prefix),
      drafts,
      record,
      Number(values['archive-drafts']),
    );
    await benchReminderPatrol(
      {
        redis: redis.client,
        keys: new RedisKeys(prefix),
        drafts,
        notifier: services.notifications,
        reminderDelays: loadConfig({}).notifications.reminderDelaysMs,
        waitingDraft: (n, org) => draftOf(n, drafter, 'in_review', [], org),
        seed: (count, make) => seed(drafts, count, make),
      },
      Number(values['patrol-drafts']),
      RUNS,
    );
    await benchAuditVerify(redis.client, prefix, {
      entries: Number(values['audit-entries']),
      peerEntries: Number(values['peer-entries']),
    });
    await services.close();
  } finally {
    await fakes.close();
    await redis.stop();
  }
}

await main();
