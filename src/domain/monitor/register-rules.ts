import { checkKeys, isPlainObject, join, type WorkflowIssues } from '../workflow/workflow-issues.js';

/**
 * An organisation's rules for its account register (账号台账), from the `register:` section of its monitor
 * profile (profiles/<org>.yaml over profiles/default.yaml); docs/monitor.md names the seed article of each.
 */
export interface RegisterRules {
  /** The name shows the organiser: it contains the organiser's name or its short name (seed 000 art. 13). */
  nameShowsOrganiser: boolean;
  /** The name contains one of these (seed 004 art. 11: 体现我市县级以上行政区域名称); empty: no such rule. */
  nameMustContainOneOf: readonly string[];
  /** Words a name must not contain because they mislead about who runs the account (seed 000 art. 13). */
  misleadingWords: readonly string[];
  /** One account per organiser and platform (seed 000 art. 12, 002 art. 4, 004 art. 10). */
  onePerPlatform: boolean;
  /** A WeChat account needs the superior's explicit mandate (seed 002 art. 5: 上级明确要求). */
  wechatNeedsMandate: boolean;
  /** Months from an approved opening to running (seed 001 art. 7 (4): 半年内必须上线正式运行). */
  runningWithinMonths: number;
  /** Days the closure announcement stays online before 注销 (seed 001 art. 8 (4): 公告信息至少保留30天). */
  closureNoticeDays: number;
  /** Temporary offline periods a calendar year, and their longest (seed 001 art. 8 (1): 每年不得超过1次，…30天). */
  offlinePerYear: number;
  offlineMaxDays: number;
}

type Kind = 'flag' | 'words' | { min: number; max: number };
const FIELDS: { [K in keyof RegisterRules]: Kind } = {
  nameShowsOrganiser: 'flag',
  nameMustContainOneOf: 'words',
  misleadingWords: 'words',
  onePerPlatform: 'flag',
  wechatNeedsMandate: 'flag',
  runningWithinMonths: { min: 1, max: 60 },
  closureNoticeDays: { min: 0, max: 366 },
  offlinePerYear: { min: 0, max: 12 },
  offlineMaxDays: { min: 1, max: 366 },
};

/** Validates the `register:` section; a field left out is taken from `base` (the default profile). */
export function parseRegisterRules(
  value: unknown,
  base: RegisterRules | undefined,
  issues: WorkflowIssues,
): RegisterRules | undefined {
  const section = value ?? {};
  if (!isPlainObject(section)) {
    issues.error('register', '应为对象');
    return undefined;
  }
  checkKeys(issues, 'register', section, Object.keys(FIELDS));
  const parsed: Record<string, unknown> = {};
  let valid = true;
  for (const [key, kind] of Object.entries(FIELDS)) {
    const given = section[key] ?? (base as Record<string, unknown> | undefined)?.[key];
    const problem = problemOf(given, kind);
    if (problem) issues.error(join('register', key), problem);
    valid &&= problem === undefined;
    parsed[key] = given;
  }
  return valid ? (parsed as unknown as RegisterRules) : undefined;
}

function problemOf(value: unknown, kind: Kind): string | undefined {
  if (value === undefined) return '缺少这一规则';
  if (kind === 'flag') return typeof value === 'boolean' ? undefined : '应为 true 或 false';
  if (kind === 'words') {
    const words = Array.isArray(value) && value.every((word) => typeof word === 'string' && word !== '');
    return words ? undefined : '应为非空字符串的列表';
  }
  const whole = typeof value === 'number' && Number.isInteger(value);
  return whole && value >= kind.min && value <= kind.max
    ? undefined
    : `应为 ${kind.min} 到 ${kind.max} 之间的整数`;
}
