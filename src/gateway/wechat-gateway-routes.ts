import { randomUUID } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { JsonObject } from '../domain/audit/canonical-json.js';
import type { GatewayAuthRefusal, GatewayCredential } from '../domain/gateway/gateway-credential.js';
import type { GatewayPublishView } from '../domain/gateway/gateway-draft.js';
import type { Person } from '../domain/people.js';
import type { GatewayCredentialService } from '../services/gateway-credential-service.js';
import type { AuditLog } from '../services/ports/audit.js';
import type { ForwardedUpload } from '../services/ports/gateway.js';
import type {
  GatewaySession,
  UploadError,
  WechatGatewayService,
} from '../services/wechat-gateway-service.js';
import { appidKey, gatewayEndpoint, limitedFor, type GatewayOutcome } from './gateway-audit.js';
import { AUTH_TEXT } from '../messages/auth.js';
import type { FailureLimiter } from '../services/ports/rate-limits.js';
import { wechatReadRoutes } from './wechat-read-routes.js';
import { safeParseInChinese } from '../messages/zod-chinese.js';
import { wechatStorageRefusal } from './gateway-storage-failures.js';
import {
  authRefusal,
  gatewayRefusal,
  malformedRequest,
  systemBusy,
  unsupportedEndpoint,
  postRequired,
  getRequired,
  type WechatRefusal,
} from './wechat-gateway-errors.js';
import type { Clock } from '../domain/clock.js';
import type { RefusalSummaries } from '../services/gateway/refusal-summaries.js';
import type { ErrorLogger } from '../services/ports/logger.js';
import { bodyProblem, UPLOAD_BODY_LIMIT, wechatJsonBody } from './wechat-request-body.js';

/** How tools authenticate at the gateway: its own credentials and tokens, never the account's real ones. */
export type GatewayAuthenticator = Pick<GatewayCredentialService, 'exchange' | 'authenticate'>;

export interface WechatGatewayDeps {
  auth: GatewayAuthenticator;
  service: WechatGatewayService;
  audit: AuditLog;
  now: Clock;
  /** Where failures that are not the caller's are logged (with the id errmsg names); stderr when absent. */
  logger?: ErrorLogger;
  /**
   * draft/get's `url` (WeChat's temporary preview link): the review item's page in qianfa, once submitted; ''
   * when absent or not yet submitted.
   */
  draftPageUrl?: (reviewDraftId: string) => string;
  /** Refusals of callers holding no credential, counted and summarised per window in the trail. */
  refusals: RefusalSummaries;
  /** Failed authentications counted per address and appid; too many, and 45009 until the window ends. */
  authFailures?: FailureLimiter;
}

type Outcome = GatewayOutcome;

type Handler = (req: Request) => Promise<Outcome>;

/** Registers a POST endpoint (JSON body unless told). */
type Route = (path: string, handler: Handler, parser?: RequestHandler | RequestHandler[]) => void;

const articleSchema = z.object({
  title: z.string('缺少 title').min(1, 'title 不能为空'),
  content: z.string('缺少 content'),
  author: z.string().default(''),
  digest: z.string().default(''),
  content_source_url: z.string().default(''),
  thumb_media_id: z.string().default(''),
  need_open_comment: z.coerce.number().int().default(0),
  only_fans_can_comment: z.coerce.number().int().default(0),
});
const mediaIdSchema = z.object({ media_id: z.string('缺少 media_id').min(1, 'media_id 不能为空') });
const schemas = {
  stableToken: z.object({
    grant_type: z.literal('client_credential', 'grant_type 须为 client_credential'),
    appid: z.string('缺少 appid'),
    secret: z.string('缺少 secret'),
    force_refresh: z.boolean().optional(),
  }),
  addDraft: z.object({ articles: z.array(articleSchema, '缺少 articles') }),
  updateDraft: mediaIdSchema.extend({
    index: z.coerce.number().int('index 须为整数'),
    articles: articleSchema,
  }),
  mediaId: mediaIdSchema,
  publishId: z.object({ publish_id: z.coerce.string('缺少 publish_id') }),
  sendAll: z.object({
    msgtype: z.literal('mpnews', '签发网关的群发只接受图文（msgtype 为 mpnews），请先把内容存为草稿'),
    mpnews: mediaIdSchema,
  }),
  massGet: z.object({ msg_id: z.coerce.string('缺少 msg_id') }),
};

/**
 * The WeChat-compatible endpoints (mounted at `<gateway path>/wechat`), answering in WeChat's envelope. Each call
 * is audited before it is answered. The draft box stays in qianfa, a publish request starts review, uploads are
 * forwarded with the account's real token; every other endpoint is refused, never forwarded.
 */
export function wechatGatewayRoutes(deps: WechatGatewayDeps): Router {
  const router = Router();
  const json = wechatJsonBody();
  const raw = express.raw({ type: () => true, limit: UPLOAD_BODY_LIMIT });
  const postOnly = new Set<string>();
  const route: Route = (path, handler, parser = json) => {
    postOnly.add(path);
    router.post(path, parser, answer(deps, path, handler));
  };

  router.get(
    '/cgi-bin/token',
    answer(deps, '/cgi-bin/token', (req) => token(deps, req)),
  );
  route('/cgi-bin/stable_token', (req) => stableToken(deps, req));
  for (const path of ['/cgi-bin/media/uploadimg', '/cgi-bin/material/add_material'] as const) {
    route(path, (req) => upload(deps, req, path), [tokenBeforeBody(deps, path), raw]);
  }
  draftBoxRoutes(deps, route);
  publishRoutes(deps, route);
  // Lists answered from qianfa's records, and legacy mpnews uploads (issue 15, points 6 and 7).
  wechatReadRoutes(deps.service, {
    post: route,
    read: (path, handler) => {
      router.get(path, answer(deps, path, handler));
      route(path, handler);
    },
    withSession: (req, handler) => withSession(deps, req, handler),
    parse,
    done,
    refused,
    articles: schemas.addDraft,
  });
  router.all('/{*path}', (req, res, next) => {
    const path = req.path;
    const refusal = postOnly.has(path) ? postRequired(path) : notServed(path);
    answer(deps, path, (request) => unsupported(deps, request, refusal))(req, res, next);
  });
  router.use(bodyErrors(deps));
  return router;
}

/** A path no route took: cgi-bin/token called with another method than GET, or an endpoint not served. */
function notServed(path: string): WechatRefusal {
  return path === '/cgi-bin/token' ? getRequired(path) : unsupportedEndpoint(path);
}

/** draft/add, update, get and delete: the tool's box entries, kept by qianfa. */
function draftBoxRoutes(deps: WechatGatewayDeps, route: Route): void {
  route('/cgi-bin/draft/add', (req) =>
    withSession(deps, req, async (session) => {
      const { articles } = parse(schemas.addDraft, req.body);
      const added = await deps.service.addDraft(session, articles);
      if (!added.ok) return refused(gatewayRefusal(added.error), session);
      return done({ media_id: added.value.mediaId }, session, { media_id: added.value.mediaId });
    }),
  );
  route('/cgi-bin/draft/update', (req) =>
    withSession(deps, req, async (session) => {
      const body = parse(schemas.updateDraft, req.body);
      const updated = await deps.service.updateDraft(session, body.media_id, body.index, body.articles);
      const details = { media_id: body.media_id };
      if (!updated.ok) return refused(gatewayRefusal(updated.error), session, details);
      return done({ errcode: 0, errmsg: 'ok' }, session, details);
    }),
  );
  route('/cgi-bin/draft/get', (req) =>
    withSession(deps, req, async (session) => {
      const { media_id } = parse(schemas.mediaId, req.body);
      const found = await deps.service.getDraft(session, media_id);
      if (!found.ok) return refused(gatewayRefusal(found.error), session, { media_id });
      const { article, submission, thumbUrl } = found.value;
      const url = submission && deps.draftPageUrl ? deps.draftPageUrl(submission.reviewDraftId) : '';
      const item = { ...article, url, thumb_url: thumbUrl };
      return done({ news_item: [item] }, session, { media_id }, found.value.submission?.reviewDraftId);
    }),
  );
  route('/cgi-bin/draft/delete', (req) =>
    withSession(deps, req, async (session) => {
      const { media_id } = parse(schemas.mediaId, req.body);
      const deleted = await deps.service.deleteDraft(session, media_id);
      if (!deleted.ok) return refused(gatewayRefusal(deleted.error), session, { media_id });
      return done({ errcode: 0, errmsg: 'ok' }, session, { media_id });
    }),
  );
}

/** freepublish and mass sends: a publish request submits the entry for review; status queries follow it. */
function publishRoutes(deps: WechatGatewayDeps, route: Route): void {
  route('/cgi-bin/freepublish/submit', (req) =>
    withSession(deps, req, async (session) => {
      const { media_id } = parse(schemas.mediaId, req.body);
      const submitted = await deps.service.submit(session, media_id);
      if (!submitted.ok)
        return refused(
          gatewayRefusal(submitted.error),
          session,
          { media_id },
          reviewDraftIdOf(submitted.error),
        );
      const { publishId, reviewDraftId } = submitted.value;
      const body = { errcode: 0, errmsg: 'ok', publish_id: publishId, msg_data_id: Number(publishId) };
      return done(body, session, { media_id, publish_id: publishId }, reviewDraftId);
    }),
  );
  route('/cgi-bin/freepublish/get', (req) =>
    withSession(deps, req, async (session) => {
      const { publish_id } = parse(schemas.publishId, req.body);
      const status = await deps.service.status(session, publish_id);
      if (!status.ok) return refused(gatewayRefusal(status.error), session, { publish_id });
      const body = { errcode: 0, errmsg: 'ok', publish_id, ...freepublishView(status.value.view) };
      return done(
        body,
        session,
        { publish_id, publish_status: status.value.view.publishStatus },
        status.value.reviewDraftId,
      );
    }),
  );
  route('/cgi-bin/message/mass/sendall', (req) =>
    withSession(deps, req, async (session) => {
      const { mpnews } = parse(schemas.sendAll, req.body);
      const submitted = await deps.service.submit(session, mpnews.media_id);
      const details = { media_id: mpnews.media_id };
      if (!submitted.ok)
        return refused(gatewayRefusal(submitted.error), session, details, reviewDraftIdOf(submitted.error));
      const msgId = Number(submitted.value.publishId);
      const body = { errcode: 0, errmsg: 'send job submission success', msg_id: msgId, msg_data_id: msgId };
      return done(body, session, { ...details, msg_id: msgId }, submitted.value.reviewDraftId);
    }),
  );
  route('/cgi-bin/message/mass/get', (req) =>
    withSession(deps, req, async (session) => {
      const { msg_id } = parse(schemas.massGet, req.body);
      const status = await deps.service.status(session, msg_id);
      if (!status.ok) return refused(gatewayRefusal(status.error), session, { msg_id });
      const body = { msg_id: Number(msg_id), ...massView(status.value.view) };
      return done(body, session, { msg_id }, status.value.reviewDraftId);
    }),
  );
}

/**
 * Whatever fails before a handler answers (a body that cannot be read, a path that cannot be decoded, an internal
 * failure) is answered in WeChat's envelope too, never qianfa's own: a body problem as 47001 (audited like any
 * call), anything else as -1 with an error id that is logged.
 */
function bodyErrors(deps: WechatGatewayDeps): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (error instanceof URIError) {
      const refusal = unsupportedEndpoint(req.path);
      answer(deps, req.path, () => Promise.resolve(refused(refusal)))(req, res, next);
      return;
    }
    const problem = bodyProblem(error);
    if (problem !== undefined) {
      answer(deps, req.path, () => Promise.resolve(refused(malformedRequest([problem]))))(req, res, next);
      return;
    }
    const id = randomUUID();
    (deps.logger ?? console).error('gateway failure', {
      errorId: id,
      error: error instanceof Error ? error.stack : String(error),
    });
    const { errcode, errmsg } = systemBusy(`内部错误（错误编号 ${id}）`);
    res.status(200).json({ errcode, errmsg });
  };
}

/** Runs a handler, audits the call, then answers; malformed requests and failures as WeChat would. */
function answer(deps: WechatGatewayDeps, endpoint: string, handler: Handler): RequestHandler {
  const onError = (error: unknown): Outcome => {
    if (error instanceof MalformedRequest) return refused(malformedRequest(error.problems));
    const failure = wechatStorageRefusal(error) ?? systemBusy('内部错误（已记入审计）');
    return refused(failure, undefined, { error: String(error) });
  };
  const throttle = deps.authFailures && { failures: deps.authFailures, limited: wechatLimited };
  return gatewayEndpoint(
    {
      platform: 'wechat',
      audit: deps.audit,
      now: deps.now,
      onError,
      throttle,
      refusals: deps.refusals,
    },
    endpoint,
    handler,
  );
}

/** WeChat's quota refusal, for an address or appid with too many failed authentications (counted into the window's summary). */
function wechatLimited(waitSeconds: number): Outcome {
  return refused({
    errcode: 45009,
    errmsg: `reach max api daily quota limit hint: [qianfa] ${AUTH_TEXT.tooManyFailures(waitSeconds)}`,
    reason: 'rate_limited',
  });
}

async function withSession(
  deps: WechatGatewayDeps,
  req: Request,
  handler: (session: GatewaySession) => Promise<Outcome>,
): Promise<Outcome> {
  const authenticated = await deps.auth.authenticate(queryToken(req), 'wechat');
  if (!authenticated.ok) return refused(authRefusal(authenticated.error), credentialOf(authenticated.error));
  try {
    return await handler(authenticated.value);
  } catch (error) {
    // A malformed body from a known tool: the trail names the credential and operator, too.
    if (!(error instanceof MalformedRequest)) throw error;
    return refused(malformedRequest(error.problems), authenticated.value);
  }
}

async function token(deps: WechatGatewayDeps, req: Request): Promise<Outcome> {
  const query = req.query as Record<string, unknown>;
  if (query['grant_type'] !== 'client_credential') {
    return refused({
      errcode: 40002,
      errmsg: 'invalid grant_type hint: [qianfa] grant_type 须为 client_credential',
      reason: 'invalid_grant_type',
    });
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return exchange(deps, text(query['appid']), text(query['secret']));
}

async function stableToken(deps: WechatGatewayDeps, req: Request): Promise<Outcome> {
  const body = parse(schemas.stableToken, req.body);
  return exchange(deps, body.appid, body.secret);
}

async function exchange(deps: WechatGatewayDeps, appid: string, secret: string): Promise<Outcome> {
  if (!appid)
    return refused({
      errcode: 41002,
      errmsg: 'appid missing hint: [qianfa] 缺少 appid',
      reason: 'appid_missing',
    });
  if (!secret)
    return refused({
      errcode: 41004,
      errmsg: 'appsecret missing hint: [qianfa] 缺少 secret',
      reason: 'secret_missing',
    });
  // Refused before the secret is looked at, so guessing learns nothing once the appid is over its limit.
  const limited = deps.authFailures
    ? await limitedFor({ failures: deps.authFailures, limited: wechatLimited }, appidKey(appid))
    : undefined;
  if (limited) return limited;
  const exchanged = await deps.auth.exchange(appid, secret);
  if (!exchanged.ok) {
    return refused(authRefusal(exchanged.error), credentialOf(exchanged.error), { attempted_appid: appid });
  }
  const { token: accessToken, expiresInSeconds, credential, person } = exchanged.value;
  return done({ access_token: accessToken, expires_in: expiresInSeconds }, { credential, person });
}

/** The gateway token WeChat tools send: always in the query string. */
function queryToken(req: Request): string | undefined {
  return typeof req.query['access_token'] === 'string' ? req.query['access_token'] : undefined;
}

/**
 * Uploads are up to 11 MB: a call whose token does not authenticate is refused before its body is read, and
 * the connection is closed after the answer, so the rest of the body is never taken in.
 */
function tokenBeforeBody(deps: WechatGatewayDeps, path: string): RequestHandler {
  return async (req, res, next) => {
    const authenticated = await deps.auth.authenticate(queryToken(req), 'wechat');
    if (authenticated.ok) return next();
    res.set('Connection', 'close');
    const refusal = refused(authRefusal(authenticated.error), credentialOf(authenticated.error));
    await answer(deps, path, () => Promise.resolve(refusal))(req, res, next);
  };
}

/** uploadimg and add_material: the account's real token is added here, and WeChat's answer passed back. */
async function upload(deps: WechatGatewayDeps, req: Request, path: ForwardedUpload): Promise<Outcome> {
  return withSession(deps, req, async (session) => {
    const query = typeof req.query['type'] === 'string' ? { type: req.query['type'] } : {};
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const contentType = req.headers['content-type'] ?? 'application/octet-stream';
    const uploaded = await deps.service.upload(session, { path, query, body, contentType });
    if (!uploaded.ok) return uploadRefusal(uploaded.error, session);
    const reply = uploaded.value;
    const answer = parseJsonObject(reply.text);
    if (!answer) return refused(systemBusy(`微信接口返回了无法识别的内容（HTTP ${reply.status}）`), session);
    const details = { bytes: body.length, ...pick(answer, ['media_id', 'url']) };
    return done(answer, session, details);
  });
}

function uploadRefusal(error: UploadError, session: GatewaySession): Outcome {
  return error.code === 'account_unavailable'
    ? refused(systemBusy('账号的微信凭据不可用，请联系管理员'), session)
    : refused(systemBusy('微信接口未响应'), session, { error: String(error.error) });
}

async function unsupported(deps: WechatGatewayDeps, req: Request, refusal: WechatRefusal): Promise<Outcome> {
  const token = queryToken(req);
  const authenticated = token ? await deps.auth.authenticate(token, 'wechat') : undefined;
  const session = authenticated?.ok ? authenticated.value : undefined;
  return refused(refusal, session, { method: req.method });
}

function freepublishView(view: GatewayPublishView): Record<string, unknown> {
  if (view.publishStatus === 0) {
    return {
      publish_status: 0,
      article_id: view.articleId,
      article_detail: { count: 1, item: [{ idx: 1, article_url: view.articleUrl }] },
      fail_idx: [],
    };
  }
  if (view.publishStatus === 1) return { publish_status: 1, fail_idx: [] };
  return { publish_status: view.publishStatus, fail_idx: [1], fail_reason: view.reason };
}

function massView(view: GatewayPublishView): Record<string, unknown> {
  if (view.publishStatus === 0) return { msg_status: 'SEND_SUCCESS', article_url: view.articleUrl };
  if (view.publishStatus === 1) return { msg_status: 'SENDING' };
  return { msg_status: 'SEND_FAIL', fail_reason: view.reason };
}

function done(
  body: Record<string, unknown>,
  session: { credential: GatewayCredential; person: Person },
  details?: JsonObject,
  reviewDraftId?: string,
): Outcome {
  const code = typeof body['errcode'] === 'number' ? body['errcode'] : 0;
  return {
    body,
    call: {
      code,
      credential: session.credential,
      person: session.person.id,
      ...(details ? { details } : {}),
      ...(reviewDraftId ? { draft: reviewDraftId } : {}),
    },
  };
}

function refused(
  refusal: WechatRefusal,
  who?: { credential: GatewayCredential; person?: Person },
  details?: JsonObject,
  reviewDraftId?: string,
): Outcome {
  return {
    body: { errcode: refusal.errcode, errmsg: refusal.errmsg },
    call: {
      code: refusal.errcode,
      refusal: refusal.reason,
      ...(who ? { credential: who.credential } : {}),
      ...(who?.person ? { person: who.person.id } : {}),
      ...(details ? { details } : {}),
      ...(reviewDraftId ? { draft: reviewDraftId } : {}),
    },
  };
}

function credentialOf(refusal: GatewayAuthRefusal): { credential: GatewayCredential } | undefined {
  return 'credential' in refusal ? { credential: refusal.credential } : undefined;
}

/** The review item a refusal concerns, for the trail (GatewayError names it `draft`). */
function reviewDraftIdOf(error: { code: string; draft?: string }): string | undefined {
  return error.draft;
}

class MalformedRequest extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  // zod's own messages in Chinese, so no English reaches errmsg.
  const parsed = safeParseInChinese(schema, value ?? {});
  if (parsed.success) return parsed.data;
  throw new MalformedRequest(
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '请求体'}: ${issue.message}`),
  );
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function pick(object: Record<string, unknown>, keys: readonly string[]): JsonObject {
  return Object.fromEntries(
    keys.flatMap((key) => (typeof object[key] === 'string' ? [[key, object[key]]] : [])),
  );
}
