import { formatTime } from '../messages/format-time.js';
import type { SafeHtml } from './html.js';
import { html, safeUrl } from './html.js';
import { renderDocument } from './page-layout.js';
import type { QueueItem, QueuePageModel } from './review-page-model.js';
import { GRADE_NAMES } from '../messages/zh-cn.js';
import { GRADES } from '../domain/checks/finding.js';

/** Waiting times the queue filters by, in hours. */
export const WAITED_HOURS = [1, 4, 24, 72] as const;

/** The desk queue (待我处理): what waits for the viewer, oldest first as given by the route, with filters. */
export function renderQueuePage(model: QueuePageModel): string {
  const filtered = model.items.length < model.total;
  const list =
    model.items.length === 0
      ? html`<p class="muted">${filtered ? '没有符合筛选条件的稿件。' : '目前没有待您处理的稿件。'}</p>`
      : html`<ol>
          ${model.items.map(queueItem)}
        </ol>`;
  const count = filtered ? `${model.items.length} / ${model.total}` : String(model.total);
  const main = html`<main class="page" id="main">
    <section class="card queue" aria-labelledby="queue-h">
      <h1 id="queue-h">待我处理（${count}）</h1>
      ${filterForm(model)} ${list}
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

/** A GET form: the filters travel in the URL, so a filtered queue can be bookmarked and works without script. */
function filterForm(model: QueuePageModel): SafeHtml {
  const { filters } = model;
  const gradeOptions = GRADES.map((grade) => option(grade, GRADE_NAMES[grade], filters.grade === grade));
  const stageOptions = model.stageLabels.map((label) => option(label, label, filters.stage === label));
  const accountOptions = model.accounts.map(({ target, label }) =>
    option(target, label, filters.account === target),
  );
  const waitedOptions = WAITED_HOURS.map((hours) =>
    option(String(hours), waitedText(hours), filters.waitedHours === hours),
  );
  return html`<form class="queue-filters" method="get" role="search" aria-label="筛选待办">
    <label
      >等级
      <select name="grade">
        ${option('', '全部', !filters.grade)}${gradeOptions}
      </select></label
    >
    <label
      >环节
      <select name="stage">
        ${option('', '全部', !filters.stage)}${stageOptions}
      </select></label
    >
    <label
      >账号
      <select name="account">
        ${option('', '全部', !filters.account)}${accountOptions}
      </select></label
    >
    <label
      >已等待
      <select name="waited">
        ${option('', '不限', !filters.waitedHours)}${waitedOptions}
      </select></label
    >
    <button type="submit">筛选</button>
  </form>`;
}

function option(value: string, text: string, selected: boolean): SafeHtml {
  return selected
    ? html`<option value="${value}" selected>${text}</option>`
    : html`<option value="${value}">${text}</option>`;
}

const waitedText = (hours: number): string => (hours < 24 ? `超过 ${hours} 小时` : `超过 ${hours / 24} 天`);
