import type { Request, RequestHandler, Response } from 'express';
import type { Platform } from '../domain/accounts.js';
import type { AuditEvent } from '../domain/audit/audit-event.js';
import type { JsonObject } from '../domain/audit/canonical-json.js';
import type { GatewayCredential } from '../domain/gateway/gateway-credential.js';
import { NO_DRAFT } from '../services/audit-service.js';
import type { AuditLog, AuditRetention } from '../services/ports/audit.js';
import type { Clock } from '../domain/clock.js';
import { addressKey } from '../http/address-throttle.js';
import type { FailureLimiter } from '../services/ports/rate-limits.js';

/**
 * The audit chain of gateway calls that named no valid credential (an unknown appid or token): they belong to
 * no organisation. Organisation slugs are lower-case letters, digits and `-`, so this name is never one.
 */
export const GATEWAY_AUDIT_ORG = '_gateway';

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
  /**
   * Refused before anything was checked, for too many failed authentications: counted by the limiter, not
   * chained (a flood of guesses must not flood an organisation's trail).
   */
  unrecorded?: boolean;
}

/** Appends one gateway call to its organisation's chain (or the gateway's own) before it is answered. */
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
  /** Keeps the gateway's own chain to its retention; absent: it is never trimmed. */
  retention?: GatewayTrailRetention | undefined;
}

/** Trims the `_gateway` chain as unowned calls are recorded (their flood is what makes it grow). */
export interface GatewayTrailRetention {
  afterUnownedCall(at: Date): Promise<void>;
}

/** How often one process trims the gateway's chain at most. */
const TRIM_EVERY_MS = 3_600_000;

/** Removes `_gateway` entries older than `retentionMs`, at most once an hour per process. */
export function gatewayTrailRetention(trail: AuditRetention, retentionMs: number): GatewayTrailRetention {
  let nextTrimAt = 0;
  return {
    async afterUnownedCall(at) {
      if (at.getTime() < nextTrimAt) return;
      nextTrimAt = at.getTime() + TRIM_EVERY_MS;
      await trail.trimBefore(GATEWAY_AUDIT_ORG, new Date(at.getTime() - retentionMs));
    },
  };
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

/** The limited answer when `key` is refused now (unrecorded: the limiter counts it). */
export async function limitedFor(
  throttle: GatewayThrottle | undefined,
  key: string,
): Promise<GatewayOutcome | undefined> {
  const waitMs = await throttle?.failures.refusedFor(key);
  if (waitMs === undefined || !throttle) return undefined;
  const outcome = throttle.limited(Math.ceil(waitMs / 1000));
  return { ...outcome, call: { ...outcome.call, unrecorded: true } };
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

async function recordAndTrim(options: GatewayEndpointOptions, call: GatewayCall): Promise<void> {
  const at = options.now();
  await recordGatewayCall(options.audit, call, at);
  if (call.credential === undefined) await options.retention?.afterUnownedCall(at);
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
    if (!call.unrecorded) await recordAndTrim(options, call);
    res.status(outcome.status ?? 200);
    if (outcome.json === undefined) res.json(outcome.body);
    else res.type('application/json').send(outcome.json);
  };
}
