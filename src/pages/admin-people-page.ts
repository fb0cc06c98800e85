import { ROLES, type Person, type Role } from '../domain/people.js';
import { ADMIN_TEXT as T } from '../messages/admin-texts.js';
import { formatTime } from '../messages/format-time.js';
import { LOGIN_TEXT } from '../messages/login-texts.js';
import { ROLE_NAMES, roles as roleList } from '../messages/zh-cn.js';
import type { SessionView } from '../services/desk-session-service.js';
import {
  buttonForm,
  formAction,
  listAndForm,
  orgPath,
  renderAdminPage,
  type AdminFrame,
  type Flash,
} from './admin-layout.js';
import { html, safeUrl, type SafeHtml } from './html.js';

export interface ListedPerson {
  person: Person;
  sessions: number;
}

/** 人员: everyone of the organisation with roles, flags and sessions, and a form adding a person. */
export function renderPeoplePage(
  frame: AdminFrame & { org: { slug: string; name: string } },
  people: readonly ListedPerson[],
  flash?: Flash,
) {
  const items = people.map(({ person, sessions }) => {
    const href = orgPath(frame, frame.org.slug, `/people/${encodeURIComponent(person.name)}`);
    return html`<li class="admin-item">
      <p>
        <a href="${safeUrl(href)}"><strong>${person.name}</strong></a> ${flags(person)}
      </p>
      <p class="m">${roleList(person.roles)} · ${T.sessions(sessions)}</p>
    </li>`;
  });
  const fields = html`<label for="new-name">姓名</label>
    <input id="new-name" name="name" type="text" required maxlength="50" autocomplete="off" />
    ${roleChoices(frame, [], false)}`;
  const action = formAction(frame, orgPath(frame, frame.org.slug, '/people'));
  const body = listAndForm(
    { id: 'people-h', title: `${frame.org.name}：${people.length} 人`, items },
    { id: 'add-h', title: '添加人员', action, fields, submit: '添加并签发凭据' },
  );
  return renderAdminPage(frame, { title: T.sections.people, current: 'people', body, flash });
}

function flags(person: Person): SafeHtml {
  return html`${person.disabled === true ? html`<span class="pill pill-withdrawn">${T.disabled}</span>` : ''}
  ${person.outsourced ? html`<span class="pill">${T.outsourced}</span>` : ''}`;
}

/** Role checkboxes and the outsourced flag; only an installation admin may grant installation_admin. */
function roleChoices(frame: AdminFrame, held: readonly Role[], outsourced: boolean): SafeHtml {
  const offered = ROLES.filter((role) => frame.installation || role !== 'installation_admin');
  const boxes = offered.map(
    (role) =>
      html`<label class="check"
        ><input
          type="checkbox"
          name="roles"
          value="${role}"
          ${held.includes(role) ? 'checked' : ''}
        />${ROLE_NAMES[role]}</label
      >`,
  );
  return html`<fieldset>
      <legend>角色</legend>
      ${boxes}
    </fieldset>
    <label class="check"
      ><input
        type="checkbox"
        name="outsourced"
        value="1"
        ${outsourced ? 'checked' : ''}
      />代运维人员（只能拟稿）</label
    >`;
}

/** One person: roles, password, credentials, disabling, and their open sessions. */
export function renderPersonPage(
  frame: AdminFrame & { org: { slug: string; name: string } },
  person: Person,
  sessions: readonly SessionView[],
  flash?: Flash,
): string {
  const path = (rest: string) =>
    formAction(frame, orgPath(frame, frame.org.slug, `/people/${encodeURIComponent(person.name)}${rest}`));
  const active = person.disabled !== true;
  const body = html`<p>${flags(person)} ${roleList(person.roles)}</p>
    <div class="admin-cols">
      <div class="page-col">
        <section class="card" aria-labelledby="sessions-h">
          <h2 id="sessions-h">登录会话（${sessions.length}）</h2>
          <ul class="admin-list">
            ${sessions.map((session) => sessionItem(session, path(`/sessions/${encodeURIComponent(session.id)}/end`)))}
          </ul>
        </section>
        ${
          active
            ? html`<section class="card" aria-labelledby="roles-h">
                <h2 id="roles-h">修改角色</h2>
                <form class="admin-form" method="post" action="${safeUrl(path('/roles'))}">
                  ${roleChoices(frame, person.roles, person.outsourced)}
                  <button class="btn btn-primary" type="submit">保存角色</button>
                </form>
              </section>`
            : ''
        }
      </div>
      ${active ? credentialCard(path) : html`<p class="notice notice-warning">该人员已停用：其令牌、会话和链接均已失效。</p>`}
    </div>`;
  return renderAdminPage(frame, { title: person.name, current: 'people', body, flash });
}

function credentialCard(path: (rest: string) => string): SafeHtml {
  return html`<section class="card" aria-labelledby="cred-h">
    <h2 id="cred-h">凭据</h2>
    <form class="admin-form" method="post" action="${safeUrl(path('/password'))}">
      <label for="new-password">设置新密码</label>
      <input
        id="new-password"
        name="password"
        type="password"
        required
        minlength="10"
        autocomplete="new-password"
      />
      <button class="btn btn-secondary" type="submit">设置密码（结束其全部会话）</button>
    </form>
    <div class="inline-actions">
      ${buttonForm(path('/reissue'), '重新签发令牌和登录链接', 'secondary')}
      ${buttonForm(path('/disable'), '停用此人', 'danger')}
    </div>
    <p class="m small">重新签发或停用后，此人此前的令牌、登录会话、登录链接和未用的审签链接立即失效。</p>
  </section>`;
}

function sessionItem(session: SessionView, endAction: string): SafeHtml {
  const label = LOGIN_TEXT.methods[session.method];
  return html`<li class="admin-item">
    <p><strong>${label}</strong></p>
    <p class="m">${session.userAgent || '未知浏览器'} · ${session.address}</p>
    <p class="m">登录于 ${formatTime(session.created)}，最近活动 ${formatTime(session.lastSeen)}</p>
    ${buttonForm(endAction, LOGIN_TEXT.endSession, 'danger', `${LOGIN_TEXT.endSession}：${label} ${formatTime(session.created)}`)}
  </li>`;
}

/** A freshly issued token and login link: shown this once. */
export function renderIssuedPage(
  frame: AdminFrame & { org: { slug: string; name: string } },
  issued: { name: string; token: string; loginUrl: string },
): string {
  const body = html`<section class="card" aria-labelledby="issued-h">
    <h2 id="issued-h">${issued.name} 的新凭据</h2>
    <p class="notice notice-warning">${T.shownOnce}</p>
    <p>API 令牌（供工具调用）：</p>
    <code class="secret">${issued.token}</code>
    <p>一次性登录链接（用后即失效）：</p>
    <code class="secret">${issued.loginUrl}</code>
    <p><a href="${safeUrl(orgPath(frame, frame.org.slug, '/people'))}">返回人员列表</a></p>
  </section>`;
  return renderAdminPage(frame, { title: '凭据已签发', current: 'people', body });
}
