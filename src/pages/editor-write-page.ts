import { checkPanel, checkSummary } from './editor-check-panel.js';
import { sideBySideDiff } from './editor-diff.js';
import { rejectionNotice } from './editor-drafts-page.js';
import type { DraftFormValues, WritePageModel } from './editor-model.js';
import { previewSection } from './editor-preview.js';
import type { SafeHtml } from './html.js';
import { html, safeUrl } from './html.js';
import { renderDocument } from './page-layout.js';
import { MAX_COVER_BYTES, MAX_DIGEST } from '../domain/draft-content.js';

/**
 * 写稿 / 修改稿件: one plain form that posts to the server (检查, 预览, 提交 are its buttons), with the findings of
 * the text as it stands beside it. The script (a file, deferred) only adds the live check while typing and keeps
 * pasted 135编辑器/秀米 HTML as HTML; without it everything works by posting the form.
 */
export function renderWritePage(model: WritePageModel): string {
  const title = model.revise ? `修改：${model.revise.draftTitle}` : '写稿';
  const main = html`<main class="page page-write" id="main">
    ${errorBox(model.errors)} ${model.revise?.rejection ? rejectionNotice(model.revise.rejection) : ''}
    ${form(model)}
    <div class="side" id="live-check" data-check-url="${safeUrl(model.checkUrl)}">
      ${model.check ? checkPanel(model.check, model.imageHosts) : html`<p class="card muted">输入标题和正文后，机审提示会显示在这里。</p>`}
    </div>
    ${model.revise ? sideBySideDiff(model.revise.previous, model.values) : ''}
    ${model.preview ? previewSection(model.preview, model.imageHosts) : ''}
  </main>`;
  return renderDocument({
    title,
    layout: 'desktop',
    viewerName: model.viewerName,
    nav: model.nav,
    scripts: [model.scriptUrl],
    main,
    footer: '机审提示仅供参考，提交后由审核、审签人员把关。',
  });
}

function errorBox(errors: readonly string[] | undefined): SafeHtml | '' {
  if (!errors || errors.length === 0) return '';
  return html`<div class="notice notice-error" role="alert" id="errors" tabindex="-1">
    <p>未能提交，请修改后重试：</p>
    <ul>
      ${errors.map((error) => html`<li>${error}</li>`)}
    </ul>
  </div>`;
}

function form(model: WritePageModel): SafeHtml {
  const v = model.values;
  return html`<form class="card editor" method="post" action="${safeUrl(model.actionUrl)}">
    <h1 class="form-h">
      ${model.revise ? html`修改稿件（将提交为第 ${model.revise.baseVersion + 1} 版）` : '写稿'}
    </h1>
    ${model.revise ? html`<input type="hidden" name="base_version" value="${model.revise.baseVersion}" />` : ''}
    ${field('title', '标题', html`<input id="title" name="title" required maxlength="200" value="${v.title}" />`)}
    ${formatChoice(v)}
    ${field('body', '正文', html`<textarea id="body" name="body" required rows="14" aria-describedby="body-hint">${v.body}</textarea>`, '支持 Markdown；从135编辑器、秀米复制的排版可直接粘贴（按 HTML 保存，发布前与审签页同样净化）。')}
    <p class="live-summary" aria-live="polite">
      <a href="#live-check" id="live-summary">${model.check ? checkSummary(model.check) : ''}</a>
    </p>
    ${kindChoice(v)} ${targetsChoice(model, v)}
    ${field('author', '作者（可选）', html`<input id="author" name="author" maxlength="16" value="${v.author}" />`, '微信文章的署名，不超过 16 个字。')}
    ${field('publish_at', '定时发布（可选，北京时间）', html`<input id="publish_at" name="publish_at" type="datetime-local" value="${v.publish_at}" />`, '留空则审签通过后立即发布。')}
    ${field('digest', '摘要（可选）', html`<input id="digest" name="digest" maxlength="${MAX_DIGEST}" value="${v.digest}" />`, `微信文章的摘要，不超过 ${MAX_DIGEST} 字；留空则取正文前 54 字（见预览）。`)}
    ${coverField(v)}
    <div class="actions">
      <button type="submit" name="intent" value="submit" class="btn btn-primary">提交审签</button>
      <button
        type="submit"
        name="intent"
        value="preview"
        class="btn btn-secondary"
        formaction="${safeUrl(model.actionUrl)}#preview"
        formnovalidate
      >
        预览
      </button>
      <button type="submit" name="intent" value="check" class="btn btn-secondary" formnovalidate>检查</button>
    </div>
  </form>`;
}

/**
 * 封面: an image URL typed in, or a file the page's script reads into a data: URI in the same field (the file
 * input has no name: without the script, only the URL is sent).
 */
function coverField(v: DraftFormValues): SafeHtml {
  const hint = `PNG 或 JPEG 图片的网址，或选择图片文件（不超过 ${MAX_COVER_BYTES / 1024} KB）；留空则使用账号默认封面。`;
  return html`${field('cover', '封面（可选）', html`<input id="cover" name="cover" inputmode="url" aria-describedby="cover-hint" value="${v.cover}" />`, hint)}
    <div class="field">
      <label class="field-label" for="cover-file">选择封面图片文件</label>
      <input id="cover-file" type="file" accept="image/png,image/jpeg" data-max-bytes="${MAX_COVER_BYTES}" />
    </div>`;
}

function field(id: string, label: string, control: SafeHtml, hint?: string): SafeHtml {
  return html`<div class="field">
    <label class="field-label" for="${id}">${label}</label>
    ${hint === undefined ? '' : html`<p class="hint" id="${id}-hint">${hint}</p>`} ${control}
  </div>`;
}

function radio(name: string, value: string, label: string, checked: boolean): SafeHtml {
  return html`<label class="check"
    ><input type="radio" name="${name}" value="${value}" ${checked ? html`checked` : ''} /><span
      >${label}</span
    ></label
  >`;
}

function formatChoice(v: DraftFormValues): SafeHtml {
  return html`<fieldset class="choice">
    <legend>正文格式</legend>
    ${radio('format', 'markdown', 'Markdown / 纯文字', v.format === 'markdown')}
    ${radio('format', 'html', 'HTML（135编辑器、秀米等排版）', v.format === 'html')}
  </fieldset>`;
}

function kindChoice(v: DraftFormValues): SafeHtml {
  return html`<fieldset class="choice">
    <legend>类型</legend>
    ${radio('kind', 'original', '原创', v.kind === 'original')}
    ${radio('kind', 'repost', '转载（须注明来源）', v.kind === 'repost')}
    <div class="repost-fields">
      ${field('source', '来源（转载必填）', html`<input id="source" name="source" value="${v.source}" />`)}
      ${field('source_url', '原文链接', html`<input id="source_url" name="source_url" type="url" value="${v.source_url}" />`)}
      ${field('original_title', '原标题', html`<input id="original_title" name="original_title" value="${v.original_title}" />`)}
    </div>
  </fieldset>`;
}

function targetsChoice(model: WritePageModel, v: DraftFormValues): SafeHtml {
  const boxes =
    model.accounts.length === 0
      ? html`<p class="muted small">本单位还没有添加发布账号，请联系管理员。</p>`
      : model.accounts.map(
          ({ target, label }) =>
            html`<label class="check"
              ><input
                type="checkbox"
                name="targets"
                value="${target}"
                ${v.targets.includes(target) ? html`checked` : ''}
              /><span>${label}</span></label
            >`,
        );
  return html`<fieldset class="choice">
    <legend>发布到</legend>
    ${boxes}
  </fieldset>`;
}
