import { Router } from 'express';

/** `/healthz`: the process answers. `/readyz`: it can also reach Redis (else 503, so a balancer skips it). */
export function healthRoutes(ping: () => Promise<boolean>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
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
