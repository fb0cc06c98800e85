import type { Request, RequestHandler, Response } from 'express';
import type { Platform } from '../domain/accounts.js';
import type { AuditEvent } from '../domain/audit/audit-event.js';
import type { JsonObject } from '../domain/audit/canonical-json.js';
import type { GatewayCredential } from '../domain/gateway/gateway-credential.js';
import { NO_DRAFT } from '../services/audit-service.js';
import type { AuditLog } from '../services/ports/audit.js';
import type { Clock } from '../domain/clock.js';
import { addressKey, clientAddress } from '../http/address-throttle.js';
import type { FailureLimiter } from '../services/ports/rate-limits.js';
import { isUnauthenticatedRefusal, type UnauthenticatedRefusal } from '../domain/gateway/refusal-summary.js';
import { GATEWAY_AUDIT_ORG, type RefusalSummaries } from '../services/gateway/refusal-summaries.js';

/** One gateway call as the trail records it. Secrets and tokens are never part of it. */
export interface GatewayCall {
  platform: Platform;
  endpoint: string;
  /** The credential the call used, when it named a known one (also when that one was refused). */
  credential?: GatewayCredential;
  /** The operator, once authenticated. */
  person?: string;
  /** The review item the call concerned. */
  draft?: string;
  /** The platform code answered: 0 (or absent) for success. */
  code: number;
  /** Set when refused: why, for people reading the trail. */
  refusal?: string;
  details?: JsonObject;
  /** Refused before anything was checked, for too many failed authentications. */
  rateLimited?: boolean;
}

/** Appends one gateway call to its organisation's chain before it is answered. */
export function recordGatewayCall(audit: AuditLog, call: GatewayCall, at: Date): Promise<unknown> {
  const event: AuditEvent = {
    action: call.refusal === undefined ? 'gateway_call' : 'gateway_refused',
    org: call.credential?.org ?? GATEWAY_AUDIT_ORG,
    draft: call.draft ?? NO_DRAFT,
    actor: call.person ?? call.credential?.person ?? 'gateway',
    at: at.toISOString(),
    details: {
      platform: call.platform,
      endpoint: call.endpoint,
      code: call.code,
      ...(call.credential ? { appid: call.credential.appid, target: call.credential.target } : {}),
      ...(call.refusal === undefined ? {} : { refusal: call.refusal }),
      ...call.details,
    },
  };
  return audit.append(event);
}

/** What a gateway handler decided: the answer, and what the trail records about the call. */
export interface GatewayOutcome {
  /** HTTP status; 200 when absent (WeChat answers every refusal with 200). */
  status?: number;
  body: Record<string, unknown>;
  /** `body` serialised by the handler, answered instead (Weibo's ids beyond 2^53 as bare JSON integers). */
  json?: string;
  call: Omit<GatewayCall, 'platform' | 'endpoint'>;
}

export interface GatewayEndpointOptions {
  platform: Platform;
  audit: AuditLog;
  now: Clock;
  /** The platform's answer to an exception the handler threw (a malformed request, an internal failure). */
  onError: (error: unknown) => GatewayOutcome;
  /** Limits on failed authentication by source address and appid; absent: none. */
  throttle?: GatewayThrottle | undefined;
  /** Where refusals of callers holding no credential are counted, to be summarised per window. */
  refusals: RefusalSummaries;
}

export interface GatewayThrottle {
  failures: FailureLimiter;
  /** The platform's answer to an address or appid refused for too many failed authentications. */
  limited(waitSeconds: number): GatewayOutcome;
}

/** Refusals that are guesses at a credential: an unknown appid or token, a wrong secret. */
const GUESSES: ReadonlySet<string> = new Set(['unknown_appid', 'wrong_secret', 'unknown_token']);

/** The key a gateway appid's failures are counted under. */
export const appidKey = (appid: string): string => `appid:${appid}`;

/** The limited answer when `key` is refused now. */
export async function limitedFor(
  throttle: GatewayThrottle | undefined,
  key: string,
): Promise<GatewayOutcome | undefined> {
  const waitMs = await throttle?.failures.refusedFor(key);
  if (waitMs === undefined || !throttle) return undefined;
  const outcome = throttle.limited(Math.ceil(waitMs / 1000));
  return { ...outcome, call: { ...outcome.call, rateLimited: true } };
}

/** Counts a guess against the address and the appid it named; the call that reaches a limit says so. */
async function countGuess(
  throttle: GatewayThrottle,
  req: Request,
  call: GatewayOutcome['call'],
): Promise<GatewayOutcome['call']> {
  if (call.refusal === undefined || !GUESSES.has(call.refusal)) return call;
  const appid = call.credential?.appid ?? call.details?.['attempted_appid'];
  const byAddress = await throttle.failures.failed(addressKey(req));
  const byAppid = typeof appid === 'string' && (await throttle.failures.failed(appidKey(appid)));
  return byAddress || byAppid ? { ...call, details: { ...call.details, limit_reached: true } } : call;
}

/**
 * Chains the call, or counts it into its window's summary when the caller held no credential (so guessing at
 * an appid's secret, or at tokens, cannot flood a trail).
 */
async function record(options: GatewayEndpointOptions, req: Request, call: GatewayCall): Promise<void> {
  const named = { ...call, namedCredential: call.credential !== undefined };
  if (isUnauthenticatedRefusal(named)) await options.refusals.count(unauthenticated(req, call));
  else await recordGatewayCall(options.audit, call, options.now());
}

function unauthenticated(req: Request, call: GatewayCall): UnauthenticatedRefusal {
  const attempted = call.details?.['attempted_appid'];
  return {
    chain: call.credential?.org ?? GATEWAY_AUDIT_ORG,
    platform: call.platform,
    endpoint: call.endpoint,
    reason: call.refusal ?? 'rate_limited',
    address: clientAddress(req),
    appid: call.credential?.appid ?? (typeof attempted === 'string' ? attempted : undefined),
    limitReached: call.details?.['limit_reached'] === true,
  };
}

/** Runs a handler, records the call in the audit trail, and only then answers (so no call goes unrecorded). */
export function gatewayEndpoint(
  options: GatewayEndpointOptions,
  endpoint: string,
  handler: (req: Request) => Promise<GatewayOutcome>,
): RequestHandler {
  return async (req: Request, res: Response) => {
    let outcome: GatewayOutcome | undefined = await limitedFor(options.throttle, addressKey(req));
    if (!outcome) {
      try {
        outcome = await handler(req);
      } catch (error) {
        outcome = options.onError(error);
      }
      if (options.throttle)
        outcome = { ...outcome, call: await countGuess(options.throttle, req, outcome.call) };
    }
    const call = { platform: options.platform, endpoint, ...outcome.call };
    await record(options, req, call);
    res.status(outcome.status ?? 200);
    if (outcome.json === undefined) res.json(outcome.body);
    else res.type('application/json').send(outcome.json);
  };
}
