import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';
import type { Metrics, MetricsExposition } from '../../services/ports/metrics.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const WAIT_BUCKETS = [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 259_200];

/** The service's metrics on prom-client, in a registry of their own (several apps in one process stay apart). */
export interface PrometheusMetrics extends Metrics, MetricsExposition {
  readonly registry: Registry;
  /** Queue depth and the age of the oldest waiting job, read from BullMQ at each scrape. */
  watchQueues(queues: readonly Queue[]): void;
}

export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'qianfa_process_' });
  const make = { registers: [registry] };
  const http = new Histogram({
    name: 'qianfa_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    ...make,
  });
  const publishes = new Counter({
    name: 'qianfa_publish_outcomes_total',
    help: 'Publish job runs by platform, outcome (completed, retry, failed) and platform code.',
    labelNames: ['platform', 'outcome', 'code'] as const,
    ...make,
  });
  const deliveries = new Counter({
    name: 'qianfa_notifications_total',
    help: 'Notification deliveries by channel and outcome (sent, retry, given_up, moot).',
    labelNames: ['channel', 'outcome'] as const,
    ...make,
  });
  const checks = new Histogram({
    name: 'qianfa_check_duration_seconds',
    help: 'Time to check one draft (on a worker thread, waiting included).',
    buckets: LATENCY_BUCKETS,
    ...make,
  });
  const appends = new Histogram({
    name: 'qianfa_audit_append_duration_seconds',
    help: 'Time to append one entry to an audit chain.',
    buckets: LATENCY_BUCKETS,
    ...make,
  });
  const waits = new Histogram({
    name: 'qianfa_review_wait_seconds',
    help: 'How long a stage waited before it was decided, by grade.',
    labelNames: ['grade'] as const,
    buckets: WAIT_BUCKETS,
    ...make,
  });
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    httpRequest: ({ method, route, status }, seconds) =>
      http.observe({ method, route, status: String(status) }, seconds),
    publishOutcome: (platform, outcome, code) => publishes.inc({ platform, outcome, code }),
    delivery: (channel, outcome) => deliveries.inc({ channel, outcome }),
    checked: (seconds) => checks.observe(seconds),
    auditAppended: (seconds) => appends.observe(seconds),
    reviewWaited: (grade, seconds) => waits.observe({ grade }, seconds),
    watchQueues: (queues) => watchQueues(registry, queues),
  };
}

function watchQueues(registry: Registry, queues: readonly Queue[]): void {
  new Gauge({
    name: 'qianfa_queue_jobs',
    help: 'Jobs per queue and state (waiting, active, delayed, failed).',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
        for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
      }
    },
  });
  new Gauge({
    name: 'qianfa_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting per queue (0 when none waits).',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      for (const queue of queues) {
        const [oldest] = await queue.getJobs(['waiting'], 0, 0, true);
        this.set({ queue: queue.name }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
      }
    },
  });
}
