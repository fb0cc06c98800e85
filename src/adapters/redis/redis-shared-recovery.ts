import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SharedRecovery } from '../../services/ports/publishing.js';
import type { RedisClient } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';
import { withScripts, type Scripts } from './redis-scripts.js';

// KEYS: 1 the recovery hash. ARGV: 1 this start's ticket ('' draws one), 2 this process, 3 lease ms.
// Answers {ticket, 'covered'} when a finished recovery began after the ticket was drawn, {ticket, 'wait'} while
// another process runs one, else {ticket, 'mine'}: this process runs it (see RedisSharedRecovery.run).
const CLAIM = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local ticket = tonumber(ARGV[1]) or redis.call('HINCRBY', KEYS[1], 'requested', 1)
if tonumber(redis.call('HGET', KEYS[1], 'done') or '0') >= ticket then return {ticket, 'covered'} end
local holder = redis.call('HGET', KEYS[1], 'holder')
if holder and holder ~= ARGV[2] and tonumber(redis.call('HGET', KEYS[1], 'until') or '0') > now then
  return {ticket, 'wait'}
end
redis.call('HSET', KEYS[1], 'holder', ARGV[2], 'until', now + tonumber(ARGV[3]))
return {ticket, 'mine'}`;

// KEYS: 1 the recovery hash. ARGV: 1 this process, 2 lease ms. Extends the lease while it is still ours.
const RENEW = `
if redis.call('HGET', KEYS[1], 'holder') ~= ARGV[1] then return 0 end
local clock = redis.call('TIME')
redis.call('HSET', KEYS[1], 'until', tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000) + ARGV[2])
return 1`;

// KEYS: 1 the recovery hash. ARGV: 1 this process, 2 the tickets its finished run covers ('' when it failed).
const FINISH = `
local covered = tonumber(ARGV[2])
if covered and covered > tonumber(redis.call('HGET', KEYS[1], 'done') or '0') then
  redis.call('HSET', KEYS[1], 'done', covered)
end
if redis.call('HGET', KEYS[1], 'holder') == ARGV[1] then redis.call('HDEL', KEYS[1], 'holder', 'until') end
return 1`;

type RecoveryScripts = Scripts<'qianfaRecoveryClaim' | 'qianfaRecoveryRenew' | 'qianfaRecoveryFinish'>;

export interface SharedRecoveryOptions {
  /** How long a running recovery is trusted without renewal: a process that died is taken over after it. */
  leaseMs?: number;
  /** Pause between looks while another process recovers. */
  pollMs?: number;
  /**
   * What a claimed recovery waits for before it begins, so that processes starting together draw their tickets
   * first and are covered by it (default: a pause of GATHER_MS; see gatherWhenPending).
   */
  gather?: () => Promise<void>;
}

/**
 * How long a claimed recovery lets other processes starting with this one draw their tickets. Without it the
 * second of two processes started together drew its ticket just after the first began, and recovered every
 * approved draft once more, during the drain (bench:publish, 2 processes: one more draft read per publication).
 * Two `qianfa worker` children started together on a loaded 2-core machine drew theirs 0.2 s apart in one run,
 * more than 0.3 s in another.
 */
export const GATHER_MS = 1_000;

/**
 * A gathering that pauses (default: GATHER_MS) only when there is something to recover (`pending`: approved
 * drafts still being published). The gathering saves work, it guarantees nothing (a start that misses a recovery
 * runs its own after it, see cover); with nothing to recover, the recovery another process starting at the same
 * moment then runs finds nothing either and costs one read, so the first start of an installation, and every
 * start once all publications have finished, need not wait. Whether a start is alone cannot be told (another may
 * start a moment later): with drafts to recover, it gathers.
 */
export function gatherWhenPending(
  pending: () => Promise<boolean>,
  pause: () => Promise<void> = () => sleep(GATHER_MS),
): () => Promise<void> {
  return async () => {
    if (await pending()) await pause();
  };
}

/**
 * SharedRecovery on Redis. Each start draws a ticket (a counter); a recovery counts as covering every ticket
 * drawn before it began (it reads the approved drafts after), so a process whose ticket a finished recovery
 * covers skips its own, and one that waits on a running recovery that began too early runs one after it. One
 * process at a time (a holder with a lease, renewed while it runs). A claimed recovery first gathers the starts
 * of a moment (GATHER_MS), then reads how many tickets were drawn: those are the ones it covers.
 */
export class RedisSharedRecovery implements SharedRecovery {
  private readonly scripts: RecoveryScripts;
  private readonly id = randomUUID();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly gather: () => Promise<void>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
    options: SharedRecoveryOptions = {},
  ) {
    this.scripts = withScripts(redis, {
      qianfaRecoveryClaim: CLAIM,
      qianfaRecoveryRenew: RENEW,
      qianfaRecoveryFinish: FINISH,
    });
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 50;
    this.gather = options.gather ?? (() => sleep(GATHER_MS));
  }

  async cover(recover: () => Promise<unknown>, waiting?: () => void): Promise<boolean> {
    const key = this.keys.publishRecovery();
    for (let ticket = ''; ;) {
      const [drawn, state] = (await this.scripts.qianfaRecoveryClaim(
        1,
        key,
        ticket,
        this.id,
        this.leaseMs,
      )) as [number, string];
      ticket = String(drawn);
      if (state === 'covered') return false;
      if (state === 'mine') {
        await this.run(key, recover);
        return true;
      }
      waiting?.();
      waiting = undefined;
      await sleep(this.pollMs);
    }
  }

  private async run(key: string, recover: () => Promise<unknown>): Promise<void> {
    const renew = () =>
      void this.scripts.qianfaRecoveryRenew(1, key, this.id, this.leaseMs).catch(() => undefined);
    const renewing = setInterval(renew, this.leaseMs / 3);
    renewing.unref();
    let covered = '';
    try {
      await this.gather();
      // Read before the recovery reads the approved drafts: every ticket up to here was drawn before that.
      const upTo = (await this.redis.hget(key, 'requested')) ?? '';
      await recover();
      covered = upTo;
    } finally {
      clearInterval(renewing);
      await this.scripts.qianfaRecoveryFinish(1, key, this.id, covered);
    }
  }
}
