import type { ReviewStatus } from '../domain/workflow/review-state.js';
import { formatTime } from '../messages/format-time.js';
import { GRADE_NAMES, STATUS_NAMES } from '../messages/zh-cn.js';
import { checkPanel } from './editor-check-panel.js';
import type { MyDraftItem, MyDraftPageModel } from './editor-model.js';
import type { SafeHtml } from './html.js';
import { html, safeUrl } from './html.js';
import { renderDocument } from './page-layout.js';
import { chainSection } from './review-sections.js';

/** What needs the writer first: drafts returned or blocked, then those under way, then the finished ones. */
const STATUS_ORDER: readonly ReviewStatus[] = [
  'rejected',
  'blocked',
  'withdrawn',
  'in_review',
  'approved',
  'publish_failed',
  'published',
];

/** 我的稿件: my drafts grouped by status, each a link to its page, and a link to write a new one. */
export function renderMyDraftsPage(model: {
  viewerName: string;
  nav: MyDraftPageModel['nav'];
  items: readonly MyDraftItem[];
}): string {
  const groups = STATUS_ORDER.map((status) => ({
    status,
    items: model.items.filter((item) => item.status === status),
  })).filter((group) => group.items.length > 0);
  const main = html`<main class="page" id="main">
    <h1 class="sr">我的稿件</h1>
    <p><a class="btn btn-primary" href="${model.nav.base}/d/write">写新稿件</a></p>
    ${groups.length === 0 ? html`<p class="card muted">您还没有稿件。</p>` : groups.map(groupSection)}
  </main>`;
  return renderDocument({
    title: '我的稿件',
    layout: 'desktop',
    viewerName: model.viewerName,
    nav: model.nav,
    main,
  });
}

function groupSection(group: { status: ReviewStatus; items: readonly MyDraftItem[] }): SafeHtml {
  return html`<section class="card queue" aria-labelledby="g-${group.status}">
    <h2 id="g-${group.status}">${STATUS_NAMES[group.status]}（${group.items.length}）</h2>
    <ol>
      ${group.items.map(
        (item) =>
          html`<li class="queue-item">
            <a href="${safeUrl(item.href)}"
              ><span class="t">${item.title}</span
              ><span class="m"
                ><span>等级：${item.gradeName}</span
                ><span
                  >更新于 <time datetime="${item.updatedAt}">${formatTime(item.updatedAt)}</time></span
                ></span
              ></a
            >
          </li>`,
      )}
    </ol>
  </section>`;
}

/** My draft: status, why it came back, what I may do (修改 / 撤回), the chain, the findings, and its links. */
export function renderMyDraftPage(model: MyDraftPageModel): string {
  const main = html`<main class="page page-review" id="main">
    ${model.notice === undefined ? '' : html`<div class="notice notice-info" role="status"><p>${model.notice}</p></div>`}
    <section class="card summary" aria-label="稿件概况">
      <span class="pill pill-${model.status}">${STATUS_NAMES[model.status]}</span>
      <span class="pill pill-grade-${model.grade}">等级：${GRADE_NAMES[model.grade]}</span>
      <span class="muted small">第 ${model.version} 版</span>
      ${model.publishAt === undefined ? '' : html`<span class="pill pill-scheduled">定时发布：${formatTime(model.publishAt)}</span>`}
    </section>
    <div>
      ${model.rejection ? rejectionNotice(model.rejection) : ''}
      ${checkPanel(model.check, model.imageHosts, 1)}
    </div>
    <div class="side">${actions(model)} ${publications(model)} ${chainSection(model.stages)}</div>
  </main>`;
  return renderDocument({
    title: model.title,
    layout: 'desktop',
    viewerName: model.viewerName,
    nav: model.nav,
    main,
  });
}

/** Why a decider returned the draft: on its page and above the form of its new version. */
export function rejectionNotice(value: NonNullable<MyDraftPageModel['rejection']>): SafeHtml {
  return html`<div class="notice notice-warning" role="status">
    <p><strong>退回意见</strong>（${value.by}，${formatTime(value.at)}）：${value.comment}</p>
  </div>`;
}

function actions(model: MyDraftPageModel): SafeHtml | '' {
  if (!model.editUrl && !model.withdrawUrl) return '';
  const edit = model.editUrl
    ? html`<a class="btn btn-primary" href="${safeUrl(model.editUrl)}">修改后重新提交</a>`
    : '';
  const withdraw = model.withdrawUrl
    ? html`<form method="post" action="${safeUrl(model.withdrawUrl)}">
        <input type="hidden" name="version" value="${model.version}" />
        <p class="hint">尚无人审签，可撤回修改。</p>
        <button type="submit" class="btn btn-danger">撤回</button>
      </form>`
    : '';
  return html`<section class="card" aria-label="操作">${edit} ${withdraw}</section>`;
}

function publications(model: MyDraftPageModel): SafeHtml | '' {
  if (model.publications.length === 0) return '';
  return html`<section class="card" aria-labelledby="pub-h">
    <h2 id="pub-h">发布情况</h2>
    <ul class="plain">
      ${model.publications.map(
        (p) =>
          html`<li>
            ${p.target}：${p.statusName}
            ${p.url === undefined ? '' : html` <a href="${safeUrl(p.url)}" rel="noopener">查看已发布的文章</a>`}
          </li>`,
      )}
    </ul>
  </section>`;
}
