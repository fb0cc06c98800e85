import { isFailureOfKind } from '../domain/platform-failure.js';
import { forEachLimited } from './for-each-limited.js';
import type { Metrics } from './ports/metrics.js';
import type {
  ChannelSender,
  Delivery,
  DeliveryDispatch,
  DeliveryMarks,
  DeliveryQueue,
  GivenUpDelivery,
  ReadyDelivery,
} from './ports/notifications.js';

export interface DeliveryDispatchDeps {
  marks: DeliveryMarks;
  senders: readonly ChannelSender[];
  /** Where a delivery whose send failed transiently goes: retried with backoff, given up after the last. */
  retries: DeliveryQueue;
  /** A delivery that failed for good: the organisation's admins are told. */
  givenUp: (delivery: GivenUpDelivery, error: unknown) => Promise<void>;
  metrics: Pick<Metrics, 'delivery'>;
  /** Sends in flight at once per fan-out. */
  concurrency: number;
}

/** Thrown when part of a fan-out is being sent by another worker: the job is tried again later, not dropped. */
export class DeliveriesInFlight extends Error {
  constructor(count: number) {
    super(`${count} deliveries are being sent by another worker; the fan-out is tried again later`);
  }
}

/**
 * The fan-out sends its deliveries itself (no queue job per delivery): it claims the batch's keys in one step, sends
 * what it claimed a few at a time, hands what failed transiently to the retry queue, and marks the batch done in one
 * more step. Run twice (its job redelivered), it skips what is done; a worker that died between sending and marking
 * leaves leases that run out, and the job's next run sends those again (at least once, never lost). Keys leased by
 * a live worker fail the run after the rest are sent, so the job comes back once that worker is done.
 */
export function createDeliveryDispatch(deps: DeliveryDispatchDeps): DeliveryDispatch {
  async function sendOne({ delivery, outgoing }: ReadyDelivery, retry: Delivery[]): Promise<void> {
    const { channel } = delivery;
    try {
      const sender = deps.senders.find((candidate) => candidate.channel === channel);
      if (!sender) throw new NoSender(channel);
      await sender.send(outgoing.address, outgoing.message);
      deps.metrics.delivery(channel, 'sent');
    } catch (error) {
      if (!(error instanceof NoSender || isFailureOfKind(error, 'permanent'))) {
        deps.metrics.delivery(channel, 'retry');
        retry.push(delivery);
        return;
      }
      deps.metrics.delivery(channel, 'given_up');
      await deps.givenUp({ person: delivery.person, channel }, error);
    }
  }

  return {
    async dispatch(org, batch) {
      const states = await deps.marks.claim(
        org,
        batch.map((ready) => ready.delivery.key),
      );
      const claimed = batch.filter((_, index) => states[index] === 'claimed');
      const retry: Delivery[] = [];
      await forEachLimited(claimed, deps.concurrency, (ready) => sendOne(ready, retry));
      await deps.retries.add(retry);
      await deps.marks.done(
        org,
        claimed.map((ready) => ready.delivery.key),
      );
      const inFlight = states.filter((state) => state === 'in_flight').length;
      if (inFlight > 0) throw new DeliveriesInFlight(inFlight);
    },
  };
}

/** No sender for the channel is configured here (e.g. WeCom removed from the configuration): a permanent failure. */
class NoSender extends Error {
  constructor(channel: string) {
    super(`没有配置 ${channel} 渠道`);
  }
}
