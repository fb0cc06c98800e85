import { Router, type Response } from 'express';
import type { Flash } from '../../pages/admin-layout.js';
import { renderAdminHome, renderOrgsPage } from '../../pages/admin-org-pages.js';
import { ADMIN_TEXT } from '../../messages/admin-texts.js';
import { adminForms, adminOf, formText, refusalOf, refuse, type AdminRequest } from './admin-pages-guard.js';
import { auditPages } from './admin-pages-audit.js';
import { orgPages, type AdminOrgDeps } from './admin-pages-org.js';
import { peoplePages, type AdminPeopleDeps } from './admin-pages-people.js';
import { registerPages, type AdminRegisterDeps } from './admin-pages-register.js';

/** With `register`: the organisation's 账号台账 as well. */
export type AdminPageDeps = AdminPeopleDeps & AdminOrgDeps & Partial<Pick<AdminRegisterDeps, 'register'>>;

/**
 * The admin's pages under `/d/admin` (issue 12 point 4), on the desk's sessions: plain forms posting with the
 * session's form token, no script. An organisation's admins act on it alone (`/d/admin/org/:slug/…`), an
 * installation admin on every organisation and the organisation list (`/d/admin/orgs`).
 */
export function adminPageRoutes(deps: AdminPageDeps): Router {
  const router = Router();
  router.get('/d/admin', async (req, res) => {
    const admin = await adminOf(deps, req, res, false);
    if (!admin) return;
    const org = (await deps.people.listOrgs()).find((known) => known.slug === admin.person.org);
    if (!org) return res.redirect(303, `${req.baseUrl}/d/admin/orgs`);
    res.type('html').send(renderAdminHome({ ...admin.frame, org }));
  });

  router.get('/d/admin/orgs', async (req, res) => {
    const admin = await installationAdminOf(req, res);
    if (admin) await sendOrgs(res, admin);
  });
  router.post('/d/admin/orgs', adminForms, async (req, res) => {
    const admin = await installationAdminOf(req, res, true);
    if (!admin) return;
    const added = await admin.people.addOrg({
      slug: formText(req.body, 'slug'),
      name: formText(req.body, 'name'),
    });
    if (!added.ok) {
      const { status, flash } = refusalOf(added.error);
      return sendOrgs(res, admin, flash, status);
    }
    await sendOrgs(res, admin, { kind: 'info', text: `已创建单位 ${added.value.name}。` }, 201);
  });

  peoplePages(router, deps);
  auditPages(router, deps);
  orgPages(router, deps);
  const { register } = deps;
  if (register) registerPages(router, { ...deps, register });
  return router;

  async function installationAdminOf(req: Parameters<typeof adminOf>[1], res: Response, posting = false) {
    const admin = await adminOf(deps, req, res, posting);
    if (admin && !admin.frame.installation)
      return refuse(res, 403, ADMIN_TEXT.notAdmin, ADMIN_TEXT.orgsInstallationOnly);
    return admin;
  }
}

async function sendOrgs(res: Response, admin: AdminRequest, flash?: Flash, status = 200) {
  res
    .status(status)
    .type('html')
    .send(renderOrgsPage(admin.frame, await admin.people.listOrgs(), flash));
}
