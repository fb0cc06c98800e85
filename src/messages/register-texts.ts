import type { RegisterProblem } from '../domain/monitor/register-checks.js';
import {
  followerCountOf,
  type FollowerReading,
  type RegisterDetails,
  type RunningState,
} from '../domain/monitor/register-entry.js';
import type { RegisterError } from '../domain/monitor/register-lifecycle.js';
import { formatTime } from './format-time.js';

/** 运行状态 as the filing form and the register show them. */
export const RUNNING_STATE_NAMES: Record<RunningState, string> = {
  planning: '筹建',
  running: '运行',
  suspended: '暂停',
  closing: '注销公示',
  closed: '已注销',
};

/** The admin alert for an approved opening that is not running within its months (seed 001 art. 7 (4)). */
export function registerNotRunningText(target: string, approvedAt: string, deadline: string): string {
  return `账号 ${target} 于 ${formatTime(approvedAt)} 批准开设，至 ${formatTime(deadline)} 仍未正式运行（须半年内上线正式运行）。`;
}

export function registerProblemText(problem: RegisterProblem): string {
  switch (problem.rule) {
    case 'name_shows_organiser':
      return `名称“${problem.name}”未体现主办单位“${problem.organiser}”（名称应与主办单位相关联，可填写主办单位简称）`;
    case 'short_name_outside_organiser':
      return `简称“${problem.shortName}”不在主办单位名称“${problem.organiser}”中`;
    case 'name_region':
      return `名称“${problem.name}”须体现行政区域名称（${problem.oneOf.join('、')} 之一）`;
    case 'name_misleading':
      return `名称“${problem.name}”含易引起误解的字词“${problem.word}”`;
    case 'verification_subject':
      return `认证主体“${problem.subject}”与主办单位“${problem.organiser}”不一致（认证信息须标明主办单位名称）`;
    case 'one_per_platform':
      return `主办单位在该平台已有账号“${problem.existing}”（同一单位在同一平台原则上只开设一个账号）`;
    case 'mandate_missing':
      return '开设微信公众号须注明上级明确要求开设的依据';
  }
}

/** The Chinese message of each register refusal. */
export function registerErrorMessage(error: RegisterError): string {
  switch (error.code) {
    case 'register_rules_broken':
      return `台账信息不符合规定：${error.problems.map(registerProblemText).join('；')}。`;
    case 'register_entry_exists':
      return `台账中已有账号 ${error.target}。`;
    case 'register_request_outside':
      return `开设、变更、注销申请须由单位“${error.org}”本单位的管理员提出（审签链属于该单位）。`;
    case 'register_request_needs_drafter':
      return `申请以稿件形式进入审签，提出人“${error.name}”须同时具有“拟稿人”角色。`;
    case 'register_entry_not_found':
      return `台账中没有账号“${error.target}”（格式如 wechat:崇川发布）。`;
    case 'register_request_pending':
      return `账号 ${error.target} 已有申请在审签中（稿件 ${error.draft}），请待其办结后再提出。`;
    case 'register_wrong_state':
      return `账号 ${error.target} 当前为“${RUNNING_STATE_NAMES[error.state]}”，此操作仅限“${error.allowed.map((state) => RUNNING_STATE_NAMES[state]).join('、') || '—'}”状态。`;
    case 'closure_notice_too_early':
      return `账号 ${error.target} 的注销公告保留期未满，${formatTime(error.closableFrom)} 起方可注销。`;
    case 'offline_limit_reached':
      return `账号 ${error.target} 在 ${error.year} 年的临时下线次数已用完（每年不得超过 ${error.allowed} 次）。`;
    case 'offline_too_long':
      return `临时下线不得超过 ${error.max} 天（申请了 ${error.days} 天）。`;
  }
}

/** The filing form's fields (seed 004's 审批表), in its order, as the export's columns. */
export const REGISTER_FORM_COLUMNS = [
  '账号ID及名称',
  '创建/注册日期',
  '发布平台',
  '是否通过认证',
  '认证主体',
  '是否取得互联网新闻信息服务资质',
  '主办单位',
  '主办单位分管领导及职务',
  '联系电话',
  '承办单位',
  '工作人员',
  '代运维机构',
  '代运维合同到期',
  '访问链接',
  '正式运营时间',
  '关注量/粉丝量',
  '运行状态',
] as const;

const yesNo = (value: boolean) => (value ? '是' : '否');

/** One account's row of the form: every cell text (empty when the register does not know). */
export function registerFormRow(view: {
  platform: 'wechat' | 'weibo';
  name: string;
  details: RegisterDetails;
  runningSince?: string;
  followers?: FollowerReading;
  runningState: RunningState;
}): string[] {
  const { details } = view;
  const leader = [details.leader.name, details.leader.title].filter(Boolean).join(' ');
  return [
    details.accountId ? `${details.accountId} ${view.name}` : view.name,
    details.registeredOn ?? '',
    PLATFORM_FORM_NAMES[view.platform],
    yesNo(details.verified),
    details.verificationSubject ?? '',
    yesNo(details.newsLicence),
    details.organiser,
    leader,
    details.leader.phone ?? '',
    details.undertaker ?? '',
    details.staff.map((person) => person.name).join('、'),
    details.operator?.name ?? '',
    details.operator?.contractEnd ?? '',
    details.link ?? '',
    view.runningSince ? formatTime(view.runningSince) : '',
    followersText(view),
    RUNNING_STATE_NAMES[view.runningState],
  ];
}

/** 关注量/粉丝量: the count, or 未知 (never read, not an account qianfa publishes to, or the platform refused). */
export function followersText(entry: { followers?: FollowerReading }): string {
  const count = followerCountOf(entry);
  return count === undefined ? '未知' : String(count);
}

const PLATFORM_FORM_NAMES = { wechat: '微信（公众号）', weibo: '微博' } as const;

/** One account on one line for `qianfa register list`. */
export function registerLine(view: {
  target: string;
  runningState: RunningState;
  details: RegisterDetails;
  followers?: FollowerReading;
  pending?: { kind: string; draft: string } | undefined;
}): string {
  const pending = view.pending ? `\u3000待审签：${view.pending.kind}（${view.pending.draft}）` : '';
  const operator = view.details.operator
    ? `\u3000代运维：${view.details.operator.name}（至 ${view.details.operator.contractEnd}）`
    : '';
  const followers = `\u3000粉丝 ${followersText(view)}`;
  return `${view.target}\u3000${RUNNING_STATE_NAMES[view.runningState]}\u3000${view.details.organiser}${operator}${followers}${pending}`;
}

/** 开设, 变更, 注销: a lifecycle request as people name it. */
export const LIFECYCLE_NAMES = { open: '开设', change: '变更', closure: '注销' } as const;

/** The desk's register page (账号台账) and its request forms. */
export const REGISTER_PAGE_TEXT = {
  intro:
    '开设、变更（含更名）、注销须经主要负责人审签：申请以“重大”等级稿件进入审签流程，批准后台账自动更新。' +
    '申请人须同时具有“拟稿人”角色。关注量由监测定时任务从平台读取。',
  empty: '台账中还没有账号。',
  openLink: '申请开设账号',
  exportLink: '下载审批表（XLSX）',
  changeLink: '申请变更',
  closureLink: '申请注销',
  requestTitle: (kind: keyof typeof LIFECYCLE_NAMES, name?: string) =>
    `${name ? `${name}：` : ''}${LIFECYCLE_NAMES[kind]}申请`,
  submitted: (kind: keyof typeof LIFECYCLE_NAMES, target: string, draft: string) =>
    `已提交 ${target} 的${LIFECYCLE_NAMES[kind]}申请（稿件 ${draft}），待审签通过后生效。`,
  pending: (kind: keyof typeof LIFECYCLE_NAMES, draft: string) =>
    `审签中：${LIFECYCLE_NAMES[kind]}申请（稿件 ${draft}）`,
  followers: (text: string, at?: string) => (at ? `关注量 ${text}（${at} 读取）` : `关注量 ${text}`),
  verified: (subject?: string) => (subject ? `已认证（${subject}）` : '已认证'),
  notVerified: '未认证',
  operator: (name: string, end: string) => `代运维 ${name}，合同至 ${end}`,
  formInvalid: (errors: readonly string[]) => `表单有误：${errors.join('；')}`,
} as const;

/** Each register form field's label. */
export const REGISTER_FIELD_LABELS = {
  platform: '平台',
  name: '账号名称',
  reason: '申请理由',
  announcement: '注销公告（作为申请稿件送审，公示期满方可注销）',
  organiser: '主办单位',
  organiserShortName: '主办单位简称（账号名称中体现的部分）',
  undertaker: '承办单位',
  accountId: '账号ID（微信原始ID、微博UID）',
  link: '访问链接',
  registeredOn: '创建/注册日期',
  verified: '已通过认证',
  verificationSubject: '认证主体',
  newsLicence: '已取得互联网新闻信息服务资质',
  leaderName: '分管领导',
  leaderTitle: '分管领导职务',
  leaderPhone: '联系电话',
  staff: '工作人员（每行一人）',
  operatorName: '代运维机构',
  operatorContractEnd: '代运维合同到期日',
  mandate: '上级明确要求开设的依据',
} as const;
