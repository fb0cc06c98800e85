import type { CheckScope } from '../../../src/domain/checks/check-scope.js';
import type { CheckContext, FieldScan, ReferenceLists } from '../../../src/domain/checks/check-context.js';
import type { Draft, DraftField } from '../../../src/domain/draft.js';
import type { TextView } from '../../../src/domain/text/text-view.js';
import { identityView } from '../../../src/domain/text/text-view.js';

/** Small reference lists, enough for the rule tests. */
export const TEST_LISTS: ReferenceLists = {
  sources: ['新华社', '人民日报', '中国政府网', '央视新闻', '崇川发布'],
  allowedDomains: ['gov.cn', 'xinhuanet.com', 'people.com.cn'],
  shortenerDomains: ['t.cn', 'dwz.cn', 'url.cn'],
  commerceDomains: ['jd.com', 'taobao.com', 'tmall.com'],
};

export function scanOf(
  field: DraftField,
  original: string,
  view: TextView = identityView(original),
): FieldScan {
  return { field, original, view, matches: [] };
}

/** A context with identity views (plain text drafts); pass `bodyView` to simulate a derived view. */
export function contextOf(
  draft: Partial<Draft>,
  options: { lists?: Partial<ReferenceLists>; bodyView?: TextView; scope?: CheckScope } = {},
): CheckContext {
  const full: Draft = { title: '', body: '', ...draft };
  return {
    draft: full,
    scope: options.scope ?? {},
    title: scanOf('title', full.title),
    body: scanOf('body', full.body, options.bodyView),
    lists: { ...TEST_LISTS, ...options.lists },
    wordlists: new Map(),
  };
}
