import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';
import { request, type Dispatcher } from 'undici';
import type { Clock } from '../../domain/clock.js';
import { refusalForFetch } from '../../domain/egress-policy.js';
import { isReachableStatus, type LinkProbe } from '../../domain/monitor/patrol-links.js';
import type { LinkChecker } from '../../services/ports/patrol.js';
import { guardedDispatcher, type Resolver } from './guarded-dispatcher.js';

export interface LinkCheckerOptions {
  /** Hosts reached even at loopback or private addresses (an installation's intranet, tests' loopback). */
  allowHosts: readonly string[];
  /** Requests per second to one host at most. */
  perHostPerSecond: number;
  /** How long a probe's result is reused. */
  cacheMs: number;
  /** Deadline per request, headers and body. */
  timeoutMs: number;
  now: Clock;
  resolve?: Resolver;
}

/** Redirects followed at most; a longer chain counts as unreachable. */
const MAX_REDIRECTS = 5;
const USER_AGENT = 'qianfa-link-patrol/1 (+https://github.com/qianfa)';

/**
 * Probes outbound links as a polite client: each host queued to its own rate (rate-limiter-flexible's queue),
 * HEAD first and GET when HEAD is refused (many servers answer HEAD with 403/405), redirects followed by hand
 * (at most five, each hop through the egress policy), a deadline per request, results cached for `cacheMs`.
 * Only http(s); loopback, private and link-local addresses are refused unless their host is allowed.
 */
export function createLinkChecker(
  options: LinkCheckerOptions,
): LinkChecker & { close(): Promise<void>; destroy(): Promise<void> } {
  const dispatcher = guardedDispatcher(options.allowHosts, options.resolve);
  const limiter = new RateLimiterQueue(
    new RateLimiterMemory({ points: options.perHostPerSecond, duration: 1 }),
  );
  const cache = new Map<string, { probe: LinkProbe; until: number }>();

  async function send(url: URL, method: 'HEAD' | 'GET'): Promise<Dispatcher.ResponseData> {
    await limiter.removeTokens(1, url.host);
    return request(url, {
      method,
      dispatcher,
      headers: { 'user-agent': USER_AGENT, accept: '*/*' },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  }

  /** One hop: HEAD, then GET when HEAD is not answered with success or a redirect. */
  async function hop(url: URL): Promise<{ status: number; location?: string }> {
    let response = await send(url, 'HEAD');
    await response.body.dump();
    if (response.statusCode >= 400) {
      response = await send(url, 'GET');
      await response.body.dump();
    }
    const location = response.headers['location'];
    return { status: response.statusCode, ...(typeof location === 'string' ? { location } : {}) };
  }

  async function follow(start: URL): Promise<LinkProbe> {
    let url = start;
    for (let hops = 0; hops <= MAX_REDIRECTS; hops++) {
      const refused = refusalForFetch(url, options.allowHosts);
      if (refused) return { reachable: false, reason: refused };
      const answer = await hop(url);
      if (answer.status < 300 || answer.status >= 400 || answer.location === undefined)
        return isReachableStatus(answer.status)
          ? { reachable: true, status: answer.status }
          : { reachable: false, status: answer.status, reason: `http_${answer.status}` };
      url = new URL(answer.location, url);
    }
    return { reachable: false, reason: 'too_many_redirects' };
  }

  return {
    async probe(link) {
      const cached = cache.get(link);
      if (cached && cached.until > options.now().getTime()) return cached.probe;
      const probe = await follow(new URL(link)).catch((error: unknown) => ({
        reachable: false as const,
        reason: failureReason(error),
      }));
      cache.set(link, { probe, until: options.now().getTime() + options.cacheMs });
      return probe;
    },
    close: () => dispatcher.close(),
    destroy: () => dispatcher.destroy(),
  };
}

function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'EgressRefusedError') return 'private_address';
  if (error.name === 'TimeoutError' || error.name.includes('Timeout')) return 'timeout';
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : error.message;
}
