import type { ScheduledRules } from '../fault-injection.js';
import { PlatformRefusal, type FakeReply, type FakeRequest } from '../fake-http-server.js';
import type { WechatDraftBox } from './fake-wechat-drafts.js';
import { wechatJson } from './fake-wechat-errmsgs.js';
import type { WechatMediaStore } from './fake-wechat-media.js';
import type { PublishOutcome, WechatPublishDesk } from './fake-wechat-publishing.js';
import type { WechatTokenPool } from './fake-wechat-tokens.js';

export const WECHAT_ENDPOINTS = [
  '/cgi-bin/token',
  '/cgi-bin/stable_token',
  '/cgi-bin/media/uploadimg',
  '/cgi-bin/material/add_material',
  '/cgi-bin/draft/add',
  '/cgi-bin/draft/get',
  '/cgi-bin/draft/update',
  '/cgi-bin/draft/delete',
  '/cgi-bin/freepublish/submit',
  '/cgi-bin/freepublish/get',
  '/cgi-bin/freepublish/batchget',
  '/cgi-bin/freepublish/getarticle',
  '/cgi-bin/freepublish/delete',
  '/cgi-bin/user/get',
] as const;

export type WechatEndpoint = (typeof WECHAT_ENDPOINTS)[number];

export interface FakeWechatAccount {
  readonly appid: string;
  readonly secret: string;
  /** Only verified accounts may call freepublish/* (48001 otherwise, since July 2025). Default true. */
  readonly verified?: boolean;
  /** How many follow the account (user/get's total); default 0. Unverified accounts get 48001 for user/get. */
  readonly followers?: number;
}

export interface WechatFakeState {
  readonly accounts: Map<string, FakeWechatAccount>;
  readonly tokens: WechatTokenPool;
  readonly media: WechatMediaStore;
  readonly drafts: WechatDraftBox;
  readonly desk: WechatPublishDesk;
  readonly publishOutcomes: ScheduledRules<string, PublishOutcome>;
}

type Json = Record<string, unknown>;
type Handler = (state: WechatFakeState, appid: string, request: FakeRequest) => unknown; // a value or a promise of one

const OK = { errcode: 0, errmsg: 'ok' };

/** Business endpoints read with GET (the others are POST), authenticated by ?access_token= as they are. */
const GET_ENDPOINTS: ReadonlySet<string> = new Set<WechatEndpoint>(['/cgi-bin/user/get']);
/** Endpoints withdrawn from unverified accounts: publishing (since July 2025) and user management. */
const VERIFIED_ONLY = ['/cgi-bin/freepublish/', '/cgi-bin/user/'];

/** Business endpoints, authenticated by ?access_token=. */
const BUSINESS: Readonly<
  Record<Exclude<WechatEndpoint, '/cgi-bin/token' | '/cgi-bin/stable_token'>, Handler>
> = {
  '/cgi-bin/media/uploadimg': (state, _appid, request) => state.media.uploadBodyImage(request),
  '/cgi-bin/material/add_material': (state, appid, request) => state.media.addMaterial(appid, request),
  '/cgi-bin/draft/add': (state, appid, request) => state.drafts.add(appid, readJson(request)),
  '/cgi-bin/draft/get': getDraft,
  '/cgi-bin/draft/update': (state, appid, request) => {
    state.drafts.update(appid, readJson(request));
    return OK;
  },
  '/cgi-bin/draft/delete': (state, appid, request) => {
    state.drafts.delete(appid, readJson(request)['media_id']);
    return OK;
  },
  '/cgi-bin/freepublish/submit': (state, appid, request) => {
    const outcome = state.publishOutcomes.take(appid) ?? { status: 0 };
    return state.desk.submit(appid, readJson(request)['media_id'], outcome);
  },
  '/cgi-bin/freepublish/get': (state, appid, request) =>
    state.desk.status(appid, readJson(request)['publish_id']),
  '/cgi-bin/freepublish/batchget': (state, appid, request) => state.desk.list(appid, readJson(request)),
  '/cgi-bin/freepublish/getarticle': (state, appid, request) =>
    state.desk.article(appid, readJson(request)['article_id']),
  '/cgi-bin/freepublish/delete': (state, appid, request) => {
    state.desk.delete(appid, readJson(request)['article_id']);
    return OK;
  },
  '/cgi-bin/user/get': (state, appid, request) =>
    followerPage(state.accounts.get(appid)?.followers ?? 0, appid, request.query.get('next_openid')),
};

/** user/get pages openids 10,000 at a time after `next_openid`; the fake's openids are `o<appid>-<n>`. */
const FOLLOWER_PAGE = 10_000;

function followerPage(total: number, appid: string, after: string | null): Json {
  const start = after ? Number(after.slice(after.lastIndexOf('-') + 1)) + 1 : 0;
  if (!Number.isInteger(start) || start < 0) throw new PlatformRefusal(40003);
  const end = Math.min(total, start + FOLLOWER_PAGE);
  const openids = Array.from({ length: Math.max(0, end - start) }, (_, i) => `o${appid}-${start + i}`);
  return { total, count: openids.length, data: { openid: openids }, next_openid: openids.at(-1) ?? '' };
}

/** draft/get adds a temporary preview link to each article. */
function getDraft(state: WechatFakeState, appid: string, request: FakeRequest): Json {
  const mediaId = readJson(request)['media_id'];
  const items = state.drafts.articles(appid, mediaId);
  const previewUrl = (index: number): string =>
    `https://mp.weixin.qq.com/s?__biz=fake&tempkey=${String(mediaId)}&idx=${index + 1}`;
  return { news_item: items.map((item, index) => ({ ...item, url: previewUrl(index) })) };
}

/** Routes one request the way the platform would: method, token, permission, then the endpoint. */
export async function handleWechatRequest(state: WechatFakeState, request: FakeRequest): Promise<FakeReply> {
  state.desk.settle();
  if (request.path === '/cgi-bin/token') return wechatJson(issueLegacyToken(state, request));
  if (request.path === '/cgi-bin/stable_token') return wechatJson(issueStableToken(state, request));
  const handler = BUSINESS[request.path as keyof typeof BUSINESS] as Handler | undefined;
  if (!handler) return { status: 404, body: 'Not Found', contentType: 'text/html' };
  const method = GET_ENDPOINTS.has(request.path) ? 'GET' : 'POST';
  if (request.method !== method) throw new PlatformRefusal(method === 'GET' ? 43001 : 43002);
  const appid = state.tokens.resolve(request.query.get('access_token'));
  const account = state.accounts.get(appid);
  if (VERIFIED_ONLY.some((prefix) => request.path.startsWith(prefix)) && account?.verified === false) {
    throw new PlatformRefusal(48001);
  }
  return wechatJson(await handler(state, appid, request));
}

function issueLegacyToken(state: WechatFakeState, request: FakeRequest): unknown {
  if (request.method !== 'GET') throw new PlatformRefusal(43001);
  const get = (name: string): unknown => request.query.get(name) ?? undefined;
  const account = checkCredentials(state, get('grant_type'), get('appid'), get('secret'), 40001);
  return state.tokens.issueLegacy(account.appid);
}

function issueStableToken(state: WechatFakeState, request: FakeRequest): unknown {
  if (request.method !== 'POST') throw new PlatformRefusal(43002);
  const body = readJson(request);
  const account = checkCredentials(state, body['grant_type'], body['appid'], body['secret'], 40125);
  return state.tokens.issueStable(account.appid, body['force_refresh'] === true);
}

/** /token answers a wrong secret with 40001, stable_token with 40125 (facts §1.1). */
function checkCredentials(
  state: WechatFakeState,
  grantType: unknown,
  appid: unknown,
  secret: unknown,
  wrongSecretCode: number,
): FakeWechatAccount {
  if (grantType !== 'client_credential') throw new PlatformRefusal(40002);
  if (typeof appid !== 'string' || appid === '') throw new PlatformRefusal(41002);
  const account = state.accounts.get(appid);
  if (!account) throw new PlatformRefusal(40013);
  if (typeof secret !== 'string' || secret === '') throw new PlatformRefusal(41004);
  if (secret !== account.secret) throw new PlatformRefusal(wrongSecretCode);
  return account;
}

function readJson(request: FakeRequest): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new PlatformRefusal(47001);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new PlatformRefusal(47001);
  return parsed as Json;
}
