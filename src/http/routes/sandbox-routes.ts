import express, { type Express } from 'express';
import type { SandboxRecords } from '../../domain/sandbox-records.js';
import { renderSandboxPage } from '../../pages/sandbox-page.js';
import { securityHeaders } from '../security-headers.js';

/** Every answer of a sandbox says so, the API's included: `X-Qianfa-Sandbox: 1`. */
export const SANDBOX_HEADER = 'X-Qianfa-Sandbox';

/**
 * The app a sandbox listens with: the service's own inside, every answer marked, and `/sandbox`, the page of
 * what the simulated platforms received. Open to anyone who reaches it: the records are simulated ones.
 */
export function sandboxApp(
  service: Express,
  records: () => SandboxRecords,
  publicUrl: () => string,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader(SANDBOX_HEADER, '1');
    next();
  });
  app.get('/sandbox', securityHeaders(publicUrl), (_req, res) => {
    res.type('html').send(renderSandboxPage(records()));
  });
  app.use(service);
  return app;
}
