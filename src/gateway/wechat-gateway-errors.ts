import type { GatewayAuthRefusal } from '../domain/gateway/gateway-credential.js';
import {
  ERROR_REGISTRY,
  GATEWAY_AUTH_CODES,
  GATEWAY_ERRCODES,
  REVIEW_REFUSED_WECHAT,
  STORAGE_FAILURE_WECHAT,
  WECHAT_LIMIT_ERRCODES,
} from '../errors/error-registry.js';
import { gatewayAuthHint } from '../messages/error-messages.js';
import { messageFor } from '../messages/zh-cn.js';
import type { GatewayError } from '../services/wechat-gateway-service.js';

/** A refusal in WeChat's envelope (facts §1.0): HTTP 200, `{errcode, errmsg}`. `reason` is for the audit trail. */
export interface WechatRefusal {
  errcode: number;
  errmsg: string;
  reason: string;
}

/**
 * errmsg keeps WeChat's own wording first (tools and people search for it), then says in Chinese what happened
 * and what to do, as a `hint` the way WeChat adds hints.
 */
function refusal(errcode: number, wechatText: string, chinese: string, reason: string): WechatRefusal {
  return { errcode, errmsg: `${wechatText} hint: [qianfa] ${chinese}`, reason };
}

export function authRefusal(refused: GatewayAuthRefusal): WechatRefusal {
  const [errcode, wechatText] = GATEWAY_AUTH_CODES[refused.code].wechat;
  return refusal(errcode, wechatText, gatewayAuthHint(refused.code, 'wechat'), refused.code);
}

export function gatewayRefusal(error: GatewayError): WechatRefusal {
  if (error.code === 'review_refused') {
    const [errcode, wechatText] = ERROR_REGISTRY[error.error.code].wechat ?? REVIEW_REFUSED_WECHAT;
    return refusal(errcode, wechatText, messageFor(error.error), `review_refused:${error.error.code}`);
  }
  if (error.code === 'article_too_long') {
    const [errcode, wechatText] = WECHAT_LIMIT_ERRCODES[error.field];
    return refusal(errcode, wechatText, tooLongText(error), `article_too_long:${error.field}`);
  }
  const [errcode, wechatText] = GATEWAY_ERRCODES[error.code];
  return refusal(errcode, wechatText, gatewayText(error), reasonOf(error));
}

function reasonOf(error: GatewayError): string {
  if (error.code === 'media_not_found' || error.code === 'publish_id_not_found') {
    return `${error.code}:${error.reason}`;
  }
  return error.code;
}

const FIELD_NAMES = {
  title: '标题',
  author: '作者',
  digest: '摘要',
  content: '正文',
  content_source_url: '原文链接（content_source_url）',
} as const;

function tooLongText(error: Extract<GatewayError, { code: 'article_too_long' }>): string {
  const unit = error.unit === 'chars' ? '个字' : '字节';
  const { limit, actual } = error;
  return `微信规定${FIELD_NAMES[error.field]}不能超过 ${limit} ${unit}（现为 ${actual} ${unit}），请精简后再保存`;
}

/** The Chinese hint after WeChat's own wording. */
function gatewayText(error: Exclude<GatewayError, { code: 'review_refused' | 'article_too_long' }>): string {
  switch (error.code) {
    case 'media_not_found':
      return mediaNotFoundText(error.reason);
    case 'publish_id_not_found':
      return '没有这个 publish_id，或它不属于本账号';
    case 'one_article_only':
      return `签发网关每篇草稿只收一篇图文（收到 ${error.count} 篇）：请分篇添加`;
    case 'invalid_index':
      return `草稿只有一篇图文，index 须为 0（收到 ${error.index}）`;
    case 'draft_in_review':
      return `稿件 ${error.draft} 正在审核中，不能修改或删除：如需修改，请审核人退回后再改`;
    case 'draft_approved':
      return `稿件 ${error.draft} 已审签通过、正在发布，不能再修改`;
    case 'draft_blocked':
      return `稿件 ${error.draft} 未通过签发检查：${error.findings.join('；')}。请修改草稿后重新提交`;
    case 'concurrent_change':
      return '草稿正被同时修改，请稍后重试';
    case 'invalid_page':
      return `count 须为 1 到 20 之间的整数，offset 须为不小于 0 的整数（收到 offset ${error.offset}、count ${error.count}）`;
    case 'invalid_media_type':
      return `type 须为 image、video、voice 或 news（收到 ${error.type}）`;
    case 'article_not_found':
      return '没有这个 article_id：签发只列出经它发布到本账号的文章';
  }
}

function mediaNotFoundText(reason: 'unknown' | 'other_account' | 'published'): string {
  if (reason === 'published') return '该草稿已发布，已移出草稿箱';
  return '没有这个草稿，或它不属于本账号';
}

/** Endpoints the gateway does not serve: never forwarded, since nobody reviewed what they would do. */
export function unsupportedEndpoint(path: string): WechatRefusal {
  return refusal(
    48001,
    'api unauthorized',
    `签发网关不开放 ${path}：只接受草稿箱、发布、群发（图文）和素材上传接口，其余请在签发中办理`,
    'unsupported_endpoint',
  );
}

/** A served POST endpoint called with another method: WeChat answers 43002 (facts, gateway rules). */
export function postRequired(path: string): WechatRefusal {
  return refusal(43002, 'require POST method', `${path} 只接受 POST 请求，请改用 POST`, 'wrong_method');
}

/** cgi-bin/token called with another method than GET: WeChat answers 43001. */
export function getRequired(path: string): WechatRefusal {
  return refusal(43001, 'require GET method', `${path} 只接受 GET 请求，请改用 GET`, 'wrong_method');
}

export function malformedRequest(problems: readonly string[]): WechatRefusal {
  return refusal(47001, 'data format error', `请求内容有误：${problems.join('；')}`, 'malformed_request');
}

export function systemBusy(detail: string): WechatRefusal {
  return refusal(-1, 'system error', `签发网关暂时无法完成：${detail}。请稍后重试`, 'system_error');
}

/** Redis could not take or confirm the call (`code` storage_unavailable or replication_unconfirmed): retryable. */
export function storageRefusal(code: string, text: string): WechatRefusal {
  return refusal(...STORAGE_FAILURE_WECHAT, text, code);
}
