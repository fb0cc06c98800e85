import type { Org } from '../domain/people.js';
import type { WorkflowDefinition } from '../domain/workflow/workflow-definition.js';
import { ADMIN_TEXT as T } from '../messages/admin-texts.js';
import { formatTime } from '../messages/format-time.js';
import { GRADE_NAMES, ROLE_NAMES } from '../messages/zh-cn.js';
import type { AppliedWorkflow } from '../services/workflow-service.js';
import { formAction, orgPath, renderAdminPage, type AdminFrame, type Flash } from './admin-layout.js';
import { html, safeUrl, type SafeHtml } from './html.js';

type OrgFrame = AdminFrame & { org: Org };

export interface WorkflowPageModel {
  applied: AppliedWorkflow;
  /** Who made the last change, by name (undefined: never changed). */
  changedByName?: string;
  /** The text in the box: as posted when it was only validated or refused, else the applied one. */
  text?: string;
  errors?: readonly string[];
  warnings?: readonly string[];
  flash?: Flash;
}

/**
 * 审签流程: the chains and tails as they apply to the organisation, and the YAML they come from in a box to
 * edit: 校验 (validate only), 保存 (the override), 恢复默认 (drop it). Problems are listed beside the box.
 */
export function renderWorkflowPage(frame: OrgFrame, model: WorkflowPageModel): string {
  const { applied } = model;
  const body = html`<p class="notice notice-info">${T.workflowEditable}</p>
    ${editForm(frame, model)} ${sourceCard(frame, model)} ${chainsOf(applied.definition)}`;
  return renderAdminPage(frame, {
    title: T.sections.workflow,
    current: 'workflow',
    body,
    flash: model.flash,
  });
}

function editForm(frame: OrgFrame, model: WorkflowPageModel): SafeHtml {
  const action = formAction(frame, orgPath(frame, frame.org.slug, '/workflow'));
  const errors = model.errors ?? [];
  const warnings = model.warnings ?? [];
  return html`<form
    class="card admin-form"
    method="post"
    action="${safeUrl(action)}"
    aria-labelledby="edit-h"
  >
    <h2 id="edit-h">编辑（YAML，格式见 workflows/README.md）</h2>
    <input type="hidden" name="revision" value="${model.applied.revision}" />
    ${problems('workflow-errors', 'notice-error', '有错误，未保存：', errors, 'alert')}
    ${problems('workflow-warnings', 'notice-warning', '提示（可以保存）：', warnings, 'status')}
    <label for="workflow-text">审签流程</label>
    <textarea
      id="workflow-text"
      name="text"
      class="workflow-text"
      rows="18"
      spellcheck="false"
      required
      ${errors.length > 0 ? html`aria-invalid="true" aria-describedby="workflow-errors"` : ''}
    >
${model.text ?? model.applied.text}</textarea>
    <div class="inline-actions">
      <button class="btn btn-secondary" type="submit" name="intent" value="validate">校验</button>
      <button class="btn btn-primary" type="submit" name="intent" value="save">保存</button>
    </div>
  </form>`;
}

function problems(
  id: string,
  style: string,
  title: string,
  lines: readonly string[],
  role: 'alert' | 'status',
): SafeHtml | '' {
  if (lines.length === 0) return '';
  return html`<div class="notice ${style}" role="${role}" id="${id}">
    <p>${title}</p>
    <ul>
      ${lines.map((line) => html`<li>${line}</li>`)}
    </ul>
  </div>`;
}

/** Where the workflow comes from, who changed it last, and 恢复默认 while an override applies. */
function sourceCard(frame: OrgFrame, model: WorkflowPageModel): SafeHtml {
  const { applied } = model;
  const reset = formAction(frame, orgPath(frame, frame.org.slug, '/workflow/reset'));
  const changed = applied.changed
    ? html`<p class="m" id="workflow-revision">
        第 ${applied.revision} 版：${model.changedByName ?? applied.changed.by} 于
        ${formatTime(applied.changed.at)} ${applied.overridden ? '修改' : '恢复默认'}
      </p>`
    : '';
  return html`<section class="card" aria-labelledby="source-h">
    <h2 id="source-h">${applied.overridden ? '本单位修改后的流程' : '默认流程（服务器 workflows 目录）'}</h2>
    ${changed}
    ${
      applied.overridden
        ? html`<form method="post" action="${safeUrl(reset)}">
            <input type="hidden" name="revision" value="${applied.revision}" />
            <button class="btn btn-danger" type="submit" aria-label="恢复默认审签流程">恢复默认</button>
          </form>`
        : ''
    }
  </section>`;
}

function chainsOf(definition: WorkflowDefinition): SafeHtml {
  const grades = Object.entries(definition.chains) as [
    keyof typeof GRADE_NAMES,
    WorkflowDefinition['chains']['general'],
  ][];
  return html`${grades.map(
      ([grade, stages]) =>
        html`<section class="card" aria-labelledby="grade-${grade}">
          <h2 id="grade-${grade}">${GRADE_NAMES[grade]}稿件</h2>
          <ol>
            ${stages.map((stage) => html`<li>${stage.label}：${ROLE_NAMES[stage.role]}</li>`)}
          </ol>
        </section>`,
    )}
    <section class="card" aria-labelledby="tails-h">
      <h2 id="tails-h">尾注模板</h2>
      <p>原创：<code>${definition.tails.original}</code></p>
      <p>转载：<code>${definition.tails.repost}</code></p>
    </section>`;
}
