import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { contentSecurityPolicyDirectives } from '../pages/page-layout.js';

/**
 * The security headers on every answer, pages and API alike (issue 14, point 5): the pages' CSP as a header
 * (with frame-ancestors 'none'), nosniff, no referrer, and HSTS only when people reach us over https.
 * img-src lists `imageHosts` (the pages show images from those only). `publicUrl` is a function: with PORT=0 it is known only once the server listens.
 */
export function securityHeaders(
  publicUrl: (() => string) | undefined,
  imageHosts?: readonly string[],
): RequestHandler {
  const directives = contentSecurityPolicyDirectives(imageHosts);
  const options = (hsts: boolean) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: hsts ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    });
  const overHttps = options(true);
  const overHttp = options(false);
  return (req, res, next) => {
    const https = publicUrl?.().startsWith('https:') ?? false;
    (https ? overHttps : overHttp)(req, res, next);
  };
}
