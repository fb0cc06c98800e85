import type { AdminAlert } from '../domain/admin-alert.js';
import type { ChainBreak, ChainVerification } from '../domain/audit/audit-chain.js';
import type { AuditAction } from '../domain/audit/audit-event.js';

/** What the admin's pages (/d/admin, issue 12 point 4) say. */
export const ADMIN_TEXT = {
  home: '管理',
  sections: {
    people: '人员',
    audit: '审计记录',
    alerts: '告警',
    accounts: '发布账号',
    gateway: '网关凭据',
    workflow: '审签流程',
    register: '账号台账',
  },
  orgs: '单位',
  loginFirst: '请先登录',
  loginFirstText: '管理页面须登录后使用，请用密码或管理员发给您的登录链接登录。',
  notAdmin: '无权访问',
  notAdminText: '管理页面仅供本单位管理员和系统管理员使用。',
  orgsInstallationOnly: '单位列表仅供系统管理员查看和创建。',
  notFound: '找不到该单位',
  notFoundText: '没有这个单位，或您无权管理它。',
  formExpired: '表单已过期',
  formExpiredText: '页面已过期或来自其他网站，操作未执行。请回到管理页面刷新后重试。',
  shownOnce: '以下凭据只显示这一次，请立即交给本人；关闭页面后无法再查看。',
  disabled: '已停用',
  outsourced: '代运维',
  sessions: (count: number) => `${count} 个登录会话`,
  verifyOk: (count: number) => `审计链完整：共 ${count} 条记录，未被改动。`,
  acknowledged: (name: string, at: string) => `${name} 已于 ${at} 确认`,
  workflowEditable:
    '审签流程默认取自服务器 workflows 目录中的文件。在此保存后，本单位以保存的版本为准（校验规则同 qianfa validate）：新提交和重新提交的稿件按新流程审签，已在审签中的稿件保留提交时的环节。',
} as const;

/** Readable Chinese for each audit action; `created` is told apart by its subject. */
export const AUDIT_ACTION_NAMES: Record<AuditAction, string> = {
  created: '创建',
  checked: '机审',
  new_version: '提交新版本',
  approved: '同意',
  rejected: '退回',
  grade_raised: '调高等级',
  refused: '操作被拒绝',
  publish_queued: '排队发布',
  published: '已发布',
  publish_failed: '发布失败',
  publish_retried: '重新发布',
  schedule_cancelled: '取消定时发布',
  withdrawn: '撤回',
  credential_granted: '签发网关凭据',
  credential_revoked: '吊销网关凭据',
  gateway_call: '网关调用',
  gateway_refused: '网关拒绝调用',
  gateway_refusals_summarised: '网关拒绝汇总',
  bypass_detected: '发现绕过签发的发布',
  allow_entry_added: '新增放行词',
  allow_entry_revoked: '撤销放行词',
  sources_changed: '修改授权转载来源',
  account_changed: '修改发布账号',
  login_succeeded: '登录',
  login_failed: '登录失败',
  login_locked: '登录锁定',
  password_set: '设置密码',
  person_disabled: '停用人员',
  session_revoked: '结束登录会话',
  roles_changed: '修改角色',
  workflow_saved: '修改审签流程',
  workflow_reset: '审签流程恢复默认',
  register_changed: '账号台账变更',
  corrected: '已更正',
  retracted: '已撤回',
};

/** `created` entries by `details.subject`; drafts (no subject) are 提交稿件. */
export const CREATED_SUBJECT_NAMES: Record<string, string> = {
  org: '创建单位',
  person: '添加人员',
  token: '签发令牌',
  account: '添加发布账号',
};

export const ALERT_KIND_NAMES: Record<AdminAlert['kind'], string> = {
  publish_failed: '发布失败',
  bypass_detected: '绕过签发发布',
  notification_failed: '通知发送失败',
  storage_restarted: '存储重启',
  cadence_warning: '更新频率预警',
  cadence_failed: '更新频率不达标',
  zombie_account: '僵尸号',
  online_finding: '已发布内容存在问题',
  dead_link: '失效链接',
  register_not_running: '新开账号逾期未运行',
};

const BREAK_TEXT: Record<ChainBreak, string> = {
  changed: '内容已被改动',
  removed: '之前的条目已被删除',
  reordered: '顺序已被调换',
  link_broken: '与前一条的链接断开（前一条被改动或替换）',
};

/** Where and how an organisation's audit chain is broken (`qianfa audit verify`, the audit page's 校验). */
export function auditBrokenText(org: string, result: Extract<ChainVerification, { ok: false }>): string {
  if (result.seq === undefined) {
    return `单位 ${org} 的审计链损坏：第 ${result.index} 号起的链尾条目已被删除（现存 ${result.index} 条，少于链头记录）`;
  }
  const where = `第 ${result.seq} 号条目（列表第 ${result.index + 1} 条）`;
  return `单位 ${org} 的审计链损坏：${where}${BREAK_TEXT[result.reason]}`;
}
