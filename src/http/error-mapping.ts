import type { ErrorLogger } from '../services/ports/logger.js';
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { ERROR_REGISTRY } from '../errors/error-registry.js';
import type { ServiceError } from '../errors/service-error.js';
import { errorMessageFor } from '../messages/error-messages.js';
import { safeParseInChinese } from '../messages/zod-chinese.js';
import { REDIS_CONFIG_TEXT } from '../messages/redis-topology.js';
import { storageFailureOf } from '../errors/storage-failure.js';

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

/**
 * Any service's refusal as its HTTP answer: status from the one registry, text from messages/. A refusal the
 * service has recorded in the trail itself is marked, so the edge does not record it again.
 */
export function toHttpError(error: ServiceError): HttpError {
  const entry = ERROR_REGISTRY[error.code];
  // A refused workflow lists each problem as `qianfa validate` prints it.
  const details = error.code === 'workflow_invalid' ? error.errors : undefined;
  return new HttpError(entry.status, error.code, errorMessageFor(error), details, entry.audited === true);
}

/** Parses with zod in Chinese: the value, or every issue as `where.path: message`. */
export function safeParseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): { ok: true; value: z.output<S> } | { ok: false; details: string[] } {
  const parsed = safeParseInChinese(schema, value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    details: parsed.error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`),
  };
}

/** Parses a request part with zod; on failure a 400 lists every issue as `path: message` (in Chinese). */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const parsed = safeParseRequest(schema, value, where);
  if (parsed.ok) return parsed.value;
  throw new HttpError(400, 'invalid_request', `请求内容有误：${parsed.details.join('；')}`, parsed.details);
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
export function errorHandler(logger: ErrorLogger): ErrorRequestHandler {
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
  const storage = storageFailure(error);
  if (storage) return storage;
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, 'bad_request', `请求无法处理：${(error as Error).message}`);
  }
  return undefined;
}

/**
 * Redis could not take the change (storage_unavailable: nothing saved) or, with replicas, none confirmed it
 * in time (replication_unconfirmed: on the primary): 503, the client retries. Also the gateways' answer, in each
 * platform's envelope.
 */
export function storageFailure(error: unknown): HttpError | undefined {
  switch (storageFailureOf(error)) {
    case 'replication_unconfirmed':
      return new HttpError(503, 'replication_unconfirmed', REDIS_CONFIG_TEXT.replicationUnconfirmed);
    case 'storage_unavailable':
      return new HttpError(
        503,
        'storage_unavailable',
        '存储服务（Redis）暂时不可用，操作未保存，请稍后重试。',
      );
    case undefined:
      return undefined;
  }
}
