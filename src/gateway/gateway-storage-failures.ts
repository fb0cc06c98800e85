import type { ErrorRequestHandler } from 'express';
import { STORAGE_FAILURE_WEIBO } from '../errors/error-registry.js';
import { storageFailure } from '../http/error-mapping.js';
import type { GatewayOutcome } from './gateway-audit.js';
import { storageRefusal, type WechatRefusal } from './wechat-gateway-errors.js';
import { weiboError } from './weibo-show-answer.js';

/**
 * Redis down, or no replica confirming a change (Sentinel), in each platform's envelope, since the tools parse only
 * that: WeChat's retryable -1 with HTTP 200, as WeChat answers every errcode (its clients read errcode only from a
 * 200); Weibo's 10002 with 503 and its `{request, error_code, error}` body. Undefined for any other error.
 */
export function wechatStorageRefusal(error: unknown): WechatRefusal | undefined {
  const failure = storageFailure(error);
  return failure && storageRefusal(failure.code, failure.message);
}

export function weiboStorageOutcome(request: string, error: unknown): GatewayOutcome | undefined {
  const failure = storageFailure(error);
  if (!failure) return undefined;
  return { ...weiboError(request, STORAGE_FAILURE_WEIBO, failure.message, failure.code), status: 503 };
}

/**
 * After the app's write confirmation and the gateway's routes: a storage failure the gateway's own handlers could
 * not answer (the audit append failed too, or the write confirmation after the answer was written), in the
 * platform's envelope; anything else goes on to the app's error handler. By the original URL, not a mount path: the
 * write confirmation reports its failure from outside the routers, with `req.url` as a nested router left it.
 */
export function gatewayStorageFailures(basePath: string): ErrorRequestHandler {
  return (error, req, res, next) => {
    const path = new URL(req.originalUrl, 'http://gateway').pathname;
    if (res.headersSent || !path.startsWith(`${basePath}/`)) return next(error);
    const [platform, ...rest] = path.slice(basePath.length + 1).split('/');
    const wechat = platform === 'wechat' ? wechatStorageRefusal(error) : undefined;
    const weibo = platform === 'weibo' ? weiboStorageOutcome(`/${rest.join('/')}`, error) : undefined;
    if (wechat) res.status(200).json({ errcode: wechat.errcode, errmsg: wechat.errmsg });
    else if (weibo) res.status(weibo.status ?? 503).json(weibo.body);
    else next(error);
  };
}
