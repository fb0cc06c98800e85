import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { DomainError } from '../domain/domain-error.js';
import { accountMessageFor, messageFor } from '../messages/zh-cn.js';
import type { AccountError } from '../services/account-service.js';
import { peopleMessageFor } from '../services/people-messages.js';
import type { PeopleError } from '../services/people-service.js';

/** Something the server logs; the default writes one JSON line to stderr. */
export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
}

/** An error that already knows its HTTP answer; thrown by middleware, rendered by errorHandler. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly string[],
    /** Already in the audit trail (the service records its own refusals), so the edge must not add it again. */
    readonly audited = false,
  ) {
    super(message);
  }
}

export const DOMAIN_STATUS: Record<DomainError['code'], number> = {
  draft_not_submitted: 404,
  draft_not_found: 404,
  wrong_org: 403,
  outsourced_cannot_decide: 403,
  approver_is_drafter: 403,
  role_insufficient: 403,
  already_decided_earlier_stage: 403,
  not_on_chain: 403,
  already_submitted: 409,
  not_in_review: 409,
  already_published: 409,
  stale_version: 409,
  stage_mismatch: 409,
  not_approved: 409,
  concurrent_change: 409,
  comment_required: 400,
  draft_blocked: 422,
  review_findings_not_acknowledged: 422,
  grade_cannot_be_lowered: 422,
  grade_unchanged: 422,
  tail_incomplete: 422,
  unknown_targets: 422,
  draft_too_complex: 422,
};

/** A refusal of the review service; it has recorded the refusal in the trail itself. */
export function domainHttpError(error: DomainError): HttpError {
  const audited = error.code !== 'draft_not_found';
  return new HttpError(DOMAIN_STATUS[error.code], error.code, messageFor(error), undefined, audited);
}

const PEOPLE_STATUS: Record<PeopleError['code'], number> = {
  invalid_slug: 400,
  invalid_name: 400,
  unknown_role: 400,
  no_roles: 400,
  outsourced_drafter_only: 422,
  org_exists: 409,
  person_exists: 409,
  org_not_found: 404,
  person_not_found: 404,
};

export function peopleHttpError(error: PeopleError): HttpError {
  return new HttpError(PEOPLE_STATUS[error.code], error.code, peopleMessageFor(error));
}

const ACCOUNT_STATUS: Record<AccountError['code'], number> = {
  org_not_found: 404,
  account_not_found: 404,
  invalid_account_name: 400,
  invalid_appid: 400,
  invalid_link: 400,
  missing_credential: 400,
  account_exists: 409,
};

export function accountHttpError(error: AccountError): HttpError {
  return new HttpError(ACCOUNT_STATUS[error.code], error.code, accountMessageFor(error));
}

const zhCN = z.locales.zhCN();

/** Parses a request part with zod; on failure a 400 lists every issue as `path: message` (in Chinese). */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const parsed = schema.safeParse(value, { error: zhCN.localeError });
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`);
  throw new HttpError(400, 'invalid_request', `请求内容有误：${details.join('；')}`, details);
}

export function sendError(res: Response, error: HttpError): void {
  const body = {
    code: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
  };
  res.status(error.status).json({ error: body });
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new HttpError(404, 'not_found', `没有这个接口：${req.method} ${req.path}`);
};

/** The single HTTP error edge: known errors are rendered; anything else is a logged 500 with an error id. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const known = knownError(error);
    if (known) return sendError(res, known);
    const id = randomUUID();
    logger.error('unhandled error', {
      errorId: id,
      error: error instanceof Error ? error.stack : String(error),
    });
    sendError(
      res,
      new HttpError(500, 'internal_error', `服务器内部错误，请联系管理员并提供错误编号 ${id}。`),
    );
  };
}

function knownError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed')
    return new HttpError(400, 'invalid_json', '请求体不是有效的 JSON，请检查格式。');
  if (type === 'entity.too.large') {
    return new HttpError(413, 'body_too_large', '请求体超过 1 MB，请缩减稿件内容或分篇提交。');
  }
  // The client went away and its work was stopped; nobody reads this answer, and nothing went wrong.
  if (error instanceof Error && error.name === 'AbortError') {
    return new HttpError(499, 'client_closed_request', '请求已取消：连接在处理完成前已断开。');
  }
  if (isRedisUnavailable(error)) {
    return new HttpError(503, 'storage_unavailable', '存储服务（Redis）暂时不可用，操作未保存，请稍后重试。');
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, 'bad_request', `请求无法处理：${(error as Error).message}`);
  }
  return undefined;
}

// ioredis with the offline queue off rejects at once while disconnected; that is "try again", not a bug.
function isRedisUnavailable(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /enableOfflineQueue|Connection is closed|Command timed out/.test(message);
}
