import { MARKABLE_RULE_PREFIXES } from '../domain/checks/org-allow.js';
import type { ServiceError } from '../errors/service-error.js';
import { messageFor, PLATFORM_NAMES, ROLE_NAMES, roles } from './zh-cn.js';
import { loginErrorMessage } from './login-texts.js';
import { registerErrorMessage } from './register-texts.js';
import { correctionErrorMessage } from './correction-texts.js';
import { REPORT_TEXT } from './monitor-report-texts.js';
import type { Platform } from '../domain/accounts.js';
import type { GatewayAuthRefusal } from '../domain/gateway/gateway-credential.js';

const markable = MARKABLE_RULE_PREFIXES.map((prefix) => `${prefix}*`).join('、');

/**
 * A Simplified Chinese message for any refusal of a service, telling the person what to do next: the review's
 * (DomainError) through `messageFor`, the others here, one text per code.
 */
const STAND_IN_REFUSALS = {
  self: '不能指定自己为代理人。',
  outsourced: '代运维人员不能担任代理人。',
  not_a_decider: '代理人须担任审核、审签、分管或主要负责人角色之一；代理时只能审签本人角色或高一级的环节。',
} as const;

export function errorMessageFor(error: ServiceError): string {
  switch (error.code) {
    case 'invalid_slug':
      return `单位标识“${error.slug}”无效：须为 2–40 个小写字母、数字或连字符，且不以连字符开头或结尾，例如 city-gov。`;
    case 'invalid_name':
      return `名称“${error.name}”无效：须为 1–50 个字符，不能含斜杠或控制字符。`;
    case 'unknown_role':
      return `未知角色“${error.role}”。可用角色：drafter、reviewer、editor、deputy、principal、admin。`;
    case 'no_roles':
      return '至少须指定一个角色，例如 drafter。';
    case 'outsourced_drafter_only':
      return `代运维人员只能拟稿（drafter），不能担任：${error.roles
        .filter((role) => role !== 'drafter')
        .map((role) => ROLE_NAMES[role])
        .join('、')}。`;
    case 'org_exists':
      return `单位标识“${error.slug}”已存在，请换一个标识。`;
    case 'org_not_found':
      return `单位“${error.slug}”不存在，请先用 qianfa org add 创建。`;
    case 'person_exists':
      return `单位“${error.org}”已有名为“${error.name}”的人员；如需新令牌，请用 qianfa user token。`;
    case 'invalid_account_name':
      return `账号名称“${error.name}”无效：须为 1–40 个汉字、字母、数字、下划线或连字符，例如 崇川发布。`;
    case 'invalid_appid':
      return `AppID“${error.appid}”格式不对：应为 wx 加 16 位十六进制字符，可在公众平台“设置与开发—基本配置”中查看。`;
    case 'invalid_link':
      return `链接“${error.link}”无效：须为 https:// 开头的网址，且在微博账号的安全域名内。`;
    case 'missing_credential':
      return error.platform === 'wechat'
        ? `添加微信公众号须提供 --${error.option}（AppID 和 AppSecret）。`
        : '添加微博账号须提供 --token（access_token）。';
    case 'missing_link':
      return '添加微博账号须提供 --link（link）：微博只接受应用安全域名内的链接，每条微博都附带它，例如 https://www.chongchuan.gov.cn/。';
    case 'account_exists':
      return `本单位已有名为“${error.name}”的${PLATFORM_NAMES[error.platform]}账号，请换一个名称。`;
    case 'account_not_found':
      return `本单位没有名为“${error.name}”的${PLATFORM_NAMES[error.platform]}账号，请先由管理员添加（qianfa account add）。`;
    case 'account_disabled':
      return `${PLATFORM_NAMES[error.platform]}账号“${error.name}”已停用，不能签发网关凭据：如需恢复，请管理员先重新启用（qianfa account enable）。`;
    case 'not_a_leader':
      return '只有担任审核或审签角色的人员可以指定代理人。';
    case 'stand_in_not_found':
      return `本单位没有名为“${error.name}”的人员，请核对代理人姓名。`;
    case 'stand_in_not_allowed':
      return STAND_IN_REFUSALS[error.reason];
    case 'invalid_period':
      return `代理期限无效：开始时间（${error.from}）不能早于现在，结束时间须晚于开始时间，且不超过 90 天。`;
    case 'delegation_not_found':
      return `没有编号为“${error.id}”的代理，或您不是指定它的人。`;
    case 'invalid_target':
      return `账号“${error.target}”格式不对：应为 wechat:账号名称 或 weibo:账号名称，例如 wechat:崇川发布。`;
    case 'person_cannot_draft':
      return `“${error.name}”的角色为：${roles(error.roles)}。网关凭据以持有人名义提交稿件，持有人须有“拟稿人”（drafter）角色。`;
    case 'invalid_days':
      return `有效期“${error.days}”天无效：须为 1–366 之间的整数天数。`;
    case 'credential_not_found':
      return `本单位没有 AppID 为“${error.appid}”的网关凭据，请用 qianfa gateway list 核对。`;
    case 'allow_entry_not_found':
      return `没有编号为“${error.id}”的误报条目，可能已被撤销。`;
    case 'allow_entry_too_short':
      return `命中文字规范化后只剩“${error.text}”，不足 2 个字，作为误报条目会放过太多内容，不能标记。`;
    case 'allow_entry_exists':
      return `“${error.text}”已是本单位的误报条目（编号 ${error.id}），无需重复标记。`;
    case 'invalid_source':
      return `稿源单位“${error.source}”无效：须为 2–60 个字符的单位名称。`;
    case 'not_decider':
      return '只有当前环节的审核人（或其代理人）可以把命中项标记为误报。';
    case 'finding_not_found':
      return '当前版本没有这条命中项（规则、位置须与机审结果一致），请刷新后重试。';
    case 'finding_not_markable':
      return `“${error.rule}”类命中项不能标记为误报：个人信息、链接（含电商链接）、稿源、标题、平台限制、隐藏内容等一律不得豁免；只有词表（${markable}）、个人观点、表述和定级类命中项可以标记。`;
    case 'person_disabled':
      return `“${error.name}”已停用，不能再签发令牌或设置密码。`;
    case 'password_too_short':
    case 'password_too_long':
    case 'wrong_password':
    case 'session_not_found':
      return loginErrorMessage(error);
    case 'rate_limited':
      return `机审请求过于频繁，请 ${error.retryAfterSeconds} 秒后再试。`;
    case 'person_not_found':
      if ('while' in error) {
        return `单位“${error.org}”中没有名为“${error.name}”的人员，请先添加（qianfa user add）。`;
      }
      return `单位“${error.org}”中没有名为“${error.name}”的人员。`;
    case 'register_rules_broken':
    case 'register_entry_exists':
    case 'register_request_outside':
    case 'register_request_needs_drafter':
    case 'register_entry_not_found':
    case 'register_request_pending':
    case 'register_wrong_state':
    case 'closure_notice_too_early':
    case 'offline_limit_reached':
    case 'offline_too_long':
      return registerErrorMessage(error);
    // Corrections (issue 13 point 6).
    case 'alert_not_found':
    case 'not_correctable':
      return correctionErrorMessage(error);
    case 'report_font_missing':
      return REPORT_TEXT.fontMissing(error.path);
    case 'workflow_invalid':
      return `审签流程有误，未保存：${error.errors.join('；')}`;
    case 'workflow_changed':
      return `审签流程已被他人修改（现为第 ${error.revision} 版），请刷新后在最新版本上修改。`;
    case 'draft_not_found':
    case 'stale_version':
      return 'while' in error ? markingMessageFor(error) : messageFor(error);
    default:
      return messageFor(error);
  }
}

/** The review's refusals met while marking a false positive, worded for the marking. */
function markingMessageFor(error: Extract<ServiceError, { while: 'marking' }>): string {
  switch (error.code) {
    case 'draft_not_found':
      return `没有编号为“${error.id}”的稿件，或您无权查看。`;
    case 'stale_version':
      return `稿件已有第 ${error.current} 版，您标记的是第 ${error.given} 版；请刷新后在当前版本上标记。`;
  }
}

/** The Chinese hint each gateway gives with a refused credential or token (wording as each gateway had it). */
export function gatewayAuthHint(code: GatewayAuthRefusal['code'], platform: Platform): string {
  return GATEWAY_AUTH_HINTS[platform][code];
}

const GATEWAY_AUTH_HINTS: Record<Platform, Record<GatewayAuthRefusal['code'], string>> = {
  wechat: {
    unknown_appid: '没有这个网关 AppID：请向管理员索取签发的网关凭据（qianfa gateway grant）',
    wrong_secret: '网关 AppSecret 不正确',
    credential_revoked: '网关凭据已被吊销：请联系管理员',
    credential_expired: '网关凭据已过期：请联系管理员重新签发',
    missing_token: '缺少 access_token',
    unknown_token: 'access_token 无效或已过期：请重新获取',
    token_expired: 'access_token 已过期：请重新获取（cgi-bin/token 或 stable_token）',
    wrong_platform: '该网关凭据属于微博账号，不能调用微信接口',
    person_gone: '网关凭据所属人员已不存在或已停用',
    operator_contract_ended: '代运维合同已到期，该运维机构人员的网关凭据已停用：请联系管理员',
  },
  weibo: {
    unknown_appid: 'access_token 无效：请使用管理员签发的网关凭据',
    wrong_secret: 'access_token 无效',
    credential_revoked: '网关凭据已被吊销：请联系管理员',
    credential_expired: '网关凭据已过期：请联系管理员重新签发',
    missing_token: '缺少 access_token',
    unknown_token: 'access_token 无效：请使用管理员签发的网关凭据',
    token_expired: 'access_token 已过期',
    wrong_platform: '该网关凭据属于微信账号，不能调用微博接口',
    person_gone: '网关凭据所属人员已不存在或已停用',
    operator_contract_ended: '代运维合同已到期，该运维机构人员的网关凭据已停用：请联系管理员',
  },
};
