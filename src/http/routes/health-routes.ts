import { Router } from 'express';
import type { DraftChecker } from '../../services/draft-checker.js';

/**
 * `/healthz`: the process answers, with the checks in flight when they run on threads. `/readyz`: it can also
 * reach Redis (else 503, so a balancer skips it).
 */
export function healthRoutes(ping: () => Promise<boolean>, checker?: Pick<DraftChecker, 'stats'>): Router {
  const router = Router();
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
  return router;
}
