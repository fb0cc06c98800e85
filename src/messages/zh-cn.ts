import { formatTime } from './format-time.js';
import type { Platform } from '../domain/accounts.js';
import type { Grade } from '../domain/checks/finding.js';
import type { DomainError, ReviewStatus, TailField } from '../domain/domain-error.js';
import type { Role } from '../domain/people.js';
import type { PublicationStatus } from '../domain/publishing/publication.js';

export const ROLE_NAMES: Record<Role, string> = {
  drafter: '拟稿人',
  reviewer: '审核人',
  editor: '编辑（审签）',
  deputy: '分管领导',
  principal: '主要负责人',
  admin: '管理员',
  installation_admin: '系统管理员',
};

/** The organisation a fresh store starts with. */
export const DEFAULT_ORG_NAME = '默认单位';

export const GRADE_NAMES: Record<Grade, string> = { general: '一般', important: '重要', major: '重大敏感' };

export const STATUS_NAMES: Record<ReviewStatus, string> = {
  blocked: '已拦截',
  in_review: '审核中',
  approved: '已批准',
  rejected: '已退回',
  published: '已发布',
  publish_failed: '发布失败',
  withdrawn: '已撤回',
};

export const PLATFORM_NAMES: Record<Platform, string> = { wechat: '微信公众号', weibo: '微博' };

/** A platform account as people read it: `微信公众号 · 崇川发布`. */
export const accountLabel = (platform: Platform, name: string): string =>
  `${PLATFORM_NAMES[platform]} · ${name}`;

export const PUBLICATION_STATUS_NAMES: Record<PublicationStatus, string> = {
  scheduled: '定时发布',
  queued: '排队中',
  publishing: '发布中',
  published: '已发布',
  failed: '发布失败',
  cancelled: '已取消（稿件已有新版本或已撤回）',
};

const TAIL_FIELD_NAMES: Record<TailField, string> = {
  drafter: '拟稿人',
  reviewer: '审核人',
  signer: '审签人',
  source: '来源',
};

export const list = (items: readonly string[]): string => items.join('、');
export const roles = (items: readonly Role[]): string =>
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
    case 'revision_not_allowed':
      return '只有本稿的拟稿人或当前环节的审核、审签人可以提交新版本；如需修改，请联系拟稿人。';
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
    case 'withdraw_not_allowed':
      return '只有本稿的拟稿人可以撤回稿件；如需退回，请使用“退回”并填写意见。';
    case 'review_started':
      return `“${error.stage}”环节已有结论，稿件不能再撤回。如需修改，请提交新版本（审签重新开始），或请审核人退回。`;
    case 'publishing_not_allowed':
      return '只有本单位管理员和本稿审签链上的审核、审签人可以重新发布或撤销定时发布。';
    case 'schedule_not_pending':
      return `稿件“${error.id}”没有等待中的定时发布（未设定时间，或时间已到、已开始发布），无法撤销。`;
    case 'publish_time_past':
      return `定时发布时间 ${formatTime(error.publishAt)}（北京时间）已过，请设为将来的时间，或不设定时间立即发布。`;
    case 'target_not_failed':
      return `发布账号“${error.target}”没有发布失败（稿件当前“${STATUS_NAMES[error.status]}”），无需重新发布。请刷新后查看各账号的发布状态。`;
    case 'target_not_found':
      return `稿件“${error.id}”的当前版本不发布到“${error.target}”。请核对账号（如 wechat:崇川发布）。`;
    case 'draft_not_found':
      return `没有编号为“${error.id}”的稿件，或您无权查看。请核对稿件编号。`;
    case 'targets_disabled':
      return `发布账号已停用，不能作为发布目标：${list(error.targets)}。请去掉这些账号后再提交，或请管理员重新启用。`;
    case 'unknown_targets':
      return `本单位没有这些发布账号：${list(error.targets)}。请核对 targets，或请管理员先添加账号（qianfa account add）。`;
    case 'concurrent_change':
      return '稿件刚被其他人处理或修改，您的操作未生效。请刷新后查看最新状态再操作。';
    case 'draft_too_complex':
      return `稿件过长或结构过于复杂，无法在 ${error.budgetMs / 1000} 秒内完成检查，请拆分后再提交。`;
  }
}

/** Review pages: an image from a host other than the platforms' is not loaded (issue 14, point 5). */
export const imageNotShown = (src: string): string => `〔图片未显示：不在平台图片地址内 ${src}〕`;
