import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { RedisClient } from './redis-client.js';
import type { DraftRecord } from '../../domain/draft-record.js';
import type { Logger } from '../../services/ports/logger.js';
import type { AdminAlert } from '../../domain/admin-alert.js';
import type { NotificationKindOfCommit, OutboxJob, OutboxRound } from '../../services/ports/drafts.js';
import type { RedisKeys } from './redis-keys.js';
import { withScripts } from './redis-scripts.js';
import { orgsToWalk } from './org-of-ids.js';

/** The consumer group of the workers that fan notification jobs out. */
export const OUTBOX_GROUP = 'fan-out';
const BATCH = 32;
/** A notification a few tens of milliseconds later costs nobody anything; a round per job costs a write each. */
const GATHER_MS = 25;
/** How long the drain waits before trying again after Redis failed it. */
const RETRY_MS = 1_000;

export interface OutboxDrainOptions {
  /** A connection of its own: reading blocks it. It is disconnected when the drain closes. */
  connection: RedisClient;
  keys: RedisKeys;
  logger: Pick<Logger, 'error'>;
  /** A job read by a worker that did not acknowledge it within this long is taken over (it died). */
  claimAfterMs?: number;
  /** How long one read waits for new jobs. */
  blockMs?: number;
  /**
   * How long the drain lets jobs gather after a round that found some but not a full batch, before reading again:
   * the next round's jobs share its reads and its acknowledgement, instead of a round per job when jobs trickle
   * in one by one. The first job after a quiet spell is read at once.
   */
  gatherMs?: number;
  /** Attempts of a job before it is given up (dead-lettered). */
  maxAttempts?: number;
  /** Wait before the second attempt; it doubles with each further one, up to RETRY_CAP_MS. */
  retryBaseMs?: number;
  /** Milliseconds since the epoch (test seam: the injected clock). */
  now?: () => number;
  /** Told of a job given up after its last attempt (it raises an admin alert). */
  givenUp?: (job: OutboxJob, attempts: number, error: unknown) => Promise<void>;
}

/** The longest wait between two attempts of a job. */
const RETRY_CAP_MS = 5 * 60_000;
/** Jobs given up that the dead-letter stream keeps (about; the oldest go first). */
const DEAD_LETTERS_KEPT = 1_000;

/** How long before attempt `attempt + 1` of a job that failed `attempt` times (1, 2, …): doubling, capped. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), RETRY_CAP_MS);
}

// KEYS: retries, outbox. ARGV: now (ms), most to move. Jobs whose retry is due go back into the outbox, each
// with its fields as they were (attempts included).
const PROMOTE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  redis.call('XADD', KEYS[2], '*', unpack(cjson.decode(member)))
  redis.call('ZREM', KEYS[1], member)
end
return #due`;

type Entry = [id: string, fields: string[] | null];

/**
 * Drains the notification outbox (a Redis stream the draft commit and a raised admin alert write, see RedisDraftStore
 * and RedisAdminAlerts) through a consumer
 * group: each job goes to one worker, is acknowledged and deleted once handled, and is taken over by another
 * worker when the one that read it died before acknowledging. A job may so be handled twice; the handler must
 * be idempotent (deliveries and timers are keyed by draft, version, stage and person).
 *
 * Under hashTags there is one outbox per organisation (each in its organisation's slot, written by that
 * organisation's commits): the drain reads them in turn without blocking, and waits `blockMs` after a round that
 * found nothing (a blocking read of several streams would span slots).
 */
export function drainNotificationOutbox(
  handle: (job: OutboxJob, round: OutboxRound) => Promise<void>,
  options: OutboxDrainOptions,
): { close(): Promise<void> } {
  const { connection, logger, keys } = options;
  const claimAfterMs = options.claimAfterMs ?? 30_000;
  const blockMs = options.blockMs ?? 2_000;
  const gatherMs = options.gatherMs ?? GATHER_MS;
  const consumer = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  let stopped = false;
  const claimedAt = new Map<string, number>();
  const grouped = new Set<string>();
  let wake = () => {};

  const maxAttempts = options.maxAttempts ?? 8;
  const now = options.now ?? Date.now;
  const scripts = withScripts(connection, { qianfaOutboxPromote: PROMOTE });

  /**
   * Handles the round's entries of one organisation, then acknowledges those handled all at once: one write (and
   * one fsync under appendfsync always) per round, not per job. A failed job leaves on its own, to the retries set
   * or the dead letters. A worker that dies before the acknowledgement leaves the round's jobs to be taken over
   * and handled again, which the handler's keyed deliveries make harmless.
   */
  async function handleRound(org: string, entries: readonly Entry[]): Promise<void> {
    const handled: string[] = [];
    const round = sharedRound();
    try {
      for (const entry of entries)
        if (!stopped && (await handleEntry(org, entry, round))) handled.push(entry[0]);
    } finally {
      if (handled.length > 0) await takenOut(org, handled).exec();
    }
  }

  /** True when handled (it waits for the round's acknowledgement); false when it left on its own (it failed). */
  async function handleEntry(org: string, [id, fields]: Entry, round: OutboxRound): Promise<boolean> {
    let job: OutboxJob | undefined;
    try {
      job = fields ? jobOf(id, fields) : undefined;
    } catch (error) {
      // Unreadable, it never will be: a dead letter at once, so it cannot hold up the jobs behind it.
      logger.error('notification job unreadable; dead-lettered', { job: id, error: String(error) });
      await deadLetter(org, id, fields!, attemptsOf(fields!), error);
      return false;
    }
    try {
      if (job) await handle(job, round);
    } catch (error) {
      logger.error('notification job failed', { job: id, error: String(error) });
      await failed(org, id, fields!, job!, error);
      return false;
    }
    return true;
  }

  /** The entries leave the outbox: acknowledged and deleted, in the same step as where they go. */
  function takenOut(org: string, ids: readonly string[]) {
    const key = keys.notificationOutbox(org);
    return connection
      .multi()
      .xack(key, OUTBOX_GROUP, ...ids)
      .xdel(key, ...ids);
  }

  /** A failed job waits in the retries set for its next attempt, or is given up after its last one. */
  async function failed(org: string, id: string, fields: string[], job: OutboxJob, error: unknown) {
    const attempts = attemptsOf(fields) + 1;
    if (attempts < maxAttempts) {
      const due = now() + retryDelayMs(attempts, options.retryBaseMs ?? 1_000);
      await takenOut(org, [id])
        .zadd(keys.notificationRetries(org), due, JSON.stringify(withAttempts(fields, attempts)))
        .exec();
      return;
    }
    await deadLetter(org, id, fields, attempts, error);
    await options.givenUp?.(job, attempts, error);
  }

  async function deadLetter(org: string, id: string, fields: string[], attempts: number, error: unknown) {
    const letter = [...withAttempts(fields, attempts), 'error', String(error)];
    const dead = keys.notificationDeadLetters(org);
    await takenOut(org, [id])
      .xadd(dead, 'MAXLEN', '~', DEAD_LETTERS_KEPT, '*', ...letter)
      .exec();
  }

  /** The org's next jobs: retries now due, jobs a dead worker left, then new ones (waiting for them on one node). */
  async function nextEntries(org: string): Promise<Entry[]> {
    const key = keys.notificationOutbox(org);
    if (!grouped.has(org)) grouped.add(await createGroup(connection, key, org));
    await scripts.qianfaOutboxPromote(2, keys.notificationRetries(org), key, now(), BATCH);
    if (Date.now() - (claimedAt.get(org) ?? 0) >= claimAfterMs / 2) {
      claimedAt.set(org, Date.now());
      const claimed = (await connection.xautoclaim(
        key,
        OUTBOX_GROUP,
        consumer,
        claimAfterMs,
        '0-0',
        'COUNT',
        BATCH,
      )) as [string, Entry[]];
      if (claimed[1].length > 0) return claimed[1];
    }
    const group = ['GROUP', OUTBOX_GROUP, consumer, 'COUNT', BATCH] as const;
    const read = (await (keys.perOrg
      ? connection.xreadgroup(...group, 'STREAMS', key, '>')
      : connection.xreadgroup(...group, 'BLOCK', blockMs, 'STREAMS', key, '>'))) as
      [string, Entry[]][] | null;
    return read?.[0]?.[1] ?? [];
  }

  /** Waits `ms` between rounds, or until the drain closes. */
  function idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  let handling: Promise<void> = Promise.resolve();
  /** One round over the outboxes: how many jobs the fullest outbox gave (0: none had a job). */
  async function drainOnce(): Promise<number> {
    const orgs = await orgsToWalk(connection, keys);
    let most = 0;
    for (const org of orgs) {
      if (stopped) break;
      const entries = await nextEntries(org);
      most = Math.max(most, entries.length);
      handling = handleRound(org, entries);
      await handling;
    }
    return most;
  }

  /**
   * After a round that found nothing: `blockMs` per organisation, where reads cannot block (on one node the read
   * itself waits). After a round short of a full batch: `gatherMs`. After a full one: none, more are waiting.
   */
  function pauseAfter(found: number): number {
    if (found === 0) return keys.perOrg ? blockMs : 0;
    return found < BATCH ? gatherMs : 0;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const pause = pauseAfter(await drainOnce());
        if (pause > 0 && !stopped) await idle(pause);
      } catch (error) {
        if (stopped) return;
        // Redis away: the jobs wait in the stream; try again shortly.
        logger.error('notification outbox drain failed; retrying', { error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  })();

  return {
    async close() {
      stopped = true;
      wake();
      await handling;
      connection.disconnect(); // ends a read still blocking
      await loop;
    },
  };
}

/** A round's shared reads: each key read once, or again after its read failed. */
function sharedRound(): OutboxRound {
  const reads = new Map<string, Promise<unknown>>();
  return {
    shared<T>(key: string, read: () => Promise<T>): Promise<T> {
      const known = reads.get(key);
      if (known) return known as Promise<T>;
      const reading = read();
      reads.set(key, reading);
      reading.catch(() => reads.delete(key));
      return reading;
    },
  };
}

/** The group starts at the stream's beginning: jobs committed before any worker ever ran are handled too. */
async function createGroup<T>(connection: RedisClient, key: string, done: T): Promise<T> {
  try {
    await connection.xgroup('CREATE', key, OUTBOX_GROUP, '0', 'MKSTREAM');
  } catch (error) {
    if (!String(error).includes('BUSYGROUP')) throw error;
  }
  return done;
}

/** Where field `name`'s value is among a stream entry's names and values (-1: none). */
function valueAt(fields: readonly string[], name: string): number {
  const at = fields.findIndex((field, i) => i % 2 === 0 && field === name);
  return at < 0 ? -1 : at + 1;
}

/** Where the job's attempts so far are (-1: none, as the commit writes it). */
const attemptsAt = (fields: readonly string[]) => valueAt(fields, 'attempts');

function attemptsOf(fields: readonly string[]): number {
  const at = attemptsAt(fields);
  return at >= 0 ? Number(fields[at]) : 0;
}

/** The job's fields with its attempts so far. */
function withAttempts(fields: readonly string[], attempts: number): string[] {
  const at = attemptsAt(fields);
  if (at < 0) return [...fields, 'attempts', String(attempts)];
  return fields.map((value, i) => (i === at ? String(attempts) : value));
}

/** A draft commit's job (`kinds`, `record`) or an admin alert's (`alert`). */
function jobOf(id: string, fields: readonly string[]): OutboxJob {
  const value = (name: string) => fields[valueAt(fields, name)] ?? '';
  if (valueAt(fields, 'alert') >= 0) return { id, alert: JSON.parse(value('alert')) as AdminAlert };
  const kinds = value('kinds').split(',') as NotificationKindOfCommit[];
  return { id, record: JSON.parse(value('record')) as DraftRecord, kinds };
}

/** The organisation of a job from its fields (its draft's, or its alert's): whose outbox it is in under hashTags. */
export function outboxJobOrg(fields: readonly string[]): string {
  const job = jobOf('', fields);
  return 'alert' in job ? job.alert.org : job.record.review.org;
}
