import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DraftRecord } from '../../domain/draft-record.js';
import type { Logger } from '../../services/ports/logger.js';
import type { NotificationJob, NotificationKindOfCommit } from '../../services/ports/drafts.js';
import type { RedisKeys } from './redis-keys.js';

/** The consumer group of the workers that fan notification jobs out. */
export const OUTBOX_GROUP = 'fan-out';
const BATCH = 32;
/** How long the drain waits before trying again after Redis failed it. */
const RETRY_MS = 1_000;

export interface OutboxDrainOptions {
  /** A connection of its own: reading blocks it. It is disconnected when the drain closes. */
  connection: Redis;
  keys: RedisKeys;
  logger: Pick<Logger, 'error'>;
  /** A job read by a worker that did not acknowledge it within this long is taken over (it died). */
  claimAfterMs?: number;
  /** How long one read waits for new jobs. */
  blockMs?: number;
}

type Entry = [id: string, fields: string[] | null];

/**
 * Drains the notification outbox (a Redis stream the draft commit writes, see RedisDraftStore) through a consumer
 * group: each job goes to one worker, is acknowledged and deleted once handled, and is taken over by another
 * worker when the one that read it died before acknowledging. A job may so be handled twice; the handler must
 * be idempotent (deliveries and timers are keyed by draft, version, stage and person).
 */
export function drainNotificationOutbox(
  handle: (job: NotificationJob) => Promise<void>,
  options: OutboxDrainOptions,
): { close(): Promise<void> } {
  const { connection, logger } = options;
  const key = options.keys.notificationOutbox();
  const claimAfterMs = options.claimAfterMs ?? 30_000;
  const consumer = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  let stopped = false;
  let claimedAt = 0;

  async function handleEntry([id, fields]: Entry): Promise<void> {
    const job = fields ? jobOf(id, fields) : undefined;
    try {
      if (job) await handle(job);
    } catch (error) {
      // Left unacknowledged: taken over and handled again after claimAfterMs.
      logger.error('notification job failed', { job: id, error: String(error) });
      return;
    }
    await connection.multi().xack(key, OUTBOX_GROUP, id).xdel(key, id).exec();
  }

  async function nextEntries(): Promise<Entry[]> {
    if (Date.now() - claimedAt >= claimAfterMs / 2) {
      claimedAt = Date.now();
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
    const read = (await connection.xreadgroup(
      'GROUP',
      OUTBOX_GROUP,
      consumer,
      'COUNT',
      BATCH,
      'BLOCK',
      options.blockMs ?? 2_000,
      'STREAMS',
      key,
      '>',
    )) as [string, Entry[]][] | null;
    return read?.[0]?.[1] ?? [];
  }

  let handling: Promise<void> = Promise.resolve();
  async function drainOnce(): Promise<void> {
    const entries = await nextEntries();
    handling = (async () => {
      for (const entry of entries) if (!stopped) await handleEntry(entry);
    })();
    await handling;
  }
  const loop = (async () => {
    let grouped = false;
    while (!stopped) {
      try {
        if (!grouped) grouped = await createGroup(connection, key);
        await drainOnce();
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
      await handling;
      connection.disconnect(); // ends a read still blocking
      await loop;
    },
  };
}

/** The group starts at the stream's beginning: jobs committed before any worker ever ran are handled too. */
async function createGroup(connection: Redis, key: string): Promise<true> {
  try {
    await connection.xgroup('CREATE', key, OUTBOX_GROUP, '0', 'MKSTREAM');
  } catch (error) {
    if (!String(error).includes('BUSYGROUP')) throw error;
  }
  return true;
}

function jobOf(id: string, fields: readonly string[]): NotificationJob {
  const value = (name: string) => fields[fields.indexOf(name) + 1] ?? '';
  const kinds = value('kinds').split(',') as NotificationKindOfCommit[];
  return { id, record: JSON.parse(value('record')) as DraftRecord, kinds };
}
