import type { SafeHtml } from './html.js';
import { html, safeUrl } from './html.js';
import type { NumberedFinding } from './numbered-findings.js';
import type { ReviewPageDecision } from './review-page-model.js';

/**
 * The decision as two plain forms to the same action, so the browser checks each on its own: 同意 needs every
 * must-acknowledge box ticked (`required`), 退回 needs a reason (`required`); neither blocks the other. Both post
 * `decision` (the button's name/value), `version` and `stage`; the server checks everything again.
 */
export function decisionSection(
  decision: ReviewPageDecision,
  viewerName: string,
  findings: readonly NumberedFinding[],
): SafeHtml {
  const action = safeUrl(decision.actionUrl);
  const hidden = html`<input type="hidden" name="version" value="${decision.version}" />
    <input type="hidden" name="stage" value="${decision.stage}" />`;
  return html`<section class="card decision" id="decision" aria-labelledby="decision-h">
    <h2 id="decision-h">您的审签：${decision.stageLabel}</h2>
    ${decision.actingFor === undefined ? '' : html`<p class="acting">您正代${decision.actingFor}审签，记录将注明“${viewerName}（代）”。</p>`}
    <form method="post" action="${action}" class="approve-form">
      ${hidden} ${acknowledgements(decision, findings)}
      <button type="submit" name="decision" value="approve" class="btn btn-primary">同意</button>
    </form>
    <div class="or" aria-hidden="true">或</div>
    <form method="post" action="${action}" class="reject-form">
      ${hidden}
      <label class="field-label" for="comment">退回意见（必填）</label>
      <p class="hint" id="comment-hint">请写明需要修改的内容，拟稿人将收到您的意见。</p>
      <textarea
        id="comment"
        name="comment"
        required
        maxlength="2000"
        rows="3"
        aria-describedby="comment-hint"
      ></textarea>
      <button type="submit" name="decision" value="reject" class="btn btn-danger">退回</button>
    </form>
  </section>`;
}

function acknowledgements(decision: ReviewPageDecision, findings: readonly NumberedFinding[]): SafeHtml | '' {
  if (decision.mustAcknowledge.length === 0) return '';
  const boxes = decision.mustAcknowledge.map(({ rule, message }, index) => {
    const numbers = findings.filter(({ finding }) => finding.rule === rule).map(({ n }) => n);
    const see = numbers.length === 0 ? '' : html`（见第 ${numbers.join('、')} 条）`;
    return html`<label class="check" for="ack-${index}"
      ><input type="checkbox" id="ack-${index}" name="acknowledged" value="${rule}" required /><span
        >${message}${see}</span
      ></label
    >`;
  });
  return html`<fieldset class="acks">
    <legend>同意前请逐项确认以下机审提示</legend>
    ${boxes}
  </fieldset>`;
}
