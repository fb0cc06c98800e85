import { randomBytes } from 'node:crypto';
import type { FakeReply, PlatformRefusal } from '../fake-http-server.js';
import { stringifyWithBigInts } from '../raw-json.js';

/** errmsg texts as WeChat writes them (English, some Chinese); unknown codes get a generic one. */
const ERRMSGS: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40007: 'invalid media_id',
  40009: 'invalid image size',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40114: 'invalid index value',
  40125: 'invalid appsecret',
  40227: 'title is empty',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41039: 'invalid content_source_url',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  44003: 'empty news data',
  45002: 'content size out of limit',
  45003: 'title size out of limit',
  45004: 'description size out of limit',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  45110: 'author size out of limit',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
  53502: 'Publish ID 无效',
  53503: '该草稿未通过发布检查',
  53600: 'Article ID 无效',
};

/** `xxxxxxxx-xxxxxxxx-xxxxxxxx`, the request id WeChat appends to every errmsg. */
function rid(): string {
  const hex = randomBytes(12).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16)}`;
}

/** WeChat answers refusals with HTTP 200 and `{errcode, errmsg}` (facts §1.0). */
export function wechatRefusalReply(refusal: PlatformRefusal): FakeReply {
  const errmsg = refusal.platformMessage ?? ERRMSGS[refusal.code] ?? 'unknown error';
  return wechatJson({ errcode: refusal.code, errmsg: `${errmsg} rid: ${rid()}` });
}

export function wechatJson(body: unknown): FakeReply {
  return { status: 200, body: stringifyWithBigInts(body), contentType: 'application/json; encoding=utf-8' };
}
