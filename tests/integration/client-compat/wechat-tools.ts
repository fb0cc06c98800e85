import { createRequire } from 'node:module';
import { OfficialAccount, type CacheInterface } from 'node-easywechat';

/**
 * Each npm client the compatibility suite drives, behind one small interface: the calls a tool makes, made the
 * way a tool written with that library makes them (its own token handling, URL building, uploads and parsing).
 * Answers are WeChat's JSON as the library hands it over; a refusal is `{ errcode, errmsg }` whether the library
 * throws it (co-wechat-api) or returns it (node-easywechat).
 */
export interface WechatTool {
  readonly name: string;
  /** Where the library fetches its token. */
  readonly tokenEndpoint: '/cgi-bin/token' | '/cgi-bin/stable_token';
  /** Fetches an access token from the gateway as the library does it (cgi-bin/token or stable_token). */
  token(): Promise<string>;
  /** material/add_material?type=image from a file on disk, as the libraries take images. */
  uploadImage(file: string): Promise<WechatAnswer>;
  addDraft(article: object): Promise<WechatAnswer>;
  getDraft(mediaId: string): Promise<WechatAnswer>;
  submit(mediaId: string): Promise<WechatAnswer>;
  publishStatus(publishId: string): Promise<WechatAnswer>;
  /** message/mass/sendall of a draft (mpnews) to all followers, and message/mass/get. */
  massSend(mediaId: string): Promise<WechatAnswer>;
  massStatus(msgId: unknown): Promise<WechatAnswer>;
  /** The read-only calls a tool makes to show its lists, by endpoint. */
  readonly reads: Readonly<Record<string, () => Promise<WechatAnswer>>>;
}

export type WechatAnswer = Record<string, unknown> & { errcode?: number; errmsg?: string };

interface CoWechatApi {
  prefix: string;
  getAccessToken(): Promise<{ accessToken: string }>;
  ensureAccessToken(): Promise<{ accessToken: string }>;
  request(url: string, options?: object): Promise<WechatAnswer>;
  uploadImageMaterial(file: string): Promise<WechatAnswer>;
  getMaterialCount(): Promise<WechatAnswer>;
  getMaterials(type: string, offset: number, count: number): Promise<WechatAnswer>;
  massSendNews(mediaId: string, toAll: boolean): Promise<WechatAnswer>;
  getMassMessageStatus(msgId: unknown): Promise<WechatAnswer>;
  [extension: string]: unknown;
}

interface CoWechatApiClass {
  new (appid: string, secret: string): CoWechatApi;
  mixin(methods: Record<string, unknown>): void;
}

const require = createRequire(import.meta.url);
const CoApi = require('co-wechat-api') as CoWechatApiClass;
const coUtil = require('co-wechat-api/lib/util.js') as { postJSON(data: unknown): object };

/**
 * co-wechat-api@3.11.0 predates the draft box and freepublish. Tools add them with `API.mixin`, written like the
 * package's own methods: `ensureAccessToken`, `this.prefix + path`, `postJSON`, and its `request` (which parses
 * with json-bigint and refetches the token on 40001/42001).
 */
const CO_EXTENSIONS: Readonly<Record<string, { path: string; method: 'GET' | 'POST' }>> = {
  addDraft: { path: 'draft/add', method: 'POST' },
  getDraft: { path: 'draft/get', method: 'POST' },
  countDrafts: { path: 'draft/count', method: 'GET' },
  listDrafts: { path: 'draft/batchget', method: 'POST' },
  submitPublish: { path: 'freepublish/submit', method: 'POST' },
  getPublishStatus: { path: 'freepublish/get', method: 'POST' },
  listPublished: { path: 'freepublish/batchget', method: 'POST' },
};

let coExtended = false;
function extendCoWechatApi(): void {
  if (coExtended) return;
  coExtended = true;
  const methods: Record<string, unknown> = {};
  for (const [name, { path, method }] of Object.entries(CO_EXTENSIONS)) {
    methods[name] = async function (this: CoWechatApi, data?: object) {
      const { accessToken } = await this.ensureAccessToken();
      const url = `${this.prefix}${path}?access_token=${accessToken}`;
      return this.request(url, method === 'GET' ? { dataType: 'json' } : coUtil.postJSON(data));
    };
  }
  CoApi.mixin(methods);
}

/** co-wechat-api throws WeChatAPIError (`code` = errcode) for errcode ≠ 0; the suite compares answers. */
async function answerOf(call: Promise<unknown>): Promise<WechatAnswer> {
  try {
    return (await call) as WechatAnswer;
  } catch (error) {
    const { name, code, message } = error as { name?: string; code?: number; message?: string };
    if (name !== 'WeChatAPIError' || code === undefined) throw error;
    return { errcode: code, errmsg: message ?? '' };
  }
}

/** co-wechat-api@3.11.0 pointed at the gateway: its one setting for the API host is `prefix` (…/cgi-bin/). */
export function coWechatApiTool(gateway: string, appid: string, secret: string): WechatTool {
  extendCoWechatApi();
  const api = new CoApi(appid, secret);
  api.prefix = `${gateway}/cgi-bin/`;
  const extension = (name: keyof typeof CO_EXTENSIONS, data?: object) =>
    answerOf((api[name] as (data?: object) => Promise<unknown>).call(api, data));
  return {
    name: 'co-wechat-api@3.11.0',
    tokenEndpoint: '/cgi-bin/token',
    token: async () => (await api.getAccessToken()).accessToken,
    uploadImage: (file) => answerOf(api.uploadImageMaterial(file)),
    addDraft: (article) => extension('addDraft', { articles: [article] }),
    getDraft: (mediaId) => extension('getDraft', { media_id: mediaId }),
    submit: (mediaId) => extension('submitPublish', { media_id: mediaId }),
    publishStatus: (publishId) => extension('getPublishStatus', { publish_id: publishId }),
    massSend: (mediaId) => answerOf(api.massSendNews(mediaId, true)),
    massStatus: (msgId) => answerOf(api.getMassMessageStatus(msgId)),
    reads: {
      'material/get_materialcount': () => answerOf(api.getMaterialCount()),
      'material/batchget_material': () => answerOf(api.getMaterials('image', 0, 20)),
      'draft/count': () => extension('countDrafts'),
      'draft/batchget': () => extension('listDrafts', { offset: 0, count: 20, no_content: 1 }),
      'freepublish/batchget': () => extension('listPublished', { offset: 0, count: 20, no_content: 1 }),
    },
  };
}

/** node-easywechat's cache port, in memory: its default writes token files under ./cache. */
class MemoryCache implements CacheInterface {
  readonly #entries = new Map<string, unknown>();
  get(key: string): Promise<unknown> {
    return Promise.resolve(this.#entries.get(key));
  }
  has(key: string): Promise<boolean> {
    return Promise.resolve(this.#entries.has(key));
  }
  set(key: string, data?: unknown): Promise<boolean> {
    this.#entries.set(key, data);
    return Promise.resolve(true);
  }
  delete(key: string): Promise<boolean> {
    return Promise.resolve(this.#entries.delete(key));
  }
}

/**
 * node-easywechat@3.6.2 pointed at the gateway: `http.baseURL` (ending in `/`) serves both its token client and
 * its API client; `use_stable_access_token` makes it fetch tokens from cgi-bin/stable_token. v3 wraps no business
 * API: tools call `getClient().get/postJson(path)`, which adds `access_token` from its AccessToken.
 */
export function nodeEasyWechatTool(gateway: string, appid: string, secret: string): WechatTool {
  const app = new OfficialAccount({
    app_id: appid,
    secret,
    token: 'unused-callback-token',
    aes_key: '',
    use_stable_access_token: true,
    http: { baseURL: `${gateway}/` },
  });
  app.setCache(new MemoryCache());
  const client = app.getClient();
  const answer = async (call: Promise<{ toObject(): unknown }>) => (await call).toObject() as WechatAnswer;
  const post = (path: string, data: object) => answer(client.postJson(path, data));
  return {
    name: 'node-easywechat@3.6.2',
    tokenEndpoint: '/cgi-bin/stable_token',
    token: () => app.getAccessToken().getToken(),
    uploadImage: (file) =>
      answer(
        client.withFile(file, 'media').post('cgi-bin/material/add_material', { params: { type: 'image' } }),
      ),
    addDraft: (article) => post('cgi-bin/draft/add', { articles: [article] }),
    getDraft: (mediaId) => post('cgi-bin/draft/get', { media_id: mediaId }),
    submit: (mediaId) => post('cgi-bin/freepublish/submit', { media_id: mediaId }),
    publishStatus: (publishId) => post('cgi-bin/freepublish/get', { publish_id: publishId }),
    massSend: (mediaId) =>
      post('cgi-bin/message/mass/sendall', {
        filter: { is_to_all: true },
        mpnews: { media_id: mediaId },
        msgtype: 'mpnews',
        send_ignore_reprint: 0,
      }),
    massStatus: (msgId) => post('cgi-bin/message/mass/get', { msg_id: msgId }),
    reads: {
      'material/get_materialcount': () => answer(client.get('cgi-bin/material/get_materialcount')),
      'material/batchget_material': () =>
        post('cgi-bin/material/batchget_material', { type: 'image', offset: 0, count: 20 }),
      'draft/count': () => answer(client.get('cgi-bin/draft/count')),
      'draft/batchget': () => post('cgi-bin/draft/batchget', { offset: 0, count: 20, no_content: 1 }),
      'freepublish/batchget': () =>
        post('cgi-bin/freepublish/batchget', { offset: 0, count: 20, no_content: 1 }),
    },
  };
}
