import { GRADE_RULES } from '../grading/grade-rules.js';
import type { CheckRule } from './check-context.js';
import { checkContacts } from './contact-check.js';
import { checkLinks } from './links-check.js';
import { opinionRule } from './opinion-check.js';
import { checkPersonalData } from './personal-data-check.js';
import { checkRepost } from './repost-check.js';
import { checkWording } from '../wording/wording-rule.js';
import { checkHiddenHtml } from './hidden-html-check.js';
import { checkTextIntegrity } from './text-integrity-check.js';

/** The rules every draft goes through besides the `words` lists (which need no code). */
export const DEFAULT_RULES: readonly CheckRule[] = [
  checkPersonalData,
  checkLinks,
  checkContacts,
  checkRepost,
  ...GRADE_RULES,
  opinionRule,
  checkWording,
  checkTextIntegrity,
  checkHiddenHtml,
];
