import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { MetricsExposition } from '../../services/ports/metrics.js';
import { HttpError } from '../error-mapping.js';

/**
 * `GET /metrics` in the Prometheus format: with a token configured, for whoever sends it as a Bearer token;
 * without one, for loopback only (a scraper on the same host, or behind the operator's own tunnel).
 */
export function metricsRoute(exposition: MetricsExposition, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token === undefined ? !isLoopback(req) : !bearerMatches(req, token)) {
      throw token === undefined
        ? new HttpError(
            403,
            'metrics_loopback_only',
            '指标仅供本机读取；如需远程抓取，请设置 QIANFA_METRICS_TOKEN。',
          )
        : new HttpError(
            401,
            'metrics_unauthenticated',
            '读取指标需要 Authorization: Bearer <QIANFA_METRICS_TOKEN>。',
          );
    }
    res.type(exposition.contentType).send(await exposition.render());
  };
}

function isLoopback(req: Request): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function bearerMatches(req: Request, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
