import express, { type Express } from 'express';
import type { PeopleService } from '../services/people-service.js';
import { authenticate } from './auth.js';
import { errorHandler, notFoundHandler, type Logger } from './error-mapping.js';
import { adminRoutes } from './routes/admin-routes.js';
import { healthRoutes } from './routes/health-routes.js';

export interface AppDeps {
  people: PeopleService;
  /** True when storage answers; drives /readyz. */
  ping: () => Promise<boolean>;
  logger?: Logger;
}

export const jsonLogger: Logger = {
  error(message, fields) {
    process.stderr.write(
      `${JSON.stringify({ level: 'error', time: new Date().toISOString(), message, ...fields })}\n`,
    );
  },
};

/** The HTTP application; it never listens (server.ts does, tests use supertest). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(healthRoutes(deps.ping));
  app.use(express.json({ limit: '1mb' }));
  app.use(
    '/api',
    authenticate((token) => deps.people.authenticate(token)),
  );
  app.use('/api/orgs', adminRoutes(deps.people));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger ?? jsonLogger));
  return app;
}
