import type { GatewayAuthRefusal } from '../domain/gateway/gateway-credential.js';
import type { WechatLimitField } from '../domain/publishing/wechat-limits.js';
import type { GatewayError } from '../services/wechat-gateway-service.js';
import type { ServiceErrorCode } from './service-error.js';

/** The CLI's exit codes: 1 a well-formed request refused, 2 malformed input (a usage error). */
export const EXIT = { ok: 0, refused: 1, usage: 2, config: 3, internal: 70 } as const;
type RefusalExit = typeof EXIT.refused | typeof EXIT.usage;

/** A WeChat gateway answer: errcode and WeChat's own errmsg wording. */
export type WechatCode = readonly [errcode: number, errmsg: string];

export interface ErrorEntry {
  /** The JSON API's and the pages' HTTP status. */
  readonly status: number;
  /** The CLI's exit code. */
  readonly exit: RefusalExit | typeof EXIT.config;
  /** The service has recorded this refusal in the audit trail itself, so the edge must not record it again. */
  readonly audited?: true;
  /** What the gateways answer when review refuses a draft for this reason (else 48001 / 20021). */
  readonly wechat?: WechatCode;
  readonly weibo?: number;
}

const refused = (status: number, extra: Partial<ErrorEntry> = {}): ErrorEntry => ({
  status,
  exit: EXIT.refused,
  ...extra,
});
const malformed = (status: number): ErrorEntry => ({ status, exit: EXIT.usage });
/** A review refusal the review service records in the trail. */
const reviewRefusal = (status: number): ErrorEntry => refused(status, { audited: true });

/**
 * The one table of refusals: each code's HTTP status, CLI exit code and gateway errcode. The Chinese text of
 * each is `messageFor` (messages/error-messages.ts); the HTTP edge (`toHttpError`), the pages, the CLI
 * (`exitCodeOf`) and the gateways read this table, so a code answers the same everywhere.
 */
export const ERROR_REGISTRY: Readonly<Record<ServiceErrorCode, ErrorEntry>> = {
  // The review (DomainError).
  draft_not_submitted: refused(404),
  draft_not_found: refused(404),
  wrong_org: reviewRefusal(403),
  outsourced_cannot_decide: reviewRefusal(403),
  approver_is_drafter: reviewRefusal(403),
  revision_not_allowed: reviewRefusal(403),
  withdraw_not_allowed: reviewRefusal(403),
  role_insufficient: reviewRefusal(403),
  already_decided_earlier_stage: reviewRefusal(403),
  not_on_chain: reviewRefusal(403),
  already_submitted: refused(409),
  not_in_review: refused(409),
  review_started: refused(409),
  already_published: refused(409),
  stale_version: refused(409),
  stage_mismatch: refused(409),
  not_approved: refused(409),
  concurrent_change: refused(409),
  comment_required: refused(400),
  draft_blocked: refused(422),
  review_findings_not_acknowledged: refused(422),
  grade_cannot_be_lowered: refused(422),
  grade_unchanged: refused(422),
  tail_incomplete: refused(422),
  unknown_targets: refused(422),
  // What WeChat answers for a frozen account, and Weibo for a revoked authorisation: a tool stops, not retries.
  targets_disabled: refused(422, { wechat: [50007, 'account frozen'], weibo: 21319 }),
  publishing_not_allowed: reviewRefusal(403),
  target_not_failed: refused(409),
  target_not_found: refused(404),
  schedule_not_pending: refused(409),
  publish_time_past: refused(422),
  draft_too_complex: refused(422, { wechat: [45002, 'content size out of limit'], weibo: 20012 }),
  // People and organisations.
  invalid_slug: malformed(400),
  invalid_name: malformed(400),
  unknown_role: malformed(400),
  no_roles: malformed(400),
  outsourced_drafter_only: refused(422),
  org_exists: refused(409),
  person_exists: refused(409),
  org_not_found: refused(404),
  person_not_found: refused(404),
  // Publishing accounts.
  account_not_found: refused(404),
  invalid_account_name: malformed(400),
  invalid_appid: malformed(400),
  invalid_link: malformed(400),
  missing_credential: malformed(400),
  missing_link: malformed(400),
  account_exists: refused(409),
  account_disabled: refused(409),
  // Stand-ins (代).
  not_a_leader: refused(403),
  stand_in_not_found: refused(404),
  stand_in_not_allowed: refused(422),
  invalid_period: refused(400),
  delegation_not_found: refused(404),
  // Gateway credentials.
  invalid_target: malformed(400),
  invalid_days: malformed(400),
  credential_not_found: refused(404),
  person_cannot_draft: refused(422),
  // Check settings, false-positive marks and live checks (the CLI reports a bad source as refused, not usage).
  invalid_source: refused(400),
  not_decider: refused(403),
  allow_entry_not_found: refused(404),
  finding_not_found: refused(404),
  allow_entry_exists: refused(409),
  allow_entry_too_short: refused(422),
  finding_not_markable: refused(422),
  rate_limited: refused(429),
  // Logging in (issue 12 point 1).
  person_disabled: refused(409),
  password_too_short: malformed(400),
  password_too_long: malformed(400),
  wrong_password: refused(403),
  session_not_found: refused(404),
  // The account register (issue 13 point 1).
  register_rules_broken: refused(422),
  register_entry_exists: refused(409),
  register_request_outside: refused(422),
  register_request_needs_drafter: refused(422),
  register_entry_not_found: refused(404),
  register_request_pending: refused(409),
  register_wrong_state: refused(409),
  closure_notice_too_early: refused(409),
  offline_limit_reached: refused(409),
  offline_too_long: refused(422),
  // Corrections (issue 13 point 6).
  alert_not_found: refused(404),
  not_correctable: refused(409),
  // The workflow edited by an organisation's admins (issue 12 point 4).
  workflow_invalid: refused(422),
  workflow_changed: refused(409),
  // The installation lacks what a request needs (the PDF report's CJK font): 503, and a config exit in the CLI.
  report_font_missing: { status: 503, exit: EXIT.config },
};

/**
 * The WeChat-compatible gateway's refusals, with their errcode. A draft the review refuses is answered with its
 * reason's `wechat` above (48001 by default). `draft_blocked` means something else here than in the review: the
 * submission was stored, blocked by the checker (53503), where the review refuses to approve a blocked draft.
 */
export const GATEWAY_ERRCODES: Readonly<
  Record<Exclude<GatewayError['code'], 'review_refused' | 'article_too_long'>, WechatCode>
> = {
  media_not_found: [40007, 'invalid media_id'],
  publish_id_not_found: [53502, 'invalid publish_id'],
  one_article_only: [40097, 'invalid args'],
  invalid_index: [40114, 'invalid index'],
  draft_in_review: [53504, 'draft is being reviewed'],
  draft_approved: [53504, 'draft is being published'],
  draft_blocked: [53503, 'draft failed the pre-publish check'],
  concurrent_change: [-1, 'system busy'],
  invalid_page: [47003, 'argument invalid'],
  article_not_found: [53600, 'invalid article_id'],
  invalid_media_type: [40004, 'invalid media type'],
};

/** WeChat's answers to an article field over its limit (global return codes; per-endpoint tables name none, §1.4). */
export const WECHAT_LIMIT_ERRCODES: Readonly<Record<WechatLimitField, WechatCode>> = {
  title: [45003, 'title size out of limit'],
  author: [45110, 'author size out of limit'],
  digest: [45004, 'description size out of limit'],
  content: [45002, 'content size out of limit'],
  content_source_url: [45005, 'url size out of limit'],
};

/**
 * The gateways' answers when Redis could not take or confirm a call (storage_unavailable, replication_unconfirmed):
 * WeChat's -1 "system error" (系统繁忙，请稍候再试), which its clients retry, and Weibo's 10002 "Service unavailable".
 */
export const STORAGE_FAILURE_WECHAT: WechatCode = [-1, 'system error'];
export const STORAGE_FAILURE_WEIBO = 10002;

/** WeChat's and Weibo's answers to a draft review refuses, when its reason has no code of its own. */
export const REVIEW_REFUSED_WECHAT: WechatCode = [48001, 'api unauthorized'];
export const REVIEW_REFUSED_WEIBO = 20021;

export function errorEntry(code: ServiceErrorCode): ErrorEntry {
  return ERROR_REGISTRY[code];
}

/**
 * How each gateway answers a refused credential or token: WeChat's errcode with its own errmsg wording, and Weibo's
 * error_code (facts §1.0, §2.3). The Chinese hint of each is `gatewayAuthHint` (messages/error-messages.ts).
 */
export const GATEWAY_AUTH_CODES: Readonly<
  Record<GatewayAuthRefusal['code'], { readonly wechat: WechatCode; readonly weibo: number }>
> = {
  unknown_appid: { wechat: [40013, 'invalid appid'], weibo: 21332 },
  wrong_secret: { wechat: [40125, 'invalid appsecret'], weibo: 21332 },
  credential_revoked: { wechat: [40243, 'AppSecret frozen'], weibo: 21319 },
  credential_expired: { wechat: [40243, 'AppSecret frozen'], weibo: 21327 },
  missing_token: { wechat: [41001, 'access_token missing'], weibo: 21301 },
  unknown_token: {
    wechat: [40001, 'invalid credential, access_token is invalid or not latest'],
    weibo: 21332,
  },
  wrong_platform: { wechat: [48001, 'api unauthorized'], weibo: 10014 },
  token_expired: { wechat: [42001, 'access_token expired'], weibo: 21327 },
  person_gone: { wechat: [40243, 'AppSecret frozen'], weibo: 21319 },
  operator_contract_ended: { wechat: [40243, 'AppSecret frozen'], weibo: 21319 },
};
