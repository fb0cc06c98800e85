import type { RegisterRules } from './register-rules.js';

/**
 * The thresholds an organisation's accounts are measured against. The seeds differ (a weekly post in seed 000,
 * three a week for 两微一端 in seed 003), so each organisation may have its own profile (profiles/<org>.yaml over
 * profiles/default.yaml); docs/monitor.md names the seed article behind each default.
 */
export interface MonitorProfile {
  cadence: {
    /** Calendar days without a post that make the account fail (seed 001 art. 17 (2): 超过14天不更新). */
    failAfterDays: number;
    /** The early warning comes this many working days before the failure day (R47: 到达阈值前2天预警). */
    warnWorkingDaysBefore: number;
    /** Months without a post that make a 僵尸号 (seed 000 art. 14: 超过3个月未更新). */
    zombieAfterMonths: number;
    /** Posts a natural week (Mon–Sun) at least (seed 000 art. 19: 每周…不得少于1次). */
    minPostsPerWeek: number;
  };
  original: {
    /** The rolling window of the ratio, calendar days (seed 000 art. 19: 每两周). */
    windowDays: number;
    /** Original posts the window must hold at least (seed 000 art. 19: 每两周至少发布1条原创信息). */
    minOriginalPosts: number;
    /** Share of original posts at least, 0–1 (seed 000 art. 19: 比例…不低于30%). */
    minRatio: number;
  };
  /**
   * The account register's rules: names, one account per platform, lifecycle periods (issue 13 point 1). The
   * parser always sets them (default.yaml has every rule); absent only in profiles built in code for other uses.
   */
  register?: RegisterRules;
}
