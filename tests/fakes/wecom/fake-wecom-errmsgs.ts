import { randomBytes } from 'node:crypto';
import type { FakeReply, PlatformRefusal } from '../fake-http-server.js';

/** errmsg texts in WeCom's style (English); unknown codes get a generic one. */
const ERRMSGS: Readonly<Record<number, string>> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40003: 'invalid userid',
  40008: 'invalid message type',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40032: 'invalid userid list size',
  40056: 'invalid agentid',
  40058: 'invalid parameter',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41010: 'url missing',
  41011: 'agentid missing',
  41016: 'title missing',
  41033: 'description missing',
  42001: 'access_token expired',
  42014: 'invalid task_id',
  42031: 'invalid template_card card_type',
  42038: 'invalid template_card button_list text',
  42039: 'invalid template_card button_list key',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  60020: 'not allow to access from your ip',
  81013: 'user & party & tag all invalid',
  82001: 'All touser & toparty & totag invalid',
};

/** WeCom's errmsg suffix: `, hint: [...], from ip: x, more info at …?e=CODE` (facts §3.1). */
function suffix(code: number): string {
  const hex = (): string => randomBytes(4).toString('hex');
  const hint = `${Math.floor(Date.now() / 1000)}-${hex()}-${hex()}`;
  const moreInfo = `https://open.work.weixin.qq.com/devtool/query?e=${code}`;
  return `, hint: [${hint}], from ip: 127.0.0.1, more info at ${moreInfo}`;
}

/** WeCom answers refusals with HTTP 200 and `{errcode, errmsg}` (facts §4). */
export function wecomRefusalReply(refusal: PlatformRefusal): FakeReply {
  const errmsg = refusal.platformMessage ?? ERRMSGS[refusal.code] ?? 'unknown error';
  return wecomJson({ errcode: refusal.code, errmsg: `${errmsg}${suffix(refusal.code)}` });
}

export function wecomJson(body: unknown): FakeReply {
  return { status: 200, body: JSON.stringify(body), contentType: 'application/json; charset=UTF-8' };
}
