import { AUTH_TEXT } from '../messages/auth.js';
import type { FailureLimiter } from '../services/ports/rate-limits.js';
import { ERROR_REGISTRY, GATEWAY_AUTH_CODES, REVIEW_REFUSED_WEIBO } from '../errors/error-registry.js';
import { gatewayAuthHint } from '../messages/error-messages.js';
import express, { Router, type Request, type RequestHandler } from 'express';
import type { GatewayAuthRefusal } from '../domain/gateway/gateway-credential.js';
import { messageFor, STATUS_NAMES } from '../messages/zh-cn.js';
import type { AuditLog } from '../services/ports/audit.js';
import type { WeiboGatewayService, WeiboShareError } from '../services/weibo-gateway-service.js';
import { gatewayEndpoint, type GatewayEndpointOptions, type GatewayOutcome } from './gateway-audit.js';
import type { GatewayAuthenticator } from './wechat-gateway-routes.js';
import type { Clock } from '../domain/clock.js';
import type { RefusalSummaries } from '../services/gateway/refusal-summaries.js';
import { WEIBO_GATEWAY_TEXT } from '../messages/weibo-gateway.js';
import { weiboStorageOutcome } from './gateway-storage-failures.js';
import {
  PENDING_CODE,
  pendingIds,
  POST_NOT_FOUND,
  SHOW,
  showAnswer,
  weiboError,
} from './weibo-show-answer.js';

export interface WeiboGatewayDeps {
  auth: Pick<GatewayAuthenticator, 'authenticate'>;
  posts: WeiboGatewayService;
  audit: AuditLog;
  now: Clock;
  /** Failed authentications counted per address; too many, and 10022 until the window ends. */
  authFailures?: FailureLimiter;
  /** Refusals of callers holding no credential, counted and summarised per window in the trail. */
  refusals: RefusalSummaries;
}

const SHARE = '/2/statuses/share.json';

/** Largest body taken in (a post with a picture, before it is refused as unsupported). */
const BODY_LIMIT = '6mb';
/** Largest body read when the token is in it: read before it is authenticated (a status is under 20 KB). */
export const TOKEN_IN_BODY_LIMIT_BYTES = 64 * 1024;
/**
 * What most Weibo libraries call by default (issue 15, point 13). Taken into review like share.json; the
 * post qianfa publishes after sign-off still goes out through share.json with the account's safe-domain link.
 */
const UPDATE = '/2/statuses/update.json';

/**
 * The Weibo-compatible endpoint (mounted at `<gateway path>/weibo`): statuses/share and statuses/update are taken into review and
 * answered in Weibo's envelope `{request, error_code, error}` with a pending id; statuses/show answers for that
 * id (weibo-show-answer.ts); every other endpoint is refused.
 */
export function weiboGatewayRoutes(deps: WeiboGatewayDeps): Router {
  const router = Router();
  const options = {
    platform: 'weibo' as const,
    audit: deps.audit,
    now: deps.now,
    refusals: deps.refusals,
    onError: (error: unknown) =>
      weiboStorageOutcome(SHARE, error) ??
      weiboError(SHARE, 10001, '系统错误，请稍后重试', 'system_error', { error: String(error) }),
    throttle: deps.authFailures && {
      failures: deps.authFailures,
      limited: (waitSeconds: number) =>
        weiboError(SHARE, 10022, AUTH_TEXT.tooManyFailures(waitSeconds), 'rate_limited'),
    },
  };
  for (const endpoint of [SHARE, UPDATE]) {
    router.post(
      endpoint,
      tokenBeforeBody(deps, options, endpoint),
      express.raw({ type: () => true, limit: BODY_LIMIT }),
      gatewayEndpoint(options, endpoint, (req) => share(deps, req, endpoint)),
    );
  }
  router.get(
    SHOW,
    gatewayEndpoint(options, SHOW, (req) => show(deps, req)),
  );
  router.all('/{*path}', (req, res, next) => {
    const path = req.path;
    const refuse = () =>
      Promise.resolve(
        weiboError(
          path,
          10014,
          `签发网关不开放 ${path}：只接受 statuses/share 与 statuses/update 发布、statuses/show 查询`,
          'unsupported_endpoint',
        ),
      );
    void gatewayEndpoint(options, path, refuse)(req, res, next);
  });
  return router;
}

async function share(deps: WeiboGatewayDeps, req: Request, endpoint: string): Promise<GatewayOutcome> {
  const form = await formOf(req);
  const authenticated = await deps.auth.authenticate(tokenOf(req, form), 'weibo');
  if (!authenticated.ok) return tokenRefusal(authenticated.error, endpoint);
  const session = authenticated.value;
  const who = { credential: session.credential, person: session.person.id };
  const status = form.get('status');
  if (typeof status !== 'string' || status.trim() === '') {
    return {
      ...weiboError(endpoint, 10016, '缺少必填参数 status', 'missing_status'),
      call: { ...who, code: 10016, refusal: 'missing_status' },
    };
  }
  if (form.has('pic')) {
    const refusal = weiboError(
      endpoint,
      10008,
      '签发网关暂不接受带图片的微博：请去掉 pic 后重发',
      'picture_unsupported',
    );
    return { ...refusal, call: { ...refusal.call, ...who } };
  }
  const shared = await deps.posts.share(session, status);
  if (!shared.ok) {
    const error = shared.error;
    const refusal = shareRefusal(error, endpoint);
    const concerned = error.code === 'draft_blocked' ? { draft: error.draft } : {};
    return { ...refusal, call: { ...refusal.call, ...who, ...concerned } };
  }
  const { reviewDraftId, status: reviewStatus, pendingId } = shared.value;
  const body = {
    request: endpoint,
    error_code: PENDING_CODE,
    error: `已提交签发审核（稿件 ${reviewDraftId}，${STATUS_NAMES[reviewStatus]}）：审签通过后由签发发布`,
    ...pendingIds(pendingId),
    qianfa: { draft: reviewDraftId, status: 'pending_review', review_status: reviewStatus },
  };
  return {
    body,
    call: {
      ...who,
      draft: reviewDraftId,
      code: PENDING_CODE,
      details: { status_length: [...status].length },
    },
  };
}

async function show(deps: WeiboGatewayDeps, req: Request): Promise<GatewayOutcome> {
  const authenticated = await deps.auth.authenticate(tokenOf(req, new FormData()), 'weibo');
  if (!authenticated.ok) return tokenRefusal(authenticated.error, SHOW);
  const session = authenticated.value;
  const who = { credential: session.credential, person: session.person.id };
  const id = req.query['id'];
  if (typeof id !== 'string' || id === '') {
    const refusal = weiboError(SHOW, 10016, WEIBO_GATEWAY_TEXT.missingId, 'missing_id');
    return { ...refusal, call: { ...refusal.call, ...who } };
  }
  const shown = await deps.posts.show(session, id);
  const outcome = shown.ok
    ? showAnswer(shown.value)
    : weiboError(SHOW, POST_NOT_FOUND, WEIBO_GATEWAY_TEXT.notFound(id), shown.error.reason);
  return { ...outcome, call: { ...outcome.call, ...who } };
}

/** 20021 (illegal content) for drafts the checker blocks or review refuses; 20012 (text too long) to split it. */
function shareRefusal(error: WeiboShareError, endpoint: string): GatewayOutcome {
  if (error.code === 'draft_blocked') {
    const text = `稿件 ${error.draft} 未通过签发检查：${error.findings.join('；')}`;
    return weiboError(endpoint, REVIEW_REFUSED_WEIBO, text, error.code);
  }
  const code = ERROR_REGISTRY[error.error.code].weibo ?? REVIEW_REFUSED_WEIBO;
  return weiboError(endpoint, code, messageFor(error.error), `review_refused:${error.error.code}`);
}

/**
 * No body is read before its token authenticates: a token in the query or the Authorization header is checked
 * first (the connection is closed after a refusal, so the rest of the body is never taken in); a token only in
 * the body is read from a body of at most TOKEN_IN_BODY_LIMIT_BYTES, declared in Content-Length — a longer or
 * undeclared one is refused with 10018 before it is read.
 */
function tokenBeforeBody(
  deps: WeiboGatewayDeps,
  options: GatewayEndpointOptions,
  endpoint: string,
): RequestHandler {
  const refuse = (outcome: () => Promise<GatewayOutcome>): RequestHandler => {
    const answer = gatewayEndpoint(options, endpoint, outcome);
    return async (req, res, next) => {
      res.set('Connection', 'close');
      await answer(req, res, next);
    };
  };
  return async (req, res, next) => {
    const outside = tokenOutsideBody(req);
    if (outside === undefined) {
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (declared <= TOKEN_IN_BODY_LIMIT_BYTES) return next();
      const text = WEIBO_GATEWAY_TEXT.tokenInLargeBody(TOKEN_IN_BODY_LIMIT_BYTES / 1024);
      return refuse(() => Promise.resolve(weiboError(endpoint, 10018, text, 'body_too_large')))(
        req,
        res,
        next,
      );
    }
    const authenticated = await deps.auth.authenticate(outside, 'weibo');
    if (authenticated.ok) return next();
    return refuse(() => Promise.resolve(tokenRefusal(authenticated.error, endpoint)))(req, res, next);
  };
}

/** Weibo takes the token as a form field, a query parameter or `Authorization: OAuth2 <token>`. */
function tokenOf(req: Request, form: FormData): string | undefined {
  const field = form.get('access_token');
  if (typeof field === 'string' && field) return field;
  return tokenOutsideBody(req);
}

/** The token in the query or an `Authorization: OAuth2 <token>` header. */
function tokenOutsideBody(req: Request): string | undefined {
  const query = req.query['access_token'];
  if (typeof query === 'string' && query) return query;
  const header = /^OAuth2\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return header?.[1];
}

/** Form-encoded or multipart, parsed by the same parser fetch uses. */
async function formOf(req: Request): Promise<FormData> {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const contentType = req.headers['content-type'] ?? 'application/x-www-form-urlencoded';
  try {
    return await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return new FormData();
  }
}

function tokenRefusal(refusal: GatewayAuthRefusal, endpoint: string): GatewayOutcome {
  const credential = 'credential' in refusal ? { credential: refusal.credential } : {};
  const code = GATEWAY_AUTH_CODES[refusal.code].weibo;
  const outcome = weiboError(endpoint, code, gatewayAuthHint(refusal.code, 'weibo'), refusal.code);
  return { ...outcome, call: { ...outcome.call, ...credential } };
}
