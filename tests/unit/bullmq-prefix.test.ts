import calculateSlot from 'cluster-key-slot';
import { describe, expect, it } from 'vitest';
import { bullmqPrefix, PUBLISH_QUEUE_NAME } from '../../src/adapters/queue/bullmq-publish-queue.js';
import {
  DELIVERY_QUEUE_NAME,
  TIMER_QUEUE_NAME,
} from '../../src/adapters/queue/bullmq-notification-queues.js';
import {
  BYPASS_SCAN,
  CADENCE_CHECK,
  GATEWAY_REFUSAL_SUMMARY,
  PATROL,
  SCHEDULED_RELEASE,
  VERSION_ARCHIVE,
} from '../../src/adapters/queue/bullmq-repeating-job.js';
import { clusterAddress } from '../../src/config/redis-address.js';

// BullMQ's prefix under Redis Cluster (issue 17 point 4): a hash tag per queue, so the queues spread over masters.

const QUEUES = [
  PUBLISH_QUEUE_NAME,
  DELIVERY_QUEUE_NAME,
  TIMER_QUEUE_NAME,
  ...[BYPASS_SCAN, CADENCE_CHECK, GATEWAY_REFUSAL_SUMMARY, PATROL, VERSION_ARCHIVE, SCHEDULED_RELEASE].map(
    (kind) => kind.queueName,
  ),
];
const CLUSTER = clusterAddress({ nodes: [{ host: '10.0.0.21', port: 7000 }], waitMs: 1000 });
const SINGLE = 'redis://127.0.0.1:6379';

/** A key BullMQ writes for a queue (`<prefix>:<queue>:<suffix>`). */
const bullKey = (prefix: string, queue: string, suffix: string) => `${prefix}:${queue}:${suffix}`;

/** The master of `slot` when 3 masters share the slots evenly, as `redis-cli --cluster create` gives them. */
const masterOfSlot = (slot: number) => (slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2);

describe('BullMQ prefix', () => {
  it('stays `<prefix>bull` on one node, whatever the queue (existing queues keep their keys)', () => {
    for (const queue of QUEUES) expect(bullmqPrefix('qianfa:', SINGLE, queue)).toBe('qianfa:bull');
  });

  it("puts each queue's keys in one slot on a Cluster", () => {
    for (const queue of QUEUES) {
      const prefix = bullmqPrefix('qianfa:', CLUSTER, queue);
      expect(prefix).toBe(`{qianfa:bull:${queue}}`);
      const keys = ['wait', 'active', 'delayed', 'meta', 'events', 'id', `job-1`].map((suffix) =>
        bullKey(prefix, queue, suffix),
      );
      expect(calculateSlot.generateMulti(keys)).toBeGreaterThanOrEqual(0);
    }
  });

  it('spreads the publish, notification and repeating-job queues over the masters of a 3-master cluster', () => {
    const masterOf = (queue: string) =>
      masterOfSlot(calculateSlot(bullKey(bullmqPrefix('qianfa:', CLUSTER, queue), queue, 'wait')));
    expect(new Set(QUEUES.map(masterOf))).toEqual(new Set([0, 1, 2]));
    expect(new Set(QUEUES.map((queue) => calculateSlot(bullmqPrefix('qianfa:', CLUSTER, queue)))).size).toBe(
      QUEUES.length,
    );
    // The three kinds named by the issue are on three different masters.
    expect(
      new Set([PUBLISH_QUEUE_NAME, DELIVERY_QUEUE_NAME, SCHEDULED_RELEASE.queueName].map(masterOf)).size,
    ).toBe(3);
  });
});
