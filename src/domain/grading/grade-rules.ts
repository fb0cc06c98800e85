import type { CheckRule } from '../checks/check-context.js';
import { emergencyRule } from './emergency-rule.js';
import { leaderRule } from './leader-rule.js';
import { policyRule } from './policy-rule.js';

export {
  declaredResponse,
  EMERGENCY_LISTS,
  emergencyRule,
  regionWideSpan,
  reportedEvent,
} from './emergency-rule.js';
export { LEADER_LISTS, leaderActivity, leaderRule } from './leader-rule.js';
export { POLICY_LISTS, policyRule } from './policy-rule.js';

/**
 * The rules that grade a draft from its content (R27, R30): `major` for emergencies and region-wide
 * information, at least `important` for leaders' activities, policy documents, personnel and budgets.
 */
export const GRADE_RULES: readonly CheckRule[] = [emergencyRule, leaderRule, policyRule];
