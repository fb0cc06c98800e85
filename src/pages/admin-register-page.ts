import { PLATFORMS } from '../domain/accounts.js';
import type { Org } from '../domain/people.js';
import { ADMIN_TEXT as T } from '../messages/admin-texts.js';
import { formatTime } from '../messages/format-time.js';
import {
  followersText,
  REGISTER_FIELD_LABELS as L,
  REGISTER_PAGE_TEXT as R,
  RUNNING_STATE_NAMES,
} from '../messages/register-texts.js';
import { PLATFORM_NAMES } from '../messages/zh-cn.js';
import type { RegisterFormField, RegisterFormValues } from '../http/register-form.js';
import type { RegisterView } from '../services/monitor/register-service.js';
import { field, formAction, orgPath, renderAdminPage, type AdminFrame, type Flash } from './admin-layout.js';
import { html, safeUrl, type SafeHtml } from './html.js';

type OrgFrame = AdminFrame & { org: Org };

/** The register's pages live under this path. */
export function registerPath(frame: OrgFrame, rest = ''): string {
  return orgPath(frame, frame.org.slug, `/register${rest}`);
}

/** An entry's own path: `/wechat/崇川发布`. */
export function entryPath(frame: OrgFrame, view: { platform: string; name: string }, rest = ''): string {
  return registerPath(frame, `/${view.platform}/${encodeURIComponent(view.name)}${rest}`);
}

/**
 * 账号台账: every registered account with what the filing form records, its state, follower count and any
 * request in sign-off; links to request an opening, a change or a closure, and to the 审批表 XLSX.
 */
export function renderRegisterPage(frame: OrgFrame, views: readonly RegisterView[], flash?: Flash): string {
  const body = html`<p>${R.intro}</p>
    <p class="inline-actions">
      <a class="btn btn-primary" href="${safeUrl(registerPath(frame, '/open'))}">${R.openLink}</a>
      <a class="btn btn-secondary" href="${safeUrl(registerPath(frame, '/export.xlsx'))}">${R.exportLink}</a>
    </p>
    <section class="card" aria-labelledby="register-h">
      <h2 id="register-h">共 ${views.length} 个账号</h2>
      ${
        views.length === 0
          ? html`<p class="muted">${R.empty}</p>`
          : html`<ul class="admin-list">
              ${views.map((view) => entryItem(frame, view))}
            </ul>`
      }
    </section>`;
  return renderAdminPage(frame, { title: T.sections.register, current: 'register', body, flash });
}

function entryItem(frame: OrgFrame, view: RegisterView): SafeHtml {
  const { details } = view;
  const leader = [details.leader.name, details.leader.title].filter(Boolean).join(' ');
  const staff = details.staff.map((person) => person.name).join('、');
  const readAt = view.followers ? formatTime(view.followers.at) : undefined;
  const open = view.runningState !== 'closed' && view.runningState !== 'closing' && !view.pending;
  return html`<li class="admin-item">
    <p>
      <strong>${view.name}</strong> · ${PLATFORM_NAMES[view.platform]} ·
      ${RUNNING_STATE_NAMES[view.runningState]}
    </p>
    <p class="m">
      主办单位 ${details.organiser} ·
      ${details.verified ? R.verified(details.verificationSubject) : R.notVerified} · 分管领导
      ${leader}${staff ? ` · 工作人员 ${staff}` : ''}
    </p>
    <p class="m">
      ${details.operator ? `${R.operator(details.operator.name, details.operator.contractEnd)} · ` : ''}
      ${R.followers(followersText(view), readAt)}
    </p>
    ${view.pending ? html`<p>${R.pending(view.pending.kind, view.pending.draft)}</p>` : ''}
    ${
      open
        ? html`<p class="inline-actions">
            <a href="${safeUrl(entryPath(frame, view, '/change'))}" aria-label="${R.changeLink}：${view.name}"
              >${R.changeLink}</a
            >
            <a
              href="${safeUrl(entryPath(frame, view, '/closure'))}"
              aria-label="${R.closureLink}：${view.name}"
              >${R.closureLink}</a
            >
          </p>`
        : ''
    }
  </li>`;
}

export type RequestKind = 'open' | 'change' | 'closure';

/** A lifecycle request's form: opening (platform, name, details), change (name, details), closure. */
export function renderRequestPage(
  frame: OrgFrame,
  model: { kind: RequestKind; action: string; values: RegisterFormValues; name?: string },
  flash?: Flash,
): string {
  const input = (name: RegisterFormField, required = false, type = 'text') =>
    field(`f-${name}`, name, L[name], type, required, model.values[name]);
  const fields = {
    open: html`${platformSelect(model.values.platform)} ${input('name', true)} ${detailFields(model.values)}
    ${textarea('reason', model.values.reason)}`,
    change: html`${input('name', true)} ${detailFields(model.values)}
    ${textarea('reason', model.values.reason)}`,
    closure: html`${textarea('reason', model.values.reason)}
    ${textarea('announcement', model.values.announcement)}`,
  }[model.kind];
  const body = html`<p><a href="${safeUrl(registerPath(frame))}">返回${T.sections.register}</a></p>
    <section class="card" aria-labelledby="request-h">
      <h2 id="request-h">申请内容</h2>
      <p class="m">${R.intro}</p>
      <form class="admin-form" method="post" action="${safeUrl(formAction(frame, model.action))}">
        ${fields}
        <button class="btn btn-primary" type="submit">提交申请</button>
      </form>
    </section>`;
  const title = R.requestTitle(model.kind, model.name);
  return renderAdminPage(frame, { title, current: 'register', body, flash });
}

function detailFields(values: RegisterFormValues): SafeHtml {
  const input = (name: RegisterFormField, required = false, type = 'text') =>
    field(`f-${name}`, name, L[name], type, required, values[name]);
  const check = (name: 'verified' | 'newsLicence') =>
    html`<label class="check"
      ><input type="checkbox" name="${name}" ${values[name] ? 'checked' : ''} /> ${L[name]}</label
    >`;
  return html`${input('organiser', true)} ${input('organiserShortName')} ${input('undertaker')}
    ${input('accountId')} ${input('link', false, 'url')} ${input('registeredOn', false, 'date')}
    <fieldset>
      <legend>认证与资质</legend>
      ${check('verified')} ${check('newsLicence')}
    </fieldset>
    ${input('verificationSubject')} ${input('leaderName', true)} ${input('leaderTitle')}
    ${input('leaderPhone', false, 'tel')} ${textarea('staff', values.staff, false)} ${input('operatorName')}
    ${input('operatorContractEnd', false, 'date')} ${input('mandate')}`;
}

function textarea(name: RegisterFormField, value: string, required = true): SafeHtml {
  return html`<label for="f-${name}">${L[name]}</label>
    <textarea id="f-${name}" name="${name}" rows="3" ${required ? 'required' : ''}>${value}</textarea>`;
}

function platformSelect(selected: string): SafeHtml {
  return html`<label for="f-platform">${L.platform}</label>
    <select id="f-platform" name="platform">
      ${PLATFORMS.map(
        (platform) =>
          html`<option value="${platform}" ${platform === selected ? 'selected' : ''}>
            ${PLATFORM_NAMES[platform]}
          </option>`,
      )}
    </select>`;
}
