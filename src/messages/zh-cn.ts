import type { Platform } from '../domain/accounts.js';
import type { Grade } from '../domain/checks/finding.js';
import type { DomainError, ReviewStatus, TailField } from '../domain/domain-error.js';
import type { Role } from '../domain/people.js';
import type { PublicationStatus } from '../domain/publishing/publication.js';
import type { AccountError } from '../services/account-service.js';
import type { DelegationError } from '../services/delegation-service.js';
import type { GatewayGrantError } from '../services/gateway-credential-service.js';

export const ROLE_NAMES: Record<Role, string> = {
  drafter: '拟稿人',
  reviewer: '审核人',
  editor: '编辑（审签）',
  deputy: '分管领导',
  principal: '主要负责人',
  admin: '管理员',
};

export const GRADE_NAMES: Record<Grade, string> = { general: '一般', important: '重要', major: '重大敏感' };

export const STATUS_NAMES: Record<ReviewStatus, string> = {
  blocked: '已拦截',
  in_review: '审核中',
  approved: '已批准',
  rejected: '已退回',
  published: '已发布',
};

export const PUBLICATION_STATUS_NAMES: Record<PublicationStatus, string> = {
  queued: '排队中',
  publishing: '发布中',
  published: '已发布',
  failed: '发布失败',
  cancelled: '已取消（稿件已有新版本）',
};

const TAIL_FIELD_NAMES: Record<TailField, string> = {
  drafter: '拟稿人',
  reviewer: '审核人',
  signer: '审签人',
  source: '来源',
};

const list = (items: readonly string[]): string => items.join('、');
const roles = (items: readonly Role[]): string =>
  items.length === 0 ? '无角色' : list(items.map((r) => ROLE_NAMES[r]));

/** A Simplified Chinese message for a DomainError that tells the person what to do next. */
export function messageFor(error: DomainError): string {
  switch (error.code) {
    case 'draft_not_submitted':
      return '稿件尚未提交，请先提交稿件。';
    case 'already_submitted':
      return '稿件已提交过，请用“提交新版本”修改。';
    case 'wrong_org':
      return `稿件属于单位“${error.org}”，您的账号属于“${error.actual}”，不能处理该稿件。`;
    case 'not_in_review':
      return `稿件当前状态为“${STATUS_NAMES[error.status]}”，不在审核中，不能进行该操作。`;
    case 'draft_blocked':
      return '稿件有机审拦截项，不能批准。请退回拟稿人修改后提交新版本。';
    case 'already_published':
      return '稿件已发布，不能再修改。如需更正，请新建稿件。';
    case 'stale_version':
      return `您操作的是第 ${error.given} 版，稿件当前为第 ${error.current} 版。请刷新后查看最新版本再操作。`;
    case 'stage_mismatch':
      return `您要处理的“${error.given}”环节已有结论，稿件现处于“${error.current}”环节。请刷新后再操作。`;
    case 'outsourced_cannot_decide':
      return '代运维人员只能拟稿，不能审核、审签或调整等级。请由本单位人员处理。';
    case 'approver_is_drafter':
      return '拟稿人（含本版本的修改人）不能审核或审签自己的稿件，请由其他人处理。';
    case 'role_insufficient':
      return `该操作需要“${ROLE_NAMES[error.required]}”角色，您的角色为：${roles(error.actual)}。请转交有该角色的人员。`;
    case 'already_decided_earlier_stage':
      return `您已处理过本版本的“${error.stage}”环节，同一人不能处理同一版本的两个环节，请由其他人处理。`;
    case 'review_findings_not_acknowledged':
      return `以下机审提示须审核人逐项确认后才能批准：${list(error.rules)}。`;
    case 'comment_required':
      return '退回稿件须填写意见，说明需要修改的内容。';
    case 'grade_cannot_be_lowered':
      return `等级只能调高：当前为“${GRADE_NAMES[error.current]}”，机审定级为“${GRADE_NAMES[error.floor]}”，不能改为“${GRADE_NAMES[error.requested]}”。`;
    case 'grade_unchanged':
      return `稿件已是“${GRADE_NAMES[error.grade]}”等级，无需调整。`;
    case 'not_on_chain':
      return `只有拟稿人和审签链上的人员（${roles(error.roles)}）可以调高等级。`;
    case 'not_approved':
      return `稿件尚未批准（当前“${STATUS_NAMES[error.status]}”），不能生成尾注。`;
    case 'tail_incomplete':
      return `尾注缺少：${list(error.missing.map((field) => TAIL_FIELD_NAMES[field]))}。请补全稿件来源或完成全部审签环节。`;
    case 'draft_not_found':
      return `没有编号为“${error.id}”的稿件，或您无权查看。请核对稿件编号。`;
    case 'unknown_targets':
      return `本单位没有这些发布账号：${list(error.targets)}。请核对 targets，或请管理员先添加账号（qianfa account add）。`;
    case 'concurrent_change':
      return '稿件刚被其他人处理或修改，您的操作未生效。请刷新后查看最新状态再操作。';
    case 'draft_too_complex':
      return `稿件过长或结构过于复杂，无法在 ${error.budgetMs / 1000} 秒内完成检查，请拆分后再提交。`;
  }
}

const PLATFORM_NAMES: Record<Platform, string> = { wechat: '微信公众号', weibo: '微博' };

/** A Simplified Chinese message for an AccountError. */
export function accountMessageFor(error: AccountError): string {
  switch (error.code) {
    case 'org_not_found':
      return `单位“${error.slug}”不存在，请先用 qianfa org add 创建。`;
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
    case 'account_exists':
      return `本单位已有名为“${error.name}”的${PLATFORM_NAMES[error.platform]}账号，请换一个名称。`;
    case 'account_not_found':
      return `本单位没有名为“${error.name}”的${PLATFORM_NAMES[error.platform]}账号，请先由管理员添加（qianfa account add）。`;
  }
}

/** A Simplified Chinese message for a DelegationError. */
export function delegationMessageFor(error: DelegationError): string {
  switch (error.code) {
    case 'not_a_leader':
      return '只有担任审核或审签角色的人员可以指定代理人。';
    case 'stand_in_not_found':
      return `本单位没有名为“${error.name}”的人员，请核对代理人姓名。`;
    case 'stand_in_not_allowed':
      return error.reason === 'self' ? '不能指定自己为代理人。' : '代运维人员不能担任代理人。';
    case 'invalid_period':
      return `代理期限无效：结束时间须晚于开始时间（${error.from}），且不超过 90 天。`;
    case 'delegation_not_found':
      return `没有编号为“${error.id}”的代理，或您不是指定它的人。`;
  }
}

/** A Simplified Chinese message for a GatewayGrantError (granting, revoking or listing gateway credentials). */
export function gatewayGrantMessageFor(error: GatewayGrantError): string {
  switch (error.code) {
    case 'org_not_found':
      return `单位“${error.slug}”不存在，请先用 qianfa org add 创建。`;
    case 'invalid_target':
      return `账号“${error.target}”格式不对：应为 wechat:账号名称 或 weibo:账号名称，例如 wechat:崇川发布。`;
    case 'account_not_found':
      return `本单位没有名为“${error.name}”的${PLATFORM_NAMES[error.platform]}账号，请先由管理员添加（qianfa account add）。`;
    case 'person_not_found':
      return `单位“${error.org}”中没有名为“${error.name}”的人员，请先添加（qianfa user add）。`;
    case 'person_cannot_draft':
      return `“${error.name}”的角色为：${roles(error.roles)}。网关凭据以持有人名义提交稿件，持有人须有“拟稿人”（drafter）角色。`;
    case 'invalid_days':
      return `有效期“${error.days}”天无效：须为 1–366 之间的整数天数。`;
    case 'credential_not_found':
      return `本单位没有 AppID 为“${error.appid}”的网关凭据，请用 qianfa gateway list 核对。`;
  }
}
