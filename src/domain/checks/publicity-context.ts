import { foldUnits } from '../grading/sentences.js';
import type { CheckContext } from './check-context.js';
import type { Finding } from './finding.js';

/*
 * R7: anti-fraud and anti-gambling publicity quotes the lures it warns against (“稳赚不赔”“刷单返利”都是骗局).
 * When a draft reads as publicity (two or more terms of `publicity-topics` and `publicity-context`, one of them a
 * topic) and nothing in it points at a live
 * operation (a contact hook, a link, a brand or any other list that is not quotable), the findings of quotable
 * lists become hints. Anything that is not a quoted lure keeps its action.
 */

export const PUBLICITY_LIST = 'publicity-context';
/** What the publicity is about (诈骗, 赌博, 黄赌毒): 切勿 and 不要轻信 also fill gas and fire safety notices. */
export const PUBLICITY_TOPICS = 'publicity-topics';
/** Words that merely mention gambling (赌博, 赌场) name the topic too; kept in their own list, not repeated. */
const MENTION_TOPICS = 'gambling-mention';
/** Distinct publicity terms a draft needs: one 举报 or 切勿 alone does not make an ad a warning. */
const MIN_TERMS = 2;
const NOTE = '（警示宣传中引用的诱导话术，未见联系方式、链接或品牌，仅作提示；请确认不是广告）';

const listOf = (finding: Finding) =>
  finding.rule.startsWith('wordlist:') ? finding.rule.slice('wordlist:'.length) : undefined;

/** Whether the draft's title and body hold enough publicity terms, one of them naming its topic. */
export function isPublicity(context: CheckContext): boolean {
  const text = foldUnits(`${context.title.view.text}\n${context.body.view.text}`);
  const found = (list: string) =>
    (context.wordlists.get(list)?.entries ?? []).filter((entry) => text.includes(foldUnits(entry.text)))
      .length;
  const topics = found(PUBLICITY_TOPICS) + found(MENTION_TOPICS);
  return topics > 0 && topics + found(PUBLICITY_LIST) >= MIN_TERMS;
}

function isQuotable(context: CheckContext, finding: Finding): boolean {
  const name = listOf(finding);
  return name !== undefined && context.wordlists.get(name)?.quotable === true;
}

/** A finding that shows a live operation: a contact hook, a personal number, a link, a brand of a blocking list. */
function isLiveOperation(context: CheckContext, finding: Finding): boolean {
  if (/^(?:ad:contact|link:|privacy:mobile)/.test(finding.rule)) return true;
  if (finding.action !== 'block' || isQuotable(context, finding)) return false;
  return listOf(finding) !== undefined && ['ad', 'gambling', 'porn', 'link'].includes(finding.category);
}

/** Turns quoted lures of publicity without a live operation into hints; other findings are kept as they are. */
export function refinePublicity(context: CheckContext, findings: Finding[]): Finding[] {
  if (!findings.some((finding) => isQuotable(context, finding) && finding.action !== 'info')) return findings;
  if (findings.some((finding) => isLiveOperation(context, finding)) || !isPublicity(context)) return findings;
  return findings.map((finding) => {
    if (!isQuotable(context, finding) || finding.action === 'info') return finding;
    const { grade: _grade, ...rest } = finding;
    return { ...rest, action: 'info', message: `${finding.message}${NOTE}` };
  });
}
