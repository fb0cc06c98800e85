import { createRequire } from 'node:module';
import type API from 'wechat-api';

const require = createRequire(import.meta.url);
const WechatApi = require('wechat-api') as typeof API;
const util = require('wechat-api/lib/util.js') as {
  wrapper(cb: unknown): unknown;
  postJSON(data: unknown): unknown;
};

/**
 * wechat-api@1.35.1 has no draft box, freepublish or stable_token (facts §5.1). Tools that use it add them the
 * way the package documents (`API.patch`); this does the same but takes the URL from `this.endpoint`, so each
 * client can point elsewhere. Token handling, the request and the error wrapper are the package's own.
 */
const EXTRA_ENDPOINTS = {
  addDraft: '/cgi-bin/draft/add',
  updateDraft: '/cgi-bin/draft/update',
  getDraft: '/cgi-bin/draft/get',
  deleteDraft: '/cgi-bin/draft/delete',
  submitPublish: '/cgi-bin/freepublish/submit',
  getPublishStatus: '/cgi-bin/freepublish/get',
  countDrafts: '/cgi-bin/draft/count',
  batchGetDrafts: '/cgi-bin/draft/batchget',
  batchGetPublished: '/cgi-bin/freepublish/batchget',
  getArticle: '/cgi-bin/freepublish/getarticle',
} as const;

type ExtraMethod = keyof typeof EXTRA_ENDPOINTS;

let mixedIn = false;
function mixInOnce(): void {
  if (mixedIn) return;
  mixedIn = true;
  const methods: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(EXTRA_ENDPOINTS)) {
    methods[`_${name}`] = function (this: API, info: unknown, callback: unknown) {
      const url = `${this.endpoint}${path}?access_token=${this.token?.accessToken ?? ''}`;
      this.request(url, util.postJSON(info), util.wrapper(callback));
    };
    methods[name] = function (this: API) {
      // eslint-disable-next-line prefer-rest-params -- preRequest takes the arguments object, as in the package
      this.preRequest(this[`_${name}`], arguments);
    };
  }
  WechatApi.mixin(methods);
}

/** A WeChat API error as wechat-api reports it: `name` WeChatAPIError, `code` the errcode. */
export interface WechatApiError extends Error {
  code?: number;
}

/** A promise-returning wechat-api client pointed at `endpoint` (e.g. the gateway's `/gateway/wechat`). */
export function wechatApiClient(endpoint: string, appid: string, secret: string) {
  mixInOnce();
  const api = new WechatApi(appid, secret);
  api.endpoint = endpoint;
  const call = <T>(method: string, ...args: unknown[]): Promise<T> =>
    new Promise((resolve, reject) => {
      (api[method] as (...a: unknown[]) => void).call(api, ...args, (error: Error | null, data: unknown) => {
        if (error) reject(error);
        else resolve(data as T);
      });
    });
  return {
    api,
    call,
    extra: <T>(method: ExtraMethod, info: object): Promise<T> => call<T>(method, info),
  };
}
