import type { Router } from 'express';
import type { DraftChecker } from '../../services/draft-checker.js';

/**
 * `/healthz`: the process answers, with the checks in flight when they run on threads. `/readyz`: it can also
 * reach Redis (else 503, so a balancer skips it). Put on the app's own router: a router of their own was entered
 * (and left through a setImmediate) by every request.
 */
export function healthRoutesOn(
  router: Pick<Router, 'get'>,
  ping: () => Promise<boolean>,
  checker?: Pick<DraftChecker, 'stats'>,
): void {
  router.get('/healthz', (_req, res) => {
    const checks = checker?.stats?.();
    res.json({ status: 'ok', ...(checks ? { checks } : {}) });
  });
  router.get('/readyz', async (_req, res) => {
    const ready = await ping();
    res
      .status(ready ? 200 : 503)
      .json(
        ready
          ? { status: 'ready' }
          : { error: { code: 'not_ready', message: '无法连接 Redis，服务暂不可用。' } },
      );
  });
}
