import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';
import { withScripts } from './redis-scripts.js';
import type { DeliveryMarks, MarkState } from '../../services/ports/notifications.js';

/** How long a worker may take to send what it claimed before another may claim it again (it died). */
export const SENDING_LEASE_MS = 60_000;
/** How long a delivery is remembered as done: longer than any redelivery of its fan-out job. */
export const SENT_KEPT_MS = 7 * 24 * 3600_000;

// KEYS: the marks. ARGV: lease (ms). Per key: 1 claimed (now `sending` for the lease), 0 done (`sent`), 2 being
// sent by another worker (a live lease).
const CLAIM = `
local states = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, 'sending', 'NX', 'PX', ARGV[1]) then
    states[i] = 1
  elseif redis.call('GET', key) == 'sent' then
    states[i] = 0
  else
    states[i] = 2
  end
end
return states`;

// KEYS: the marks. ARGV: how long they are kept (ms).
const DONE = `
for _, key in ipairs(KEYS) do redis.call('SET', key, 'sent', 'PX', ARGV[1]) end
return #KEYS`;

const STATES: Readonly<Record<number, MarkState>> = { 0: 'done', 1: 'claimed', 2: 'in_flight' };

/**
 * DeliveryMarks as one string per delivery in its organisation's slot (a fan-out's deliveries are all of one
 * organisation, so each script touches one slot on a Cluster): a claim and a completion are one script call each
 * for the whole batch.
 */
export class RedisDeliveryMarks implements DeliveryMarks {
  private readonly scripts;

  constructor(
    redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly leaseMs = SENDING_LEASE_MS,
  ) {
    this.scripts = withScripts(redis, { qianfaDeliveryClaim: CLAIM, qianfaDeliveryDone: DONE });
  }

  async claim(org: string, deliveries: readonly string[]): Promise<MarkState[]> {
    if (deliveries.length === 0) return [];
    const marks = deliveries.map((delivery) => this.keys.deliveryMark(org, delivery));
    const states = (await this.scripts.qianfaDeliveryClaim(marks.length, ...marks, this.leaseMs)) as number[];
    return states.map((state) => STATES[state] ?? 'in_flight');
  }

  async done(org: string, deliveries: readonly string[]): Promise<void> {
    if (deliveries.length === 0) return;
    const marks = deliveries.map((delivery) => this.keys.deliveryMark(org, delivery));
    await this.scripts.qianfaDeliveryDone(marks.length, ...marks, SENT_KEPT_MS);
  }
}
