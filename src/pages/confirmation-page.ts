import type { SafeHtml } from './html.js';
import { html, raw, safeUrl } from './html.js';
import { COLORS } from './page-theme.js';
import { renderDocument } from './page-layout.js';
import type { ConfirmationPageModel } from './review-page-model.js';

/** Simple inline icons (no external assets): a tick, a return arrow, an "i". Decorative: the heading says it. */
const ICONS = {
  approved: raw(
    `<svg viewBox="0 0 64 64" aria-hidden="true"><circle cx="32" cy="32" r="30" fill="${COLORS.success}"/><path d="M18 33l9 9 19-20" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></svg>`,
  ),
  rejected: raw(
    `<svg viewBox="0 0 64 64" aria-hidden="true"><circle cx="32" cy="32" r="30" fill="${COLORS.danger}"/><path d="M26 20l-9 9 9 9M17 29h18a10 10 0 0 1 0 20h-8" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></svg>`,
  ),
  notice: raw(
    `<svg viewBox="0 0 64 64" aria-hidden="true"><circle cx="32" cy="32" r="30" fill="${COLORS.brand}"/><path d="M32 28v18" stroke="#fff" stroke-width="5" stroke-linecap="round"/><circle cx="32" cy="19" r="3.5" fill="#fff"/></svg>`,
  ),
} as const;

/**
 * The screen after a decision (已同意 / 已退回), or a plain message for a link that expired, was used already or
 * points to an old version, with optional links (e.g. to the current version).
 */
export function renderConfirmationPage(model: ConfirmationPageModel): string {
  const icon = ICONS[model.verdict ?? 'notice'];
  const role = model.verdict === undefined ? 'alert' : 'status';
  const links = model.links ?? [];
  const main = html`<main class="page" id="main">
    <section class="card confirm" role="${role}">
      ${icon}
      <h1>${model.title}</h1>
      ${model.draftTitle === '' ? '' : html`<p class="muted">稿件：《${model.draftTitle}》</p>`}
      <p>${model.message}</p>
      ${links.length === 0 ? '' : html`<div class="links">${links.map(linkButton)}</div>`}
    </section>
  </main>`;
  const title = model.draftTitle === '' ? model.title : `${model.title}：${model.draftTitle}`;
  return renderDocument({ title, layout: 'mobile', main });
}

function linkButton(link: { href: string; text: string }, index: number): SafeHtml {
  const style = index === 0 ? 'btn-primary' : 'btn-secondary';
  return html`<a class="btn ${style}" href="${safeUrl(link.href)}">${link.text}</a>`;
}
