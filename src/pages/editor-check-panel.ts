import { highlightBody, highlightTitle } from './highlight.js';
import type { SafeHtml } from './html.js';
import { html } from './html.js';
import type { CheckView } from './editor-model.js';
import { numberFindings } from './numbered-findings.js';
import { findingsSection } from './review-sections.js';

/**
 * The check of the text as it stands: the article with each finding marked in place (as the review page marks
 * it) and the findings explained. The page renders it on a post; the live check sends the same fragment for the
 * page's script to put in `#live-check`. The title is a heading at `level`: h2 beside the writing form (under its h1),
 * h1 on the draft's own page, where it is the page's subject.
 */
export function checkPanel(check: CheckView, imageHosts?: readonly string[], level: 1 | 2 = 2): SafeHtml {
  const numbered = numberFindings(check.findings);
  const title = highlightTitle(check.title, numbered);
  const body = highlightBody(check.body, check.format, numbered, imageHosts);
  const placed = new Map([...title.placed, ...body.placed]);
  const verdict = check.blocked
    ? html`<p class="notice notice-error">有须修改的问题，提交后稿件将被拦截，请先修改标出的内容。</p>`
    : html`<p class="muted small">按“${check.gradeName}”等级审签。</p>`;
  return html`<div class="checked">
    ${verdict}
    <article class="card article" aria-label="机审标注">
      ${level === 1 ? html`<h1 class="title">${title.markup}</h1>` : html`<h2 class="title">${title.markup}</h2>`}
      <div class="article-body">${body.markup}</div>
    </article>
    ${findingsSection(numbered, placed)}
  </div>`;
}

/** One line under the body field, so that a phone sees the verdict where it types: how many, how serious. */
export function checkSummary(check: Pick<CheckView, 'findings' | 'blocked'>): string {
  if (check.findings.length === 0) return '机审：未发现问题。';
  const blocking = check.findings.filter((finding) => finding.action === 'block').length;
  const must = blocking > 0 ? `，其中 ${blocking} 条须修改` : '';
  return `机审：${check.findings.length} 条提示${must}（已在文中标出）。`;
}
