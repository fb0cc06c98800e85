import { GRADE_NAMES } from '../messages/zh-cn.js';
import { formatTime } from '../messages/format-time.js';
import type { SafeHtml } from './html.js';
import { html } from './html.js';
import type { Placement } from './materialise-marks.js';
import type { NumberedFinding } from './numbered-findings.js';
import { ACTION_LABELS } from './numbered-findings.js';
import type { ReviewPageStage } from './review-page-model.js';

const FIELD_NAMES = { title: '标题', body: '正文' } as const;

/** The numbered list of findings with their Chinese explanations, in the order of their marks. */
export function findingsSection(
  findings: readonly NumberedFinding[],
  placed: ReadonlyMap<number, Placement>,
): SafeHtml {
  if (findings.length === 0) {
    return html`<section class="card findings" aria-labelledby="findings-h">
      <h2 id="findings-h">机审提示</h2>
      <p class="muted">机审未发现问题。</p>
    </section>`;
  }
  const items = findings.map((item) => findingItem(item, placed.get(item.n)));
  return html`<section class="card findings" aria-labelledby="findings-h">
    <h2 id="findings-h">机审提示（${findings.length}）</h2>
    <ol>
      ${items}
    </ol>
  </section>`;
}

/** Where the reader finds the finding in the article above. */
const WHERE: Readonly<Record<Placement | 'hidden', string>> = {
  text: '已标出',
  badge: '链接或图片的地址，序号标在该链接或图片之后',
  hidden: '链接地址或不显示的内容，页面上看不到',
};

function findingItem({ n, finding }: NumberedFinding, placed: Placement | undefined): SafeHtml {
  const where = `${FIELD_NAMES[finding.field]}中${WHERE[placed ?? 'hidden']}`;
  return html`<li class="finding" id="finding-${n}">
    <span class="num num-${finding.action}" aria-hidden="true">${n}</span>
    <div>
      <p class="what">
        <span class="sr">第 ${n} 条：</span
        ><span class="tag tag-${finding.action}">${ACTION_LABELS[finding.action]}</span>${finding.message}
      </p>
      <p class="quote">原文：“${finding.text}”（${where}）</p>
      ${finding.suggestion === undefined ? '' : html`<p>建议：${finding.suggestion}</p>`}
      ${finding.action === 'escalate' && finding.grade ? html`<p>须按“${GRADE_NAMES[finding.grade]}”等级审签。</p>` : ''}
    </div>
  </li>`;
}

const STAGE_STATUS = {
  approved: '已同意',
  rejected: '已退回',
  waiting: '待处理',
  pending: '未开始',
} as const;

/** The sign-off chain as a timeline: who decided when, stand-ins marked 代, and their comments. */
export function chainSection(stages: readonly ReviewPageStage[]): SafeHtml {
  return html`<section class="card chain" aria-labelledby="chain-h">
    <h2 id="chain-h">审签流程</h2>
    <ol>
      ${stages.map(stageItem)}
    </ol>
  </section>`;
}

function stageItem(stage: ReviewPageStage): SafeHtml {
  const current = stage.status === 'waiting' ? html` aria-current="step"` : '';
  return html`<li class="stage stage-${stage.status}" ${current}>
    <div class="stage-head">
      <span>${stage.label}</span><span class="muted small">${stage.roleName}</span
      ><span class="pill pill-${stage.status}">${STAGE_STATUS[stage.status]}</span>
    </div>
    ${decidedLine(stage)}
    ${stage.comment === undefined ? '' : html`<p class="comment">${stage.status === 'rejected' ? '退回意见' : '意见'}：${stage.comment}</p>`}
  </li>`;
}

function decidedLine(stage: ReviewPageStage): SafeHtml | string {
  if (stage.decidedBy === undefined) return '';
  const who =
    stage.onBehalfOf === undefined ? stage.decidedBy : html`${stage.decidedBy}（代${stage.onBehalfOf}）`;
  const when =
    stage.decidedAt === undefined
      ? ''
      : html` · <time datetime="${stage.decidedAt}">${formatTime(stage.decidedAt)}</time>`;
  return html`<p class="muted small">${who}${when}</p>`;
}
