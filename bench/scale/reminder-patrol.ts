/**
 * What a review reminder patrol run costs (issue 17, point 3, "Flat costs"): one organisation with `count` drafts
 * waiting for a reviewer, all long past their delay (nine in ten escalated, one in ten reminded with the
 * escalation not yet due: an office whose drafts wait for weeks), against one with a handful in the same states.
 * Their marks are written as the patrol writes them, in its first format (a draft that waited across an upgrade),
 * rather than by sending a reminder and an escalation for each. The first run of each is printed on its own
 * (after an upgrade it takes in what waits); then `runs` runs each: wall time, and CPU of this process and of
 * Redis (INFO cpu).
 */
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import type { RedisDraftStore } from '../../src/adapters/redis/redis-draft-store.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { RedisReminderMarks } from '../../src/adapters/redis/redis-reminder-marks.js';
import type { DraftRecord, StoredVersion } from '../../src/domain/draft-record.js';
import type { NotificationService } from '../../src/services/notification-service.js';
import type { ReminderMark } from '../../src/services/ports/notifications.js';
import { createReviewReminderPatrol } from '../../src/services/review-reminder-patrol.js';

const HANDFUL = 5;
const HOUR_MS = 3_600_000;

export interface PatrolBenchDeps {
  redis: RedisClient;
  keys: RedisKeys;
  drafts: RedisDraftStore;
  notifier: Pick<NotificationService, 'fire'>;
  reminderDelays: Parameters<typeof createReviewReminderPatrol>[0]['reminderDelays'];
  /** The n-th draft of `org` and its version, in review at its first stage (waiting since the version's time). */
  waitingDraft: (n: number, org: string) => { record: DraftRecord; version: StoredVersion };
  /** Commits `count` drafts made by `make`, in lanes; seconds taken. */
  seed: (
    count: number,
    make: (n: number) => { record: DraftRecord; version: StoredVersion },
  ) => Promise<number>;
}

/** Redis' CPU so far (user + system), in ms. */
async function redisCpuMs(redis: RedisClient): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

/** Waiting drafts of `org` with their marks: escalated, one in ten reminded with its escalation a day away. */
async function seedWaiting(deps: PatrolBenchDeps, org: string, count: number): Promise<number> {
  const seconds = await deps.seed(count, (n) => deps.waitingDraft(n, org));
  const marks = new RedisReminderMarks(deps.redis, deps.keys);
  const next = Date.now() + 24 * HOUR_MS;
  for (let n = 0; n < count; n += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, count - n) }, async (_, i) => {
        const { record, version } = deps.waitingDraft(n + i, org);
        const since = Date.parse(version.at);
        const wait = { since, version: 1, stage: 'review' };
        const mark: ReminderMark =
          (n + i) % 10 === 0 ? { ...wait, level: 'remind', next } : { ...wait, level: 'escalate' };
        await marks.replace(org, record.id, undefined, mark);
      }),
    );
  }
  return seconds;
}

interface RunCost {
  first: { ms: number; cpuMs: number; redisCpuMs: number; sent: number };
  p50Ms: number;
  cpuMs: number;
  redisCpuMs: number;
  sent: number;
}

async function patrolCost(deps: PatrolBenchDeps, org: string, runs: number): Promise<RunCost> {
  const patrol = createReviewReminderPatrol({
    orgs: { listOrgs: () => Promise.resolve([org]) },
    marks: new RedisReminderMarks(deps.redis, deps.keys),
    drafts: deps.drafts,
    notifier: deps.notifier,
    reminderDelays: deps.reminderDelays,
    now: () => new Date(),
  });
  const once = async () => {
    const [cpu, redisCpu, started] = [process.cpuUsage(), await redisCpuMs(deps.redis), performance.now()];
    const sent = await patrol.run();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return {
      ms,
      cpuMs: (used.user + used.system) / 1000,
      redisCpuMs: (await redisCpuMs(deps.redis)) - redisCpu,
      sent: sent.reminded + sent.escalated,
    };
  };
  const first = await once();
  const timed: (typeof first)[] = [];
  for (let run = 0; run < runs; run++) timed.push(await once());
  const mean = (of: (run: typeof first) => number) =>
    timed.reduce((sum, run) => sum + of(run), 0) / Math.max(timed.length, 1);
  const walls = timed.map((run) => run.ms).sort((a, b) => a - b);
  return {
    first,
    p50Ms: walls[Math.floor(walls.length / 2)] ?? 0,
    cpuMs: mean((run) => run.cpuMs),
    redisCpuMs: mean((run) => run.redisCpuMs),
    sent: timed.reduce((sum, run) => sum + run.sent, 0),
  };
}

export async function benchReminderPatrol(deps: PatrolBenchDeps, count: number, runs: number): Promise<void> {
  const seconds = await seedWaiting(deps, 'patrol-many', count);
  await seedWaiting(deps, 'patrol-few', HANDFUL);
  const few = await patrolCost(deps, 'patrol-few', runs);
  const many = await patrolCost(deps, 'patrol-many', runs);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const line = (label: string, cost: RunCost) =>
    console.log(
      `  ${label} p50 ${ms(cost.p50Ms)}  CPU ${ms(cost.cpuMs)} (Redis ${ms(cost.redisCpuMs)})  ` +
        `first run ${ms(cost.first.ms)}, CPU ${ms(cost.first.cpuMs)} (Redis ${ms(cost.first.redisCpuMs)}), ` +
        `${cost.first.sent + cost.sent} sent`,
    );
  console.log(
    `review reminder patrol, one run over one organisation, ${runs} runs (seeded ${count.toLocaleString('en')} ` +
      `waiting in ${seconds.toFixed(1)} s; all past their delay, 9 in 10 escalated, 1 in 10 reminded):`,
  );
  line(`${HANDFUL} waiting:`.padEnd(16), few);
  line(`${count.toLocaleString('en')} waiting:`.padEnd(16), many);
  console.log(
    `  ratio (${count.toLocaleString('en')} / ${HANDFUL}, CPU): ${(many.cpuMs / few.cpuMs).toFixed(1)} ×`,
  );
}
