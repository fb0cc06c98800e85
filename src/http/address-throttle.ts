import type { Request } from 'express';
import type { FailureLimiter } from '../services/ports/rate-limits.js';

/** Failed authentications counted by the request's source address (see `QIANFA_TRUST_PROXY` behind a proxy). */
export interface AddressThrottle {
  /** Whole seconds to wait when this request's address is refused now; undefined when it may go on. */
  refusedFor(req: Request): Promise<number | undefined>;
  /** Counts a failed authentication from this request's address. */
  failed(req: Request): Promise<void>;
}

export function addressThrottle(limiter: FailureLimiter | undefined): AddressThrottle {
  if (!limiter) return { refusedFor: () => Promise.resolve(undefined), failed: () => Promise.resolve() };
  return {
    async refusedFor(req) {
      const waitMs = await limiter.refusedFor(addressKey(req));
      return waitMs === undefined ? undefined : Math.ceil(waitMs / 1000);
    },
    async failed(req) {
      await limiter.failed(addressKey(req));
    },
  };
}

/** The client's address as Express sees it (behind a proxy, as 'trust proxy' allows). */
export const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export const addressKey = (req: Request): string => `addr:${clientAddress(req)}`;
