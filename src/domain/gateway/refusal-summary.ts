import type { JsonObject } from '../audit/canonical-json.js';

/**
 * Gateway calls refused before anyone was authenticated (issue 14 point 2): guesses at a secret or token, calls
 * without a credential, calls refused for too many failures. Chaining each of them would let anyone who knows an
 * appid flood an organisation's trail, so they are counted per window and written as one summary when it closes.
 */
export interface UnauthenticatedRefusal {
  /** The chain the summary goes to: the organisation of the credential the call named, else the gateway's own. */
  chain: string;
  platform: string;
  endpoint: string;
  /** Why, as the trail spells it (`wrong_secret`, `unknown_token`, `rate_limited`, …). */
  reason: string;
  /** The caller's address. */
  address: string;
  /** The appid the caller named, if any. */
  appid?: string | undefined;
  /** This call made its address or appid reach the failure limit. */
  limitReached: boolean;
}

/** What the gateway decided about a call, as far as summarising is concerned. */
export interface RefusedCall {
  refusal?: string | undefined;
  /** Refused before anything was checked, for too many failed authentications. */
  rateLimited?: boolean | undefined;
  /** Whether the call named a known credential. */
  namedCredential: boolean;
}

/**
 * A refusal is summarised when the caller held no credential: it named none (an unknown appid or token, none at
 * all), guessed a known appid's secret, or was refused for too many failures. Refusals of a credential once
 * issued (revoked, expired, another account's) stay one entry each: only its holder can make them.
 */
export function isUnauthenticatedRefusal(call: RefusedCall): boolean {
  if (call.rateLimited) return true;
  if (call.refusal === undefined) return false;
  return call.refusal === 'wrong_secret' || !call.namedCredential;
}

/** The window `at` falls in: windows are `windowMs` long, aligned on the epoch, so every process agrees. */
export function refusalWindow(at: Date, windowMs: number): { start: Date; end: Date } {
  const start = Math.floor(at.getTime() / windowMs) * windowMs;
  return { start: new Date(start), end: new Date(start + windowMs) };
}

/** The counts of one chain's window, as the store keeps them. */
export interface RefusalTally {
  total: number;
  limitReached: number;
  byReason: Readonly<Record<string, number>>;
  /** `platform endpoint` → calls. */
  byEndpoint: Readonly<Record<string, number>>;
  /** The first addresses seen (up to the store's cap) → calls from each. */
  addresses: Readonly<Record<string, number>>;
  /** Calls from addresses beyond the cap. */
  callsFromOtherAddresses: number;
  /** Distinct addresses, estimated (HyperLogLog: within about 1 %). */
  distinctAddresses: number;
  /** The first appids named (up to the cap) → calls naming each. */
  appids: Readonly<Record<string, number>>;
  callsNamingOtherAppids: number;
}

/** The summary entry's details: the window and its counts (no secret or token is ever counted). */
export function refusalSummaryDetails(window: { start: Date; end: Date }, tally: RefusalTally): JsonObject {
  return {
    window_start: window.start.toISOString(),
    window_end: window.end.toISOString(),
    total: tally.total,
    limit_reached: tally.limitReached,
    by_reason: tally.byReason,
    by_endpoint: tally.byEndpoint,
    addresses: tally.addresses,
    calls_from_other_addresses: tally.callsFromOtherAddresses,
    distinct_addresses: tally.distinctAddresses,
    appids: tally.appids,
    calls_naming_other_appids: tally.callsNamingOtherAppids,
  };
}
