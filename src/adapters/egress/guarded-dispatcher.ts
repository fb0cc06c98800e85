import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import { Agent } from 'undici';
import { isAllowedHost, refusalForAddress, type EgressRefusal } from '../../domain/egress-policy.js';

/** Every address a name resolves to (the adapter's dependency: tests inject private answers). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

const systemLookup = promisify(dnsLookup);
export const systemResolver: Resolver = (hostname) => systemLookup(hostname, { all: true });

/** A connection the egress policy refused; `reason` is what the failed notification records. */
export class EgressRefusedError extends Error {
  readonly reason: EgressRefusal;
  constructor(hostname: string, address: string, reason: EgressRefusal) {
    super(`egress to ${hostname} (${address}) refused: ${reason}`);
    this.name = 'EgressRefusedError';
    this.reason = reason;
  }
}

/** The refusal behind a failed request, however deep the HTTP client wrapped it. */
export function egressRefusalIn(error: unknown): EgressRefusedError | undefined {
  for (let at: unknown = error; at instanceof Error; at = at.cause) {
    if (at instanceof EgressRefusedError) return at;
  }
  return undefined;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An undici dispatcher whose connections resolve through `resolve` and go only to an address that passed
 * the policy: the check and the connect use the same answer, so a name that re-resolves to 127.0.0.1
 * (DNS rebinding) is refused rather than reached. Hosts in `allowHosts` skip the address check.
 */
export function guardedDispatcher(allowHosts: readonly string[], resolve: Resolver = systemResolver): Agent {
  const lookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => answer(hostname, addresses, allowHosts, options, callback),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), []),
    );
  };
  return new Agent({ connect: { lookup: lookup as never } });
}

function answer(
  hostname: string,
  addresses: readonly LookupAddress[],
  allowHosts: readonly string[],
  options: { all?: boolean },
  callback: LookupCallback,
): void {
  const allowed = isAllowedHost(hostname, allowHosts);
  const refused = allowed ? undefined : addresses.find((entry) => refusalForAddress(entry.address));
  if (refused) {
    const reason = refusalForAddress(refused.address) ?? 'private_address';
    callback(new EgressRefusedError(hostname, refused.address, reason), []);
  } else if (addresses.length === 0) {
    callback(new Error(`no address for ${hostname}`), []);
  } else if (options.all) {
    callback(null, [...addresses]);
  } else {
    callback(null, addresses[0]!.address, addresses[0]!.family);
  }
}
