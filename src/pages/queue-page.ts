import { formatTime } from '../messages/format-time.js';
import type { SafeHtml } from './html.js';
import { html, safeUrl } from './html.js';
import { renderDocument } from './page-layout.js';
import type { QueueItem, QueuePageModel } from './review-page-model.js';

/** The desk queue (待我处理): what waits for the viewer, oldest first as given by the route. */
export function renderQueuePage(model: QueuePageModel): string {
  const list =
    model.items.length === 0
      ? html`<p class="muted">目前没有待您处理的稿件。</p>`
      : html`<ol>
          ${model.items.map(queueItem)}
        </ol>`;
  const main = html`<main class="page" id="main">
    <section class="card queue" aria-labelledby="queue-h">
      <h1 id="queue-h">待我处理（${model.items.length}）</h1>
      ${list}
    </section>
  </main>`;
  return renderDocument({
    title: '待我处理',
    layout: 'desktop',
    viewerName: model.viewerName,
    main,
    ...(model.nav ? { nav: model.nav } : {}),
  });
}

function queueItem(item: QueueItem): SafeHtml {
  return html`<li class="queue-item">
    <a href="${safeUrl(item.href)}">
      <span class="t">${item.title}</span>
      <span class="m"
        ><span>等级：${item.gradeName}</span><span>待处理环节：${item.stageLabel}</span
        ><span
          >自 <time datetime="${item.waitingSince}">${formatTime(item.waitingSince)}</time> 起等待</span
        ></span
      >
    </a>
  </li>`;
}
