import { formatTime } from '../messages/format-time.js';
import type { DeskNav } from './editor-nav.js';
import type { SafeHtml } from './html.js';
import { html, safeUrl } from './html.js';
import { renderDocument } from './page-layout.js';

/** One decision in the 已处理 history, as the page shows it. */
export interface HistoryItem {
  title: string;
  /** The draft's review page; absent when the draft is gone. */
  href?: string;
  /** 同意 or 退回. */
  verdictName: string;
  stageLabel: string;
  version: number;
  /** ISO 8601: when the viewer decided. */
  at: string;
  /** The draft's status now (审核中, 已发布, …). */
  statusName: string;
}

export interface HistoryPageModel {
  viewerName: string;
  items: readonly HistoryItem[];
  /** 1-based. */
  page: number;
  previousHref?: string;
  nextHref?: string;
  nav: DeskNav;
}

/** 已处理: what the viewer decided, newest first, a page at a time. */
export function renderHistoryPage(model: HistoryPageModel): string {
  const list =
    model.items.length === 0
      ? html`<p class="muted">${model.page > 1 ? '没有更多记录。' : '您还没有处理过稿件。'}</p>`
      : html`<ol>
          ${model.items.map(historyItem)}
        </ol>`;
  const main = html`<main class="page" id="main">
    <section class="card queue" aria-labelledby="history-h">
      <h1 id="history-h">已处理${model.page > 1 ? `（第 ${model.page} 页）` : ''}</h1>
      ${list} ${pager(model)}
    </section>
  </main>`;
  return renderDocument({
    title: '已处理',
    layout: 'desktop',
    viewerName: model.viewerName,
    nav: model.nav,
    main,
  });
}

function historyItem(item: HistoryItem): SafeHtml {
  const meta = html`<span class="m"
    ><span>我的意见：${item.verdictName}（${item.stageLabel}，第 ${item.version} 版）</span
    ><span><time datetime="${item.at}">${formatTime(item.at)}</time></span
    ><span>现状：${item.statusName}</span></span
  >`;
  const title = html`<span class="t">${item.title}</span>`;
  return html`<li class="queue-item">
    ${item.href ? html`<a href="${safeUrl(item.href)}">${title}${meta}</a>` : html`<div>${title}${meta}</div>`}
  </li>`;
}

function pager(model: HistoryPageModel): SafeHtml | string {
  if (!model.previousHref && !model.nextHref) return '';
  return html`<nav class="pager" aria-label="翻页">
    ${model.previousHref ? html`<a href="${safeUrl(model.previousHref)}">上一页</a>` : ''}
    ${model.nextHref ? html`<a href="${safeUrl(model.nextHref)}">下一页</a>` : ''}
  </nav>`;
}
