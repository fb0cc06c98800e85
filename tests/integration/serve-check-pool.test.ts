import { describe, expect, it } from 'vitest';
import type { CheckerStats } from '../../src/services/draft-checker.js';
import { hostileDraft } from '../helpers/hostile-drafts.js';
import { serve, stopServedAfterEachTest, tempDataDir } from '../helpers/spawn-serve.js';
import { until } from '../helpers/until.js';

stopServedAfterEachTest();

const HOSTILE_REQUESTS = 3;

describe('qianfa serve with hostile drafts in flight', () => {
  it('answers /healthz while their checks run, stops them when the clients go away, and stops on SIGTERM', async () => {
    const served = await serve(tempDataDir(), {
      QIANFA_CHECK_THREADS: '1',
      QIANFA_CHECK_BUDGET_MS: '60000',
      QIANFA_WORKER: 'off',
    });
    const admin = /令牌（只显示这一次，请妥善保存）：(qf_[\w-]{43})/.exec(served.output())![1]!;
    const post = (path: string, token: string, body: unknown, signal?: AbortSignal) =>
      fetch(`${served.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
    const person = await post('/api/orgs/default/people', admin, { name: '王五', roles: ['drafter'] });
    const { token: drafter } = (await person.json()) as { token: string };
    const health = async () => {
      const answer = await fetch(`${served.url}/healthz`);
      return { status: answer.status, checks: ((await answer.json()) as { checks: CheckerStats }).checks };
    };

    const events: string[] = [];
    const clients = new AbortController();
    const hostile = Array.from({ length: HOSTILE_REQUESTS }, () =>
      post('/api/drafts', drafter, hostileDraft(), clients.signal).then(
        () => events.push('hostile answered'),
        () => events.push('hostile aborted'),
      ),
    );
    const busy = await until('/healthz to report a hostile check running', async () => {
      const answer = await health();
      return answer.checks.running === 1 && answer.checks.queued === HOSTILE_REQUESTS - 1 && answer;
    });
    events.push('healthz answered');
    expect(busy).toMatchObject({ status: 200, checks: { threads: 1, running: 1 } });
    expect(events).toEqual(['healthz answered']);

    clients.abort();
    await Promise.all(hostile);
    // Each is given up at once, and stopped (or left the queue) once it has not finished within the grace.
    const idle = await until('the given-up checks to leave the thread', async () => {
      const answer = await health();
      const { cancelled, running, queued } = answer.checks;
      return cancelled === HOSTILE_REQUESTS && running === 0 && queued === 0 && answer;
    });
    expect(idle.checks).toMatchObject({ threads: 1, overBudget: 0 });

    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  });
});
