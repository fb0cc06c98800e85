import type { FakeReply, FakeRequest, PlatformRefusal } from '../fake-http-server.js';
import { stringifyWithBigInts } from '../raw-json.js';

/** `error` texts as Weibo writes them; unknown codes get a generic one. */
const ERRORS: Readonly<Record<number, string>> = {
  10001: 'system error!',
  10002: 'service unavailable!',
  10016: 'miss required parameter (%s) , see doc for more info.',
  10017: "parameter (%s)'s value invalid, expect (%s) , but get (%s) , see doc for more info.",
  10021: 'HTTP method is not suported for this request!',
  10022: 'IP requests out of rate limit!',
  10023: 'User requests out of rate limit!',
  10024: 'User requests for (%s) out of rate limit!',
  20003: 'User does not exists!',
  20005: 'unsupport image type, only suport JPG, GIF, PNG!',
  20006: 'image size too large.',
  20007: 'does multipart has image?',
  20008: 'content is null!',
  20012: 'Text too long, please input text less than 140 characters!',
  20016: 'out of limit!',
  20019: 'repeat content!',
  20021: 'content is illegal!',
  20032: 'update success, while server slow now, please wait 1-2 minutes',
  21301: 'auth faild!',
  21327: 'expired_token',
  21332: 'invalid_access_token',
};

export interface WeiboReplyOptions {
  /** The official sample writes error_code as a string; SDKs see numbers. Default number. */
  readonly errorCodeAsString: boolean;
}

/** Weibo refuses with HTTP 400 and `{ request, error_code, error }` (facts §2.3). */
export function weiboRefusalReply(
  refusal: PlatformRefusal,
  request: FakeRequest,
  options: WeiboReplyOptions,
): FakeReply {
  const body = {
    request: request.path,
    error_code: options.errorCodeAsString ? String(refusal.code) : refusal.code,
    error: refusal.platformMessage ?? ERRORS[refusal.code] ?? 'unknown error',
  };
  return { status: 400, body: JSON.stringify(body), contentType: 'application/json;charset=UTF-8' };
}

export function weiboJson(body: unknown): FakeReply {
  return { status: 200, body: stringifyWithBigInts(body), contentType: 'application/json;charset=UTF-8' };
}
