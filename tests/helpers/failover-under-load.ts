import type { Response } from 'supertest';
import { until } from './until.js';

/** What the final approvals sent through a failover left: the ones answered 200, and every status seen. */
export interface ApprovalsThroughFailover {
  acknowledged: Set<string>;
  statuses: number[];
}

/**
 * Sends each draft's final approval, `lanes` at once, until it is answered 200 (acknowledged) or 409/403 (an
 * earlier attempt that was not acknowledged went through after all); 5xx while the primary or master is down or
 * has no replica. Once `killAfter` are acknowledged, `kill` runs (the caller SIGKILLs a node) and then `recover`
 * (it waits for the promotion and restarts the node). No approval is sent between the start of `kill` and the
 * node's death: those already in flight meet it, and the rest (at least `ids.length - killAfter - lanes + 1`) are
 * all sent through the failover, however slow the machine, instead of racing the kill to the end.
 */
export async function approveThroughFailover(options: {
  ids: readonly string[];
  approve: (id: string) => Promise<Response>;
  lanes: number;
  killAfter: number;
  kill: () => Promise<void>;
  recover: () => Promise<void>;
}): Promise<ApprovalsThroughFailover> {
  if (options.killAfter + options.lanes > options.ids.length)
    throw new Error('too few drafts: some approvals must be left to send through the failover');
  const acknowledged = new Set<string>();
  const statuses: number[] = [];
  let killed: Promise<void> | undefined;
  let recovered: Promise<void> | undefined;
  const decide = (id: string) =>
    until(
      `the final approval of ${id}`,
      async () => {
        await killed;
        const answer = await options.approve(id);
        statuses.push(answer.status);
        if (answer.status === 200) {
          acknowledged.add(id);
          if (acknowledged.size === options.killAfter) {
            killed = options.kill();
            recovered = killed.then(options.recover);
          }
          return 'acknowledged';
        }
        return answer.status < 500 ? 'refused' : undefined;
      },
      120_000,
    );
  let next = 0;
  await Promise.all(
    Array.from({ length: options.lanes }, async () => {
      for (let i = next++; i < options.ids.length; i = next++) await decide(options.ids[i]!);
    }),
  );
  await recovered;
  return { acknowledged, statuses };
}

/** Waits until every draft reads as published (`read` answers a draft's GET), naming the statuses on time-out. */
export async function untilAllPublished(
  ids: readonly string[],
  read: (id: string) => Promise<Response>,
  deadlineMs = 120_000,
): Promise<void> {
  let lastStatuses = '';
  await until(
    'every approved draft to be published',
    async () => {
      const reads = await Promise.all(ids.map(read));
      const statuses = reads.map((answer) => (answer.body as { status?: string }).status);
      lastStatuses = statuses.join(',');
      return statuses.every((status) => status === 'published');
    },
    deadlineMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message} (statuses: ${lastStatuses})`);
  });
}
