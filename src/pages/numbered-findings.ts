import type { Action, Finding } from '../domain/checks/finding.js';

/** A finding with the number the page shows beside its mark and in the list. */
export interface NumberedFinding {
  n: number;
  finding: Finding;
}

/** How each action is named and ranked on the page; the rank picks the colour where findings overlap. */
export const ACTION_LABELS: Readonly<Record<Action, string>> = {
  block: '拦截',
  escalate: '升级',
  review: '须确认',
  info: '提示',
};

const SEVERITY: Readonly<Record<Action, number>> = { block: 3, escalate: 2, review: 1, info: 0 };

/** The most severe of several actions. */
export function mostSevere(actions: Iterable<Action>): Action {
  let worst: Action = 'info';
  for (const action of actions) if (SEVERITY[action] > SEVERITY[worst]) worst = action;
  return worst;
}

/** Numbers findings in reading order: the title first, then the body, each by position. */
export function numberFindings(findings: readonly Finding[]): NumberedFinding[] {
  const fieldOrder = (finding: Finding): number => (finding.field === 'title' ? 0 : 1);
  return [...findings]
    .sort((a, b) => fieldOrder(a) - fieldOrder(b) || a.start - b.start || a.end - b.end)
    .map((finding, index) => ({ n: index + 1, finding }));
}

/** Finding number → action, for colouring the marks. */
export function actionsByNumber(numbered: readonly NumberedFinding[]): ReadonlyMap<number, Action> {
  return new Map(numbered.map(({ n, finding }) => [n, finding.action]));
}
