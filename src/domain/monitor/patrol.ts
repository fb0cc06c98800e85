import type { Target } from '../accounts.js';
import { findLinks } from '../checks/links-check.js';
import type { Finding } from '../checks/finding.js';
import type { DraftFormat } from '../draft.js';
import { buildFieldView } from '../text/field-view.js';

/** One article as its platform shows it now, through qianfa or around it. */
export interface PatrolledArticle {
  target: Target;
  /** WeChat article_id, Weibo idstr. */
  articleId: string;
  /** The article's public link. */
  url: string;
  /** Empty for a Weibo post (its text is the body). */
  title: string;
  body: string;
  format: DraftFormat;
  /** ISO instant of publication. */
  at: string;
}

/** What identifies a finding across patrols: the rule and the words, not their offsets (an edit moves them). */
export function findingKey(finding: Pick<Finding, 'rule' | 'field' | 'text'>): string {
  return `${finding.rule}|${finding.field}|${finding.text}`;
}

/** The findings not reported for this article before (`known` holds their keys). */
export function freshFindings(findings: readonly Finding[], known: ReadonlySet<string>): Finding[] {
  const seen = new Set(known);
  return findings.filter((finding) => {
    const key = findingKey(finding);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where an article's outbound links are: http(s) links written with their scheme or `www.`, once each. */
export function outboundLinks(article: Pick<PatrolledArticle, 'body' | 'format'>): string[] {
  const view = buildFieldView(article.body, article.format);
  const links = new Set<string>();
  for (const found of findLinks(view.text)) {
    const written = view.text.slice(found.start, found.end);
    const url = /^https?:\/\//i.test(written) ? written : /^www\./i.test(written) ? `http://${written}` : '';
    if (url && URL.canParse(url)) links.add(new URL(url).href);
  }
  return [...links];
}

/** What people call the article: its title, else the start of its text. */
export function articleName(article: Pick<PatrolledArticle, 'title' | 'body'>): string {
  return article.title || `${article.body.slice(0, 20)}…`;
}
