import type { Org } from '../domain/people.js';
import { ADMIN_TEXT as T } from '../messages/admin-texts.js';
import { html, safeUrl, type SafeHtml } from './html.js';
import { renderDocument } from './page-layout.js';

export type AdminSection = keyof typeof T.sections;
const SECTIONS = Object.keys(T.sections) as AdminSection[];

/** What every admin page knows: where the desk is mounted, whose page it is, for which organisation. */
export interface AdminFrame {
  /** `req.baseUrl` ('' at the root). */
  base: string;
  viewerName: string;
  /** The session's form token, carried in each form's action. */
  csrf: string;
  org?: Org;
  /** An installation admin also sees the organisation list. */
  installation: boolean;
}

/** A note at the top of a page: what was done (status) or why not (alert). */
export interface Flash {
  kind: 'info' | 'error';
  text: string;
}

/** The organisation's admin pages live under this path. */
export function orgPath(frame: Pick<AdminFrame, 'base'>, slug: string, rest = ''): string {
  return `${frame.base}/d/admin/org/${encodeURIComponent(slug)}${rest}`;
}

/** A form's action: the path with the session's form token (forms from another site carry none). */
export function formAction(frame: AdminFrame, path: string): string {
  return `${path}?csrf=${encodeURIComponent(frame.csrf)}`;
}

export function renderAdminPage(
  frame: AdminFrame,
  page: { title: string; current?: AdminSection; body: SafeHtml; flash?: Flash | undefined },
): string {
  const main = html`<main class="page admin" id="main">
    ${frame.org ? sectionNav(frame, frame.org, page.current) : ''}
    <h1>${page.title}</h1>
    ${page.flash ? flashNote(page.flash) : ''} ${page.body}
  </main>`;
  return renderDocument({
    title: page.title,
    layout: 'desktop',
    viewerName: frame.viewerName,
    nav: { base: frame.base, current: 'admin', admin: true },
    main,
  });
}

function sectionNav(frame: AdminFrame, org: Org, current: AdminSection | undefined): SafeHtml {
  const links = SECTIONS.map((section) => {
    const here = section === current ? html` aria-current="page"` : '';
    return html`<li>
      <a href="${safeUrl(orgPath(frame, org.slug, `/${section}`))}" ${here}>${T.sections[section]}</a>
    </li>`;
  });
  const orgs = frame.installation
    ? html`<li><a href="${safeUrl(`${frame.base}/d/admin/orgs`)}">${T.orgs}</a></li>`
    : '';
  return html`<nav class="adminnav" aria-label="${org.name} · ${T.home}">
    <ul>
      ${links}${orgs}
    </ul>
  </nav>`;
}

export function flashNote(flash: Flash): SafeHtml {
  return flash.kind === 'error'
    ? html`<div class="notice notice-error" role="alert"><p>${flash.text}</p></div>`
    : html`<div class="notice notice-info" role="status"><p>${flash.text}</p></div>`;
}

/** A small form with one button, posting to `action` (already carrying the form token). */
export function buttonForm(
  action: string,
  label: string,
  style: 'primary' | 'secondary' | 'danger',
  aria?: string,
) {
  return html`<form method="post" action="${safeUrl(action)}">
    <button class="btn btn-${style}" type="submit" ${aria ? html`aria-label="${aria}"` : ''}>${label}</button>
  </form>`;
}

/** Two cards: a list (with its heading) and, beside it on a desk or under it on a phone, a form adding to it. */
export function listAndForm(list: { id: string; title: string; items: SafeHtml[] }, form: AddForm): SafeHtml {
  return html`<div class="admin-cols">
    <section class="card" aria-labelledby="${list.id}">
      <h2 id="${list.id}">${list.title}</h2>
      <ul class="admin-list">
        ${list.items}
      </ul>
    </section>
    ${addForm(form)}
  </div>`;
}

export interface AddForm {
  id: string;
  title: string;
  /** Already carrying the form token. */
  action: string;
  fields: SafeHtml;
  submit: string;
}

export function addForm(form: AddForm): SafeHtml {
  return html`<section class="card" aria-labelledby="${form.id}">
    <h2 id="${form.id}">${form.title}</h2>
    <form class="admin-form" method="post" action="${safeUrl(form.action)}">
      ${form.fields}
      <button class="btn btn-primary" type="submit">${form.submit}</button>
    </form>
  </section>`;
}

/** A labelled text input of an admin form, filled with `value` (a form shown again, an entry to change). */
export function field(
  id: string,
  name: string,
  label: string,
  type: string,
  required: boolean,
  value = '',
): SafeHtml {
  return html`<label for="${id}">${label}</label>
    <input
      id="${id}"
      name="${name}"
      type="${type}"
      value="${value}"
      autocomplete="off"
      ${required ? 'required' : ''}
    />`;
}
