import type { CheckRule } from '../checks/check-context.js';
import { checkLawNames } from './law-name-check.js';
import { checkLeaders } from './leader-check.js';
import { checkProtectedNames } from './protected-name-check.js';
import { checkRemovedOfficials } from './removed-official-check.js';

/**
 * Serious wording errors against the reference tables (R12–R16): leaders' names, titles and order, removed
 * officials, law names, protected names. Without the tables (a checker built without them) it finds nothing.
 */
export const checkWording: CheckRule = (context) => {
  const reference = context.lists.wording;
  if (!reference) return [];
  return [context.title, context.body].flatMap((scan) => [
    ...checkLeaders(context, scan, reference),
    ...checkRemovedOfficials(context, scan, reference),
    ...checkLawNames(context, scan, reference),
    ...checkProtectedNames(context, scan, reference),
  ]);
};
