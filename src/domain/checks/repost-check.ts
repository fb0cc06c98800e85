import type { Draft } from '../draft.js';
import type { CheckContext, CheckRule } from './check-context.js';
import type { Finding } from './finding.js';

/*
 * Rule ids (R23–R25), only for `kind: 'repost'`:
 * - source:missing       no source, or one that cannot be traced (网络, 网友爆料, 自媒体 …) → block
 * - source:unauthorised  a source that names no unit (崇川吃喝玩乐（微信公众号）: a self-media account) → block
 * - source:unlisted      a traceable unit (眉山日报, 南通市教育局) that is not authorised → escalate `important`
 * Authorised: the shipped lists (`context.lists.sources`, including the State Council's ministries and
 * agencies), the organisation's own (`context.scope.sources`), and by pattern any 人民政府, 党委, 政府办公厅 or
 * 政府网 and any unit of a province-level government (上级单位).
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
const STATE_PREFIX = /^中华人民共和国(?=.)/u;

/** Party committees and governments at every level, their general offices and portals: 党和政府网站 (000 art. 21). */
const PARTY_OR_GOVERNMENT = /人民政府|党委|政府办公厅|政府办公室|政府网|^中共[\p{Script=Han}]{1,16}委员会/u;
const PROVINCES =
  '(?:北京|天津|上海|重庆)市|(?:河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海)省|(?:内蒙古|广西壮族|西藏|宁夏回族|新疆维吾尔)自治区';
/** A unit of a province-level government or Party committee: 江苏省教育厅, 浙江省卫生健康委员会. */
const PROVINCIAL_UNIT = new RegExp(
  `^(?:中共)?(?:${PROVINCES})[\\p{Script=Han}]{1,16}(?:厅|局|委员会|委|办公室|办|法院|检察院|院|中心|发布)$`,
  'u',
);
/** How the name of a traceable unit ends: media, organs, institutions. 崇川吃喝玩乐 or 新华网友 end otherwise. */
const UNIT_ENDING =
  /(?:中央|联合会|妇联|残联|科协|侨联|团委|报|报社|电视台|电台|广播电视台|融媒体中心|新闻中心|新闻|网|社|杂志|期刊|局|厅|部|署|委员会|委|办公室|办|中心|院|所|站|馆|会|政府|法院|检察院|大队|支队|街道|镇|乡|发布|在线|之声|日报|晚报)$/u;

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
  const unit = name.replace(CHANNEL_SUFFIX, '').trim();
  return [name, unit, unit.replace(STATE_PREFIX, '')].map(foldForComparison).filter((key) => key !== '');
}

/** Whether a folded key is authorised by pattern rather than by list. */
const authorisedByPattern = (key: string) => PARTY_OR_GOVERNMENT.test(key) || PROVINCIAL_UNIT.test(key);

/** A unit of an authorised body: 公安部刑事侦查局 (公安部), 人民日报评论部; not 新华网友. */
const unitOfAuthorised = (key: string, allowed: ReadonlySet<string>) =>
  [...allowed].some(
    (name) =>
      name.length >= 3 && key.startsWith(name) && key.length > name.length + 1 && UNIT_ENDING.test(key),
  );

const metadataFinding = (props: Omit<Finding, 'field' | 'start' | 'end' | 'text'>): Finding => ({
  ...props,
  field: 'title',
  start: 0,
  end: 0,
  text: '',
});

function sourceFindings(draft: Draft, authorised: readonly string[]): Finding[] {
  const source = draft.source?.trim() ?? '';
  const keys = sourceKeys(draft.source ?? '');
  if (keys.length === 0 || keys.some((key) => UNTRACEABLE_SOURCES.has(key))) {
    const message =
      '转载须注明来源单位：请在“来源”中填写原发单位（如新华社、中国政府网），不得只写“网络”“网友爆料”等无法追溯的来源。';
    return [metadataFinding({ rule: 'source:missing', category: 'source', action: 'block', message })];
  }
  const allowed = new Set(authorised.map(foldForComparison));
  const isAuthorised = (key: string) =>
    allowed.has(key) || authorisedByPattern(key) || unitOfAuthorised(key, allowed);
  if (keys.some(isAuthorised)) return [];
  if (keys.some((key) => UNIT_ENDING.test(key))) {
    const message = `来源「${source}」不在授权稿源单位名单中，须分管负责人审签；请核实原发单位，常用的稿源可由管理员加入本单位名单。`;
    return [
      metadataFinding({
        rule: 'source:unlisted',
        category: 'source',
        action: 'escalate',
        grade: 'important',
        message,
      }),
    ];
  }
  const message = `来源「${source}」不是可追溯的稿源单位（自媒体、个人账号等），不得转载；请改用授权稿源单位发布的原文，或经管理员核实后将其加入名单。`;
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
  const authorised = [...context.lists.sources, ...(context.scope.sources ?? [])];
  return [...sourceFindings(draft, authorised), ...titleFindings(draft)];
};
