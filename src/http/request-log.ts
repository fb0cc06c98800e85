import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { LogFields, Logger } from '../services/ports/logger.js';
import type { Metrics } from '../services/ports/metrics.js';
import type { Person } from '../domain/people.js';

/** Paths whose last segment is a credential (a review or login link). */
const LINK_PATH = /\/(m\/review|d\/login)\/[^/?#]+/g;
/** Query parameters that carry credentials (the gateway's tokens and secrets, as the platforms take them). */
const SECRET_PARAMS = new Set(['access_token', 'secret', 'appsecret', 'token', 'csrf']);
const CLIENT_REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * One structured line per request (request id, person, route, status, time) and its latency by route pattern.
 * Links and token parameters are redacted: a log line never carries a working credential. The request id is the
 * client's `X-Request-Id` when it sends a sane one, else a new one, and is sent back.
 */
export function requestLog(logger: Logger | undefined, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    // 'finish' comes once: `on` spares the wrapper `once` builds per request.
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req, res.locals.mountPattern as string | undefined);
      const status = res.statusCode;
      metrics.httpRequest({ method: req.method, route, status }, seconds);
      if (!logger) return;
      const fields: LogFields = {
        request_id: requestId,
        method: req.method,
        route,
        path: redactedUrl(req.originalUrl),
        status,
        ms: Math.round(seconds * 1000),
      };
      const person = (res.locals.caller as Person | undefined)?.id;
      if (person) fields.person = person;
      logger.info('request', fields);
    });
    next();
  };
}

/**
 * Remembers the pattern of a mount path with parameters (`/api/orgs/:slug/accounts`): Express keeps only the
 * concrete base URL, which would make a label per organisation.
 */
export function mountPattern(pattern: string): RequestHandler {
  return (_req, res, next) => {
    res.locals.mountPattern = pattern;
    next();
  };
}

/** The matched route's pattern (`/api/drafts/:id`), never the concrete path: a small, fixed label set. */
function routeOf(req: Request, mount: string | undefined): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern !== 'string') return 'unmatched';
  // A pattern left by a mount the request passed through without being handled there does not fit its base URL.
  const fits = mount !== undefined && mount.split('/').length === req.baseUrl.split('/').length;
  const route = `${fits ? mount : req.baseUrl}${pattern}`;
  return route.length > 1 ? route.replace(/\/$/, '') : route;
}

/** The URL with link tokens and credential parameters replaced, for the log. */
export function redactedUrl(url: string): string {
  const [path = '', query] = url.split('?', 2);
  const safePath = path.replace(LINK_PATH, (_whole, kind: string) => `/${kind}/[redacted]`);
  if (query === undefined) return safePath;
  const params = new URLSearchParams(query);
  for (const name of [...params.keys()])
    if (SECRET_PARAMS.has(name.toLowerCase())) params.set(name, '[redacted]');
  return `${safePath}?${params.toString()}`;
}
