import {
  checkKeys,
  createIssues,
  isPlainObject,
  join,
  type WorkflowIssues,
} from '../workflow/workflow-issues.js';
import type { MonitorProfile } from './monitor-profile.js';
import { parseRegisterRules } from './register-rules.js';

export type ParsedMonitorProfile =
  { profile: MonitorProfile; warnings: string[] } | { errors: string[]; warnings: string[] };

/** The numeric sections; `register` has rules of its own kinds (register-rules.ts). */
type Section = Exclude<keyof MonitorProfile, 'register'>;
type Bounds = { min: number; max: number; integer: boolean };

const WHOLE = (min: number, max: number): Bounds => ({ min, max, integer: true });
const FIELDS: { [S in Section]: { [K in keyof MonitorProfile[S]]: Bounds } } = {
  cadence: {
    failAfterDays: WHOLE(1, 366),
    warnWorkingDaysBefore: WHOLE(0, 30),
    zombieAfterMonths: WHOLE(1, 24),
    minPostsPerWeek: WHOLE(0, 100),
  },
  original: {
    windowDays: WHOLE(1, 366),
    minOriginalPosts: WHOLE(0, 100),
    minRatio: { min: 0, max: 1, integer: false },
  },
};
const SECTIONS = Object.keys(FIELDS) as Section[];

/**
 * Validates a monitor profile document (parsed from YAML) as the workflows are validated: every problem as
 * `file#where: message`. With `base` (the default profile), a field left out is inherited; without it every
 * field is required.
 */
export function parseMonitorProfile(
  input: unknown,
  file: string,
  base?: MonitorProfile,
): ParsedMonitorProfile {
  const issues = createIssues(file);
  if (!isPlainObject(input)) {
    issues.error('', `监测配置应为对象，含 ${SECTIONS.join('、')}`);
    return { errors: issues.errors, warnings: issues.warnings };
  }
  checkKeys(issues, '', input, [...SECTIONS, 'register']);
  const profile = {
    cadence: parseSection(input, 'cadence', base, issues),
    original: parseSection(input, 'original', base, issues),
    register: parseRegisterRules(input['register'], base?.register, issues),
  } as MonitorProfile;
  if (issues.errors.length > 0) return { errors: issues.errors, warnings: issues.warnings };
  if (profile.cadence.warnWorkingDaysBefore === 0)
    issues.warn('cadence.warnWorkingDaysBefore', '为 0：不发预警');
  return { profile, warnings: issues.warnings };
}

function parseSection<S extends Section>(
  input: Record<string, unknown>,
  section: S,
  base: MonitorProfile | undefined,
  issues: WorkflowIssues,
): Partial<MonitorProfile[S]> {
  const value = input[section] ?? {};
  if (!isPlainObject(value)) {
    issues.error(section, '应为对象');
    return {};
  }
  const fields = FIELDS[section] as Record<string, Bounds>;
  checkKeys(issues, section, value, Object.keys(fields));
  const parsed: Record<string, number> = {};
  for (const [key, bounds] of Object.entries(fields)) {
    const given = value[key] ?? (base?.[section] as Record<string, number> | undefined)?.[key];
    const number = checkNumber(given, bounds, join(section, key), issues);
    if (number !== undefined) parsed[key] = number;
  }
  return parsed as Partial<MonitorProfile[S]>;
}

function checkNumber(
  value: unknown,
  bounds: Bounds,
  where: string,
  issues: WorkflowIssues,
): number | undefined {
  if (value === undefined) {
    issues.error(where, '缺少这一阈值');
    return undefined;
  }
  const valid =
    typeof value === 'number' && (bounds.integer ? Number.isInteger(value) : Number.isFinite(value));
  if (!valid || value < bounds.min || value > bounds.max) {
    const kind = bounds.integer ? '整数' : '数';
    issues.error(where, `应为 ${bounds.min} 到 ${bounds.max} 之间的${kind}`);
    return undefined;
  }
  return value;
}
