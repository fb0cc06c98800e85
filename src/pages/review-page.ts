import { coverOf } from './editor-preview.js';
import { formatTime } from '../messages/format-time.js';
import { GRADE_NAMES, STATUS_NAMES } from '../messages/zh-cn.js';
import { decisionSection } from './decision-forms.js';
import { highlightBody, highlightTitle } from './highlight.js';
import type { SafeHtml } from './html.js';
import { html, joinHtml, safeUrl } from './html.js';
import { numberFindings } from './numbered-findings.js';
import { renderDocument } from './page-layout.js';
import type { ReviewPageModel, ReviewPageNotice } from './review-page-model.js';
import { chainSection, findingsSection } from './review-sections.js';
import { sideBySideDiff } from './editor-diff.js';

export { renderConfirmationPage } from './confirmation-page.js';
export { renderQueuePage } from './queue-page.js';

/**
 * The review page (审签页), phone first: the article as it will be published with its findings marked in
 * place and the tail that will be stamped, the findings explained, the chain, and, when the viewer may decide
 * now, the 同意 / 退回 forms. `desktop` is the same page in two columns (article | the rest). No script.
 */
export function renderReviewPage(model: ReviewPageModel): string {
  const numbered = numberFindings(model.findings);
  const title = highlightTitle(model.draft.title, numbered);
  const body = highlightBody(model.body, model.format, numbered, model.imageHosts);
  const placed = new Map([...title.placed, ...body.placed]);
  const main = html`<main class="page page-review" id="main">
    ${model.notice === undefined ? '' : noticeBox(model.notice)} ${summary(model)}
    <article class="card article" aria-labelledby="draft-title">
      <h1 class="title" id="draft-title">${title.markup}</h1>
      <p class="byline">${byline(model)}</p>
      ${coverAndDigest(model)}
      <div class="article-body">${body.markup}${tailPreview(model.tailPreview)}</div>
    </article>
    <div class="side">
      ${sinceSeen(model)} ${findingsSection(numbered, placed)} ${chainSection(model.stages)}
      ${model.decision === undefined ? '' : decisionSection(model.decision, model.viewerName, numbered)}
    </div>
  </main>`;
  return renderDocument({
    title: model.draft.title,
    layout: model.layout,
    viewerName: model.viewerName,
    ...(model.nav ? { nav: model.nav } : {}),
    base: model.base,
    main,
    footer: '机审提示仅供参考，请以人工审核为准。先审后发，谁签发谁负责。',
  });
}

function summary(model: ReviewPageModel): SafeHtml {
  const { draft, decision } = model;
  return html`<section class="card summary" aria-label="稿件概况">
    <span class="pill pill-${draft.status}">${STATUS_NAMES[draft.status]}</span>
    <span class="pill pill-grade-${draft.grade}">等级：${GRADE_NAMES[draft.grade]}</span>
    <span class="muted small">第 ${draft.version} 版</span>
    ${draft.publishAt === undefined ? '' : html`<span class="pill pill-scheduled">定时发布：${formatTime(draft.publishAt)}</span>`}
    ${decision === undefined ? '' : html`<a class="go" href="#decision">去审签 ↓</a>`}
    ${draft.corrects === undefined ? '' : correctsLine(draft.corrects)}
    <p class="muted small submitted">
      ${draft.submitted.by} 提交于
      <time datetime="${draft.submitted.at}">${formatTime(draft.submitted.at)}</time>
      ${draft.targets.length === 0 ? '' : html` · 发布到：${draft.targets.join('、')}`}
    </p>
  </section>`;
}

/** What changed since the version the viewer saw last (Wagtail's "compare revisions"), when it did. */
function sinceSeen(model: ReviewPageModel): SafeHtml | '' {
  const seen = model.sinceSeen;
  if (!seen) return '';
  const labels = {
    heading: `与您上次看到的第 ${seen.version} 版相比`,
    before: `第 ${seen.version} 版（上次看到）`,
    after: `第 ${model.draft.version} 版（当前）`,
  };
  return sideBySideDiff(seen, { title: model.draft.title, body: model.body }, labels);
}

/** 更正/撤回 of the original, linked where its link is a web address. */
function correctsLine(corrects: NonNullable<ReviewPageModel['draft']['corrects']>): SafeHtml {
  const label = corrects.kind === 'retraction' ? '撤回原文' : '更正原文';
  const title = `《${corrects.title}》`;
  const linked = /^https?:\/\//.test(corrects.url)
    ? html`<a href="${corrects.url}" rel="noopener noreferrer">${title}</a>`
    : html`${title}`;
  return html`<p class="small corrects">${label}：${linked}</p>`;
}

/** The WeChat article's cover and digest, as they will be published (the account's default cover when none). */
function coverAndDigest(model: ReviewPageModel): SafeHtml {
  const { digest, cover } = model.draft;
  const digestLine = digest === undefined ? '' : html`<p class="small digest">摘要：${digest}</p>`;
  return html`${coverOf(cover, model.imageHosts)}${digestLine}`;
}

function byline(model: ReviewPageModel): SafeHtml {
  const { kind, source } = model.draft;
  if (kind === 'original') return html`原创`;
  return html`转载 · 来源：${source ?? '（未注明）'}`;
}

/** 拟稿：张三 stays on one line where it fits: a name is never broken from its label. */
const tailSegment = (segment: string): SafeHtml => html`<span class="seg">${segment}</span>`;

/** The tail, shown where it will be: the article's last paragraph, marked as not yet stamped. */
function tailPreview(tail: string): SafeHtml {
  return html`<div class="tail-preview">
    <p class="tail-label">尾注（签发后自动加在文末）</p>
    <p class="tail">${joinHtml(tail.split('\u3000').map(tailSegment), '\u3000')}</p>
  </div>`;
}

function noticeBox(notice: ReviewPageNotice): SafeHtml {
  const role = notice.kind === 'info' ? 'status' : 'alert';
  const link =
    notice.link === undefined
      ? ''
      : html`<p><a href="${safeUrl(notice.link.href)}">${notice.link.text}</a></p>`;
  return html`<div class="notice notice-${notice.kind}" role="${role}">
    <p>${notice.message}</p>
    ${link}
  </div>`;
}
