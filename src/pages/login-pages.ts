import { formatTime } from '../messages/format-time.js';
import { LOGIN_TEXT as T } from '../messages/login-texts.js';
import type { SessionView } from '../services/desk-session-service.js';
import { html, safeUrl, type SafeHtml } from './html.js';
import { renderDocument } from './page-layout.js';

export interface LoginPageModel {
  action: string;
  /** The gate's mount path (for the page's scripts). */
  base?: string;
  /** The login form's token (also in a cookie): a form posted from another site has none. */
  formToken: string;
  org?: string;
  name?: string;
  /** Why the last attempt failed. */
  error?: string;
  /** A neutral note, e.g. after logging out. */
  notice?: string;
  /** Where WeCom single sign-on starts, when it is configured. */
  wecomUrl?: string;
}

/** The desk's login form: organisation, name, password; phone first, labelled, no script. */
export function renderLoginPage(model: LoginPageModel): string {
  const main = html`<main class="page" id="main">
    <section class="card login" aria-labelledby="login-title">
      <h1 id="login-title">${T.title}</h1>
      ${model.error === undefined ? '' : html`<div class="notice notice-error" role="alert"><p>${model.error}</p></div>`}
      ${model.notice === undefined ? '' : html`<div class="notice notice-info" role="status"><p>${model.notice}</p></div>`}
      <form method="post" action="${safeUrl(model.action)}">
        <input type="hidden" name="form_token" value="${model.formToken}" />
        <label for="org">${T.org}</label>
        <input
          id="org"
          name="org"
          required
          autocomplete="organization"
          autocapitalize="none"
          spellcheck="false"
          pattern="[a-z0-9\\-]{2,40}"
          title="${T.orgHint}"
          aria-describedby="org-hint"
          value="${model.org ?? ''}"
        />
        <p class="hint" id="org-hint">${T.orgHint}</p>
        <label for="name">${T.name}</label>
        <input id="name" name="name" required autocomplete="username" value="${model.name ?? ''}" />
        <label for="password">${T.password}</label>
        <input id="password" name="password" type="password" required autocomplete="current-password" />
        <button class="btn btn-primary" type="submit">${T.submit}</button>
        ${model.wecomUrl === undefined ? '' : html`<a class="btn btn-secondary" href="${safeUrl(model.wecomUrl)}">${T.wecom}</a>`}
      </form>
    </section>
  </main>`;
  return renderDocument({ title: T.title, layout: 'mobile', main, base: model.base });
}

export interface SessionsPageModel {
  viewerName: string;
  sessions: readonly SessionView[];
  /** The form action ending session `id`. */
  endAction: (id: string) => string;
  logoutAction: string;
  backHref: string;
  /** The gate's mount path (for the page's scripts). */
  base?: string;
}

/** The person's open sessions, each with a button ending it, and logout. */
export function renderSessionsPage(model: SessionsPageModel): string {
  const main = html`<main class="page" id="main">
    <section class="card sessions" aria-labelledby="sessions-title">
      <h1 id="sessions-title">${T.sessionsTitle}</h1>
      <p class="muted">${T.sessionsIntro}</p>
      <ol>
        ${model.sessions.map((session) => sessionItem(session, model.endAction(session.id)))}
      </ol>
    </section>
    <form method="post" action="${safeUrl(model.logoutAction)}">
      <button class="btn btn-secondary" type="submit">${T.logout}</button>
    </form>
    <a class="btn btn-secondary" href="${safeUrl(model.backHref)}">返回待办</a>
  </main>`;
  return renderDocument({
    title: T.sessionsTitle,
    layout: 'mobile',
    viewerName: model.viewerName,
    main,
    base: model.base,
  });
}

function sessionItem(session: SessionView, endAction: string): SafeHtml {
  const label = `${T.methods[session.method]}${session.current ? T.current : ''}`;
  return html`<li class="session">
    <p><strong>${label}</strong></p>
    <p class="m">${session.userAgent || '未知浏览器'} · ${session.address}</p>
    <p class="m">登录于 ${formatTime(session.created)}，最近活动 ${formatTime(session.lastSeen)}</p>
    ${
      session.current
        ? ''
        : html`<form method="post" action="${safeUrl(endAction)}">
            <button class="btn btn-danger" type="submit" aria-label="${T.endSession}：${label}">
              ${T.endSession}
            </button>
          </form>`
    }
  </li>`;
}
