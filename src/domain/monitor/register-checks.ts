import type { Platform } from '../accounts.js';
import type { RegisterDetails, RegisterEntry } from './register-entry.js';
import type { RegisterRules } from './register-rules.js';

/** A register rule an entry breaks, with the facts to explain it. */
export type RegisterProblem =
  | { rule: 'name_shows_organiser'; name: string; organiser: string }
  | { rule: 'short_name_outside_organiser'; shortName: string; organiser: string }
  | { rule: 'name_region'; name: string; oneOf: readonly string[] }
  | { rule: 'name_misleading'; name: string; word: string }
  | { rule: 'verification_subject'; subject: string; organiser: string }
  | { rule: 'one_per_platform'; platform: Platform; existing: string }
  | { rule: 'mandate_missing' };

/** What is checked: the account's platform and name with its details, among the organisation's other entries. */
export interface RegisterCandidate {
  platform: Platform;
  name: string;
  details: RegisterDetails;
  /** The entry's current name when it is being changed (it does not count as another account). */
  currentName?: string;
}

/**
 * Every rule the candidate breaks under the organisation's register rules (empty: none). Closed accounts do not
 * count against one-per-platform.
 */
export function registerProblems(
  candidate: RegisterCandidate,
  others: readonly RegisterEntry[],
  rules: RegisterRules,
): RegisterProblem[] {
  return [
    ...nameProblems(candidate, rules),
    ...verificationProblems(candidate.details),
    ...platformProblems(candidate, others, rules),
  ];
}

function nameProblems({ name, details }: RegisterCandidate, rules: RegisterRules): RegisterProblem[] {
  const problems: RegisterProblem[] = [];
  const { organiser, organiserShortName: shortName } = details;
  if (shortName !== undefined && !organiser.includes(shortName))
    problems.push({ rule: 'short_name_outside_organiser', shortName, organiser });
  const shown = [organiser, shortName].some((part) => part !== undefined && name.includes(part));
  if (rules.nameShowsOrganiser && !shown) problems.push({ rule: 'name_shows_organiser', name, organiser });
  const oneOf = rules.nameMustContainOneOf;
  if (oneOf.length > 0 && !oneOf.some((word) => name.includes(word)))
    problems.push({ rule: 'name_region', name, oneOf });
  for (const word of rules.misleadingWords)
    if (name.includes(word)) problems.push({ rule: 'name_misleading', name, word });
  return problems;
}

/** The verification (认证) names the organiser (seed 000 art. 13: 在公开认证信息中标明主办单位名称). */
function verificationProblems(details: RegisterDetails): RegisterProblem[] {
  const subject = details.verificationSubject;
  if (!details.verified || subject === undefined || subject === details.organiser) return [];
  return [{ rule: 'verification_subject', subject, organiser: details.organiser }];
}

function platformProblems(
  candidate: RegisterCandidate,
  others: readonly RegisterEntry[],
  rules: RegisterRules,
): RegisterProblem[] {
  const problems: RegisterProblem[] = [];
  const ownName = candidate.currentName ?? candidate.name;
  const same = others.find(
    (entry) =>
      entry.platform === candidate.platform &&
      entry.name !== ownName &&
      entry.state !== 'closed' &&
      entry.details.organiser === candidate.details.organiser,
  );
  if (rules.onePerPlatform && same)
    problems.push({ rule: 'one_per_platform', platform: candidate.platform, existing: same.name });
  const mandate = candidate.details.mandate?.trim();
  if (rules.wechatNeedsMandate && candidate.platform === 'wechat' && !mandate)
    problems.push({ rule: 'mandate_missing' });
  return problems;
}
