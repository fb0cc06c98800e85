import type { Draft } from '../draft.js';
import type { CheckContext, CheckRule } from './check-context.js';
import type { Finding } from './finding.js';

/*
 * Rule ids (R23–R25), only for `kind: 'repost'`:
 * - source:missing       no source, or one that cannot be traced (网络, 网友爆料, 自媒体 …) → block
 * - source:unauthorised  source not on the authorised list (`context.lists.sources`) → block
 * - title:altered        title differs from `original_title` beyond a 转载 prefix, punctuation,
 *                        whitespace, width and case → block, suggesting the original title
 * `source` is metadata with no span in the text, so source findings point at field `title`, [0, 0), text ''.
 */

/** Words that name no traceable unit: writing one of these is the same as writing no source. */
const UNTRACEABLE_SOURCES = new Set([
  '网络',
  '互联网',
  '转自网络',
  '来自网络',
  '来源网络',
  '源自网络',
  '网传',
  '网友',
  '网友爆料',
  '网友供稿',
  '自媒体',
  '朋友圈',
  '微信群',
  '佚名',
  '未知',
  '不详',
]);

/**
 * Channel suffixes of a unit's own accounts: `新华社客户端` is 新华社. Only stripped to compare with the list,
 * so an unknown unit with a suffix (崇川吃喝玩乐（微信公众号）) is still unknown.
 */
const CHANNEL_SUFFIX = /[(（]?(?:客户端|微信公众号|公众号|官方微博|官方微信|微博|官网|网站)[)）]?$/u;
const SOURCE_LABEL = /^(?:来源|稿源|转自|转载自)\s*[:：]?\s*/u;

/** Width and case folded, whitespace and punctuation removed: the comparison key for names and titles. */
function foldForComparison(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{Z}\s\p{Cf}]/gu, '');
}

/** The names a source may match on the list: as written, and without a channel suffix. */
function sourceKeys(source: string): string[] {
  const name = source.trim().replace(SOURCE_LABEL, '').trim();
  return [name, name.replace(CHANNEL_SUFFIX, '')].map(foldForComparison).filter((key) => key !== '');
}

const metadataFinding = (props: Omit<Finding, 'field' | 'start' | 'end' | 'text'>): Finding => ({
  ...props,
  field: 'title',
  start: 0,
  end: 0,
  text: '',
});

function sourceFindings(draft: Draft, authorised: readonly string[]): Finding[] {
  const keys = sourceKeys(draft.source ?? '');
  if (keys.length === 0 || keys.some((key) => UNTRACEABLE_SOURCES.has(key))) {
    const message =
      '转载须注明来源单位：请在“来源”中填写原发单位（如新华社、中国政府网），不得只写“网络”“网友爆料”等无法追溯的来源。';
    return [metadataFinding({ rule: 'source:missing', category: 'source', action: 'block', message })];
  }
  const allowed = new Set(authorised.map(foldForComparison));
  if (keys.some((key) => allowed.has(key))) return [];
  const message = `来源「${draft.source!.trim()}」不在授权稿源单位名单中，不得转载；请改用授权稿源单位发布的原文，或经管理员核实后将其加入名单。`;
  return [metadataFinding({ rule: 'source:unauthorised', category: 'source', action: 'block', message })];
}

const REPOST_PREFIX = /^\s*(?:【转载】|\[转载\]|［转载］|[(（]转载[)）]|转载\s*[:：])\s*/u;

/** The comparison key of a title: 转载 prefix dropped, then folded. Digits survive folding unchanged. */
export function titleKey(title: string): string {
  return foldForComparison(title.replace(REPOST_PREFIX, ''));
}

function titleFindings(draft: Draft): Finding[] {
  const original = draft.original_title;
  if (original === undefined || original.trim() === '' || titleKey(draft.title) === titleKey(original))
    return [];
  return [
    {
      rule: 'title:altered',
      category: 'title',
      action: 'block',
      field: 'title',
      start: 0,
      end: draft.title.length,
      text: draft.title,
      message: `转载不得改动原标题，请恢复为原标题「${original}」（只可加“【转载】”前缀或调整标点、空白）。`,
      suggestion: original,
    },
  ];
}

/** R23–R25: a repost names an authorised source and keeps the original title. */
export const checkRepost: CheckRule = (context: CheckContext) => {
  const { draft } = context;
  if (draft.kind !== 'repost') return [];
  const sources = [...context.lists.sources, ...(context.scope.sources ?? [])];
  return [...sourceFindings(draft, sources), ...titleFindings(draft)];
};
