/** qianfa (签发): the library entry. */
export type { CheckReport, Finding, Grade, Category, Action } from './domain/checks/finding.js';
export type { Draft, DraftFormat, DraftKind, Disclosure } from './domain/draft.js';
