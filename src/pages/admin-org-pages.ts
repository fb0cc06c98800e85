import { PLATFORMS, type Account } from '../domain/accounts.js';
import type { GatewayCredential } from '../domain/gateway/gateway-credential.js';
import type { Org } from '../domain/people.js';
import { ADMIN_TEXT as T, ALERT_KIND_NAMES } from '../messages/admin-texts.js';
import { formatTime } from '../messages/format-time.js';
import { PLATFORM_NAMES } from '../messages/zh-cn.js';
import type { ListedAlert } from '../services/admin/alert-board.js';
import {
  buttonForm,
  field,
  formAction,
  listAndForm,
  orgPath,
  renderAdminPage,
  type AddForm,
  type AdminFrame,
  type Flash,
} from './admin-layout.js';
import { html, safeUrl, type SafeHtml } from './html.js';

type OrgFrame = AdminFrame & { org: Org };

/** 告警: kind, when, what, and who acknowledged it when (or a button to acknowledge). */
export function renderAlertsPage(frame: OrgFrame, alerts: readonly ListedAlert[], flash?: Flash): string {
  const items = alerts.map(({ id, alert, ack }) => {
    const details = Object.entries(alert.details ?? {}).map(([key, value]) => `${key}：${value}`);
    const action = formAction(frame, orgPath(frame, frame.org.slug, `/alerts/${id}/ack`));
    return html`<li class="admin-item">
      <p><strong>${ALERT_KIND_NAMES[alert.kind]}</strong> · ${formatTime(alert.at)}</p>
      <p>${alert.message}</p>
      ${alert.target ? html`<p class="m">发布目标：${alert.target}</p>` : ''}
      ${details.length > 0 ? html`<p class="audit-details">${details.join('；')}</p>` : ''}
      ${
        ack
          ? html`<p class="m">${T.acknowledged(ack.byName, formatTime(ack.at))}</p>`
          : buttonForm(
              action,
              '确认已处理',
              'secondary',
              `确认已处理：${ALERT_KIND_NAMES[alert.kind]} ${formatTime(alert.at)}`,
            )
      }
    </li>`;
  });
  const body = html`<section class="card" aria-labelledby="alerts-h">
    <h2 id="alerts-h">最新的在前（共 ${alerts.length} 条）</h2>
    ${
      alerts.length === 0
        ? html`<p class="muted">暂无告警。</p>`
        : html`<ul class="admin-list">
            ${items}
          </ul>`
    }
  </section>`;
  return renderAdminPage(frame, { title: T.sections.alerts, current: 'alerts', body, flash });
}

/** 发布账号: the organisation's accounts (never a secret) and a form adding one. */
export function renderAccountsPage(frame: OrgFrame, accounts: readonly Account[], flash?: Flash): string {
  const items = accounts.map(
    (account) =>
      html`<li class="admin-item">
        <p><strong>${account.name}</strong> · ${PLATFORM_NAMES[account.platform]}</p>
        <p class="m">
          ${account.appid ? `AppID ${account.appid}` : ''}${account.link ? `链接 ${account.link}` : ''} ·
          添加于 ${formatTime(account.createdAt)}
        </p>
      </li>`,
  );
  const action = formAction(frame, orgPath(frame, frame.org.slug, '/accounts'));
  const fields = html`<label for="platform">平台</label>
    <select id="platform" name="platform">
      ${PLATFORMS.map((platform) => html`<option value="${platform}">${PLATFORM_NAMES[platform]}</option>`)}
    </select>
    ${field('account-name', 'name', '账号名称', 'text', true)}
    ${field('appid', 'appid', '微信 AppID', 'text', false)}
    ${field('secret', 'secret', '微信 AppSecret（密封保存，不再显示）', 'password', false)}
    ${field('token', 'token', '微博 access token（密封保存，不再显示）', 'password', false)}
    ${field('link', 'link', '微博安全域名内的链接', 'text', false)}`;
  const body = listAndForm(
    { id: 'accounts-h', title: `${accounts.length} 个账号`, items },
    { id: 'add-account-h', title: '添加账号', action, fields, submit: '添加账号' },
  );
  return renderAdminPage(frame, { title: T.sections.accounts, current: 'accounts', body, flash });
}

export interface GatewayPageModel {
  credentials: readonly GatewayCredential[];
  /** Person id → name. */
  names: ReadonlyMap<string, string>;
  accounts: readonly Account[];
  people: readonly string[];
  /** A grant's secret, shown this once. */
  granted?: { appid: string; secret: string; label: string };
  flash?: Flash;
}

/** 网关凭据: credentials (never their secrets), revoke, and a form granting one (its secret shown once). */
export function renderGatewayPage(frame: OrgFrame, model: GatewayPageModel): string {
  const items = model.credentials.map((credential) => {
    const revoke = formAction(
      frame,
      orgPath(frame, frame.org.slug, `/gateway/${encodeURIComponent(credential.appid)}/revoke`),
    );
    return html`<li class="admin-item">
      <p><strong>${credential.target}</strong> · ${model.names.get(credential.person) ?? '已删除的人员'}</p>
      <p class="m">
        ${credential.appid} · 到期
        ${formatTime(credential.expiresAt)}${credential.revokedAt ? ` · 已于 ${formatTime(credential.revokedAt)} 吊销` : ''}
      </p>
      ${credential.revokedAt ? '' : buttonForm(revoke, '吊销', 'danger', `吊销 ${credential.appid}`)}
    </li>`;
  });
  const list = { id: 'creds-h', title: `${model.credentials.length} 个凭据`, items };
  const body = html`${model.granted ? grantedCard(model.granted) : ''}
  ${listAndForm(list, grantForm(frame, model))}`;
  return renderAdminPage(frame, { title: T.sections.gateway, current: 'gateway', body, flash: model.flash });
}

function grantedCard(granted: NonNullable<GatewayPageModel['granted']>): SafeHtml {
  return html`<section class="card" aria-labelledby="granted-h">
    <h2 id="granted-h">已签发：${granted.label}</h2>
    <p class="notice notice-warning">${T.shownOnce}</p>
    <p>appid：</p>
    <code class="secret">${granted.appid}</code>
    <p>secret（微博账号即 access token）：</p>
    <code class="secret">${granted.secret}</code>
  </section>`;
}

function grantForm(frame: OrgFrame, model: GatewayPageModel): AddForm {
  const accounts = model.accounts.map(
    (a) => html`<option value="${a.platform}:${a.name}">${PLATFORM_NAMES[a.platform]}：${a.name}</option>`,
  );
  const fields = html`<label for="grant-account">账号</label>
    <select id="grant-account" name="account" required>
      ${accounts}
    </select>
    <label for="grant-person">人员</label>
    <select id="grant-person" name="person" required>
      ${model.people.map((name) => html`<option>${name}</option>`)}
    </select>
    <label for="grant-days">有效天数</label>
    <input id="grant-days" name="days" type="number" min="1" max="365" value="90" required />`;
  const action = formAction(frame, orgPath(frame, frame.org.slug, '/gateway'));
  return { id: 'grant-h', title: '签发凭据', action, fields, submit: '签发' };
}

/** /d/admin: the sections of the person's organisation, and (installation admins) the organisations. */
export function renderAdminHome(frame: OrgFrame): string {
  const links = (Object.keys(T.sections) as (keyof typeof T.sections)[]).map(
    (section) =>
      html`<li class="admin-item">
        <a href="${safeUrl(orgPath(frame, frame.org.slug, `/${section}`))}">${T.sections[section]}</a>
      </li>`,
  );
  const body = html`<section class="card" aria-labelledby="home-h">
    <h2 id="home-h">${frame.org.name}</h2>
    <ul class="admin-list">
      ${links}
    </ul>
    ${frame.installation ? html`<p><a href="${safeUrl(`${frame.base}/d/admin/orgs`)}">全部单位</a></p>` : ''}
  </section>`;
  return renderAdminPage(frame, { title: T.home, body });
}

/** 单位 (installation admins): every organisation, and a form creating one. */
export function renderOrgsPage(frame: AdminFrame, orgs: readonly Org[], flash?: Flash): string {
  const items = orgs.map(
    (org) =>
      html`<li class="admin-item">
        <p>
          <a href="${safeUrl(orgPath(frame, org.slug, '/people'))}"><strong>${org.name}</strong></a>
        </p>
        <p class="m">${org.slug}</p>
      </li>`,
  );
  const action = formAction(frame, `${frame.base}/d/admin/orgs`);
  const fields = html`${field('org-slug', 'slug', '单位标识（小写字母、数字、连字符）', 'text', true)}
  ${field('org-name', 'name', '单位名称', 'text', true)}`;
  const body = listAndForm(
    { id: 'orgs-h', title: `${orgs.length} 个单位`, items },
    { id: 'add-org-h', title: '创建单位', action, fields, submit: '创建单位' },
  );
  return renderAdminPage(frame, { title: T.orgs, body, flash });
}
