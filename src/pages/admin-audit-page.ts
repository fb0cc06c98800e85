import type { NamedAuditEntry } from '../domain/audit/audit-names.js';
import { ADMIN_TEXT as T, AUDIT_ACTION_NAMES, CREATED_SUBJECT_NAMES } from '../messages/admin-texts.js';
import { formatTime } from '../messages/format-time.js';
import { orgPath, renderAdminPage, type AdminFrame, type Flash } from './admin-layout.js';
import { html, safeUrl, type SafeHtml } from './html.js';

export interface AuditPageModel {
  /** Newest first. */
  entries: readonly NamedAuditEntry[];
  total: number;
  /** 0 is the newest page. */
  page: number;
  pageSize: number;
  /** The verification's outcome, when the person asked for it. */
  verified?: Flash;
}

/** 审计记录: the organisation's trail, newest first, with names and readable actions; verify and export. */
export function renderAuditPage(
  frame: AdminFrame & { org: { slug: string; name: string } },
  model: AuditPageModel,
) {
  const base = orgPath(frame, frame.org.slug, '/audit');
  const body = html`<div class="inline-actions">
      <form method="get" action="${safeUrl(`${base}/verify`)}">
        <button class="btn btn-secondary" type="submit">校验审计链</button>
      </form>
      <a class="btn btn-secondary" href="${safeUrl(`${base}/export`)}" download>导出（JSON Lines）</a>
    </div>
    <section class="card" aria-labelledby="trail-h">
      <h2 id="trail-h">共 ${model.total} 条，最新的在前</h2>
      <ol class="admin-list">
        ${model.entries.map(entryItem)}
      </ol>
      ${pager(base, model)}
    </section>`;
  return renderAdminPage(frame, { title: T.sections.audit, current: 'audit', body, flash: model.verified });
}

function entryItem(entry: NamedAuditEntry): SafeHtml {
  const who = entry.names.actor ?? (entry.actor === 'cli' ? '命令行' : '系统');
  return html`<li class="admin-item">
    <p><strong>${actionName(entry)}</strong> · ${who}</p>
    <p class="m">
      ${formatTime(entry.at)} · 第 ${entry.seq} 条${entry.draft ? html` · 稿件 ${entry.draft}` : ''}
    </p>
    ${detailsLine(entry)}
  </li>`;
}

/** The Chinese name of what happened; `created` says what was created. */
export function actionName(entry: Pick<NamedAuditEntry, 'action' | 'details' | 'draft'>): string {
  if (entry.action !== 'created') return AUDIT_ACTION_NAMES[entry.action];
  const subject = entry.details.subject;
  if (typeof subject === 'string' && CREATED_SUBJECT_NAMES[subject]) return CREATED_SUBJECT_NAMES[subject];
  return entry.draft ? '提交稿件' : AUDIT_ACTION_NAMES.created;
}

/** Names and a few plain facts from the details (ids stay out; the export has everything). */
function detailsLine(entry: NamedAuditEntry): SafeHtml {
  const facts = Object.entries(entry.details).flatMap(([key, value]) =>
    typeof value === 'string' && DETAIL_LABELS[key] ? [`${DETAIL_LABELS[key]}：${value}`] : [],
  );
  return facts.length === 0 ? html`` : html`<p class="audit-details">${facts.join('；')}</p>`;
}

const DETAIL_LABELS: Record<string, string> = {
  name: '名称',
  slug: '单位',
  platform: '平台',
  target: '发布目标',
  reason: '原因',
  comment: '意见',
  stage: '环节',
  method: '方式',
  alert_message: '告警',
};

function pager(base: string, model: AuditPageModel): SafeHtml {
  const pages = Math.max(1, Math.ceil(model.total / model.pageSize));
  const link = (page: number, label: string) =>
    html`<a href="${safeUrl(`${base}?page=${page + 1}`)}">${label}</a>`;
  return html`<nav class="pager" aria-label="翻页">
    ${model.page > 0 ? link(model.page - 1, '较新') : ''}
    <span>第 ${model.page + 1} / ${pages} 页</span>
    ${model.page + 1 < pages ? link(model.page + 1, '较早') : ''}
  </nav>`;
}
