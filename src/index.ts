/** qianfa (签发): the library entry. */
export { createChecker, WordlistError, type CreateCheckerOptions } from './create-checker.js';
export type { Checker } from './domain/checks/build-checker.js';
export type { CheckScope } from './domain/checks/check-scope.js';
export { createMatcher } from './domain/matching/matcher.js';
export type { Matcher, MatcherEntry, MatcherOptions, Match } from './domain/matching/matcher.js';
export type { CheckReport, Finding, Grade, Category, Action } from './domain/checks/finding.js';
export type { Draft, DraftFormat, DraftKind, Disclosure } from './domain/draft.js';
export { createGate, GateOptionsError, type Gate, type GateOptions } from './embed/create-gate.js';
export type { Services } from './composition.js';
export type { ErrorLogger as Logger } from './services/ports/logger.js';
