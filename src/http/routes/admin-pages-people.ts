import type { Request, Response, Router } from 'express';
import { mayGrant, type Person } from '../../domain/people.js';
import { AUTH_TEXT } from '../../messages/auth.js';
import { orgPath, type Flash } from '../../pages/admin-layout.js';
import { renderIssuedPage, renderPeoplePage, renderPersonPage } from '../../pages/admin-people-page.js';
import type { DeskLogins } from '../../services/desk-session-service.js';
import type { LoginService } from '../../services/login-service.js';
import type { IssuedToken } from '../../services/ports/people.js';
import {
  adminForms,
  formList,
  formText,
  formValue,
  noStore,
  orgAdminOf,
  refusalOf,
  type AdminGuardDeps,
  type OrgRequest,
} from './admin-pages-guard.js';

export interface AdminPeopleDeps extends AdminGuardDeps {
  login: LoginService;
  desk: Pick<DeskLogins, 'loginPath' | 'list' | 'revoke'>;
  publicUrl: () => string;
}

const PERSON = '/d/admin/org/:slug/people/:name';

/** 人员: list and add people; per person roles, password, reissue, disable and sessions (issue 12 point 4). */
export function peoplePages(router: Router, deps: AdminPeopleDeps): void {
  router.get('/d/admin/org/:slug/people', async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    if (admin) await sendPeople(res, deps, admin);
  });

  router.post('/d/admin/org/:slug/people', adminForms, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, true);
    if (!admin) return;
    const roles = formList(req.body, 'roles');
    if (!mayGrant(admin.person, roles))
      return sendPeople(res, deps, admin, 403, { kind: 'error', text: AUTH_TEXT.grantInstallationAdmin });
    const outsourced = formText(req.body, 'outsourced') === '1';
    const name = formText(req.body, 'name');
    const added = await admin.people.addPerson({ org: admin.frame.org.slug, name, roles, outsourced });
    if (!added.ok) {
      const { status, flash } = refusalOf(added.error);
      return sendPeople(res, deps, admin, status, flash);
    }
    sendIssued(res, deps, admin, added.value);
  });

  router.get(PERSON, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    const person = admin && (await personIn(req, res, admin));
    if (admin && person) await sendPerson(res, deps, admin, person);
  });

  personActions(router, deps);
}

/** The posts acting on one person; each answers the person's page with what happened. */
function personActions(router: Router, deps: AdminPeopleDeps): void {
  router.post(`${PERSON}/roles`, adminForms, async (req, res) => {
    await act(req, res, deps, async (admin, person) => {
      const roles = formList(req.body, 'roles');
      if (!mayGrant(admin.person, roles)) return { kind: 'error', text: AUTH_TEXT.grantInstallationAdmin };
      const outsourced = formText(req.body, 'outsourced') === '1';
      const changed = await admin.people.setRoles(person.org, person.name, { roles, outsourced });
      return changed.ok ? { kind: 'info', text: '角色已保存。' } : refusalOf(changed.error).flash;
    });
  });
  router.post(`${PERSON}/password`, adminForms, async (req, res) => {
    await act(req, res, deps, async (admin, person) => {
      const set = await deps.login.setPassword(admin.record, person, formValue(req.body, 'password'));
      return set.ok
        ? { kind: 'info', text: '密码已设置，此人原有的登录会话和链接已全部失效。' }
        : refusalOf(set.error).flash;
    });
  });
  router.post(`${PERSON}/disable`, adminForms, async (req, res) => {
    await act(req, res, deps, async (admin, person) => {
      const disabled = await admin.people.disablePerson(person.org, person.name);
      return disabled.ok
        ? { kind: 'info', text: '已停用：此人的令牌、会话和链接立即失效。' }
        : refusalOf(disabled.error).flash;
    });
  });
  router.post(`${PERSON}/sessions/:id/end`, adminForms, async (req, res) => {
    await act(req, res, deps, async (admin, person) => {
      const ended = await deps.login.revokeSession(admin.person, person, String(req.params.id));
      return ended.ok ? { kind: 'info', text: '会话已结束。' } : refusalOf(ended.error).flash;
    });
  });
  router.post(`${PERSON}/reissue`, adminForms, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, true);
    const person = admin && (await personIn(req, res, admin));
    if (!admin || !person) return;
    const issued = await admin.people.issueToken(person.org, person.name);
    if (!issued.ok) return sendPerson(res, deps, admin, person, refusalOf(issued.error).flash);
    sendIssued(res, deps, admin, issued.value);
  });
}

async function act(
  req: Request,
  res: Response,
  deps: AdminPeopleDeps,
  change: (admin: OrgRequest, person: Person) => Promise<Flash>,
): Promise<void> {
  const admin = await orgAdminOf(deps, req, res, true);
  const person = admin && (await personIn(req, res, admin));
  if (!admin || !person) return;
  const flash = await change(admin, person);
  const now = (await admin.people.findPerson(person.org, person.name)) ?? person;
  await sendPerson(res, deps, admin, now, flash, flash.kind === 'error' ? 400 : 200);
}

async function personIn(req: Request, res: Response, admin: OrgRequest): Promise<Person | undefined> {
  const person = await admin.people.findPerson(admin.frame.org.slug, String(req.params.name));
  if (person) return person;
  res.redirect(303, orgPath(admin.frame, admin.frame.org.slug, '/people'));
  return undefined;
}

async function sendPeople(
  res: Response,
  deps: AdminPeopleDeps,
  admin: OrgRequest,
  status = 200,
  flash?: Flash,
) {
  const listed = await admin.people.listPeople(admin.frame.org.slug);
  const people = listed.ok ? listed.value : [];
  const withSessions = await Promise.all(
    people.map(async (person) => ({ person, sessions: (await deps.desk.list(person)).length })),
  );
  res
    .status(status)
    .type('html')
    .send(renderPeoplePage(admin.frame, withSessions, flash));
}

async function sendPerson(
  res: Response,
  deps: AdminPeopleDeps,
  admin: OrgRequest,
  person: Person,
  flash?: Flash,
  status = 200,
) {
  const sessions = person.disabled === true ? [] : await deps.desk.list(person);
  res
    .status(status)
    .type('html')
    .send(renderPersonPage(admin.frame, person, sessions, flash));
}

/** The new token and a fresh single-use login link, shown once. */
function sendIssued(res: Response, deps: AdminPeopleDeps, admin: OrgRequest, issued: IssuedToken): void {
  noStore(res);
  const loginUrl = `${deps.publicUrl()}${deps.desk.loginPath(issued.person)}`;
  const page = renderIssuedPage(admin.frame, { name: issued.person.name, token: issued.token, loginUrl });
  res.status(201).type('html').send(page);
}
