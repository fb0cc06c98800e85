import type { Request, Response, Router } from 'express';
import { targetOf, isPlatform } from '../../domain/accounts.js';
import { REGISTER_PAGE_TEXT as R } from '../../messages/register-texts.js';
import type { Flash } from '../../pages/admin-layout.js';
import {
  entryPath,
  registerPath,
  renderRegisterPage,
  renderRequestPage,
  type RequestKind,
} from '../../pages/admin-register-page.js';
import type { RegisterService } from '../../services/monitor/register-service.js';
import {
  changeOfForm,
  closureOfForm,
  formOfEntry,
  openingOfForm,
  readRegisterForm,
  type RegisterFormValues,
} from '../register-form.js';
import type { RegisterExport } from './register-routes.js';
import {
  adminForms,
  orgAdminOf,
  refusalOf,
  type AdminGuardDeps,
  type OrgRequest,
} from './admin-pages-guard.js';

export interface AdminRegisterDeps extends AdminGuardDeps {
  register: RegisterService & { files: RegisterExport };
}

const PATH = '/d/admin/org/:slug/register';

/**
 * 账号台账 on the desk (issue 13 point 1): the register, its 审批表 as XLSX, and the forms filing an opening, a
 * change or a closure, read into the API's bodies and filed through the same service (major-grade drafts).
 */
export function registerPages(router: Router, deps: AdminRegisterDeps): void {
  const { register } = deps;
  router.get(PATH, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    if (admin) await sendRegister(res, register, admin);
  });
  router.get(`${PATH}/export.xlsx`, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    if (!admin) return;
    const slug = admin.frame.org.slug;
    const views = await register.list(slug);
    if (!views.ok) return sendRegister(res, register, admin, refusalOf(views.error).flash, 404);
    const body = await register.files.workbook(slug, views.value);
    res.attachment(`qianfa-register-${slug}.xlsx`).type('xlsx').send(body);
  });

  router.get(`${PATH}/open`, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    if (admin) sendForm(res, admin, 'open', readRegisterForm({}));
  });
  router.post(`${PATH}/open`, adminForms, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, true);
    if (!admin) return;
    const values = readRegisterForm(req.body);
    const request = openingOfForm(values);
    if (!request.ok) return sendForm(res, admin, 'open', values, invalid(request.errors), 400);
    const filed = await register.requestOpening(admin.person, admin.frame.org.slug, request.value);
    if (!filed.ok) return sendForm(res, admin, 'open', values, ...refused(filed.error));
    await sendFiled(res, register, admin, 'open', filed.value);
  });

  for (const kind of ['change', 'closure'] as const) {
    router.get(`${PATH}/:platform/:name/${kind}`, async (req, res) => {
      const admin = await orgAdminOf(deps, req, res, false);
      if (!admin) return;
      const found = await register.show(admin.frame.org.slug, targetIn(req));
      if (!found.ok) return sendRegister(res, register, admin, ...refused(found.error));
      const values = kind === 'change' ? formOfEntry(found.value) : readRegisterForm({});
      sendForm(res, admin, kind, values, undefined, 200, found.value);
    });
    router.post(`${PATH}/:platform/:name/${kind}`, adminForms, async (req, res) => {
      const admin = await orgAdminOf(deps, req, res, true);
      if (!admin) return;
      const values = readRegisterForm(req.body);
      const entry = { platform: String(req.params.platform), name: String(req.params.name) };
      const filing = fileFrom(register, admin, kind, targetIn(req), values);
      if ('errors' in filing) return sendForm(res, admin, kind, values, invalid(filing.errors), 400, entry);
      const filed = await filing;
      if (!filed.ok) return sendForm(res, admin, kind, values, ...refused(filed.error), entry);
      await sendFiled(res, register, admin, kind, filed.value);
    });
  }
}

/** The change or closure the form asks for, filed; or why the form cannot be read as one. */
function fileFrom(
  register: RegisterService,
  admin: OrgRequest,
  kind: 'change' | 'closure',
  target: string,
  values: RegisterFormValues,
): { errors: string[] } | ReturnType<RegisterService['requestChange']> {
  const { person } = admin;
  const org = admin.frame.org.slug;
  if (kind === 'change') {
    const request = changeOfForm(values);
    return request.ok ? register.requestChange(person, org, target, request.value) : request;
  }
  const request = closureOfForm(values);
  return request.ok ? register.requestClosure(person, org, target, request.value) : request;
}

/** `wechat:崇川发布` from the path ('' for a platform that does not exist, which the service refuses). */
function targetIn(req: Request): string {
  const platform = String(req.params.platform);
  return isPlatform(platform) ? targetOf({ platform, name: String(req.params.name) }) : '';
}

const invalid = (errors: readonly string[]): Flash => ({ kind: 'error', text: R.formInvalid(errors) });

function refused(error: Parameters<typeof refusalOf>[0]): [Flash, number] {
  const { flash, status } = refusalOf(error);
  return [flash, status];
}

async function sendRegister(
  res: Response,
  register: RegisterService,
  admin: OrgRequest,
  flash?: Flash,
  status = 200,
): Promise<void> {
  const views = await register.list(admin.frame.org.slug);
  res
    .status(status)
    .type('html')
    .send(renderRegisterPage(admin.frame, views.ok ? views.value : [], flash));
}

async function sendFiled(
  res: Response,
  register: RegisterService,
  admin: OrgRequest,
  kind: RequestKind,
  entry: { platform: 'wechat' | 'weibo'; name: string; pending?: { draft: string } },
): Promise<void> {
  const text = R.submitted(kind, targetOf(entry), entry.pending?.draft ?? '');
  await sendRegister(res, register, admin, { kind: 'info', text }, 201);
}

function sendForm(
  res: Response,
  admin: OrgRequest,
  kind: RequestKind,
  values: RegisterFormValues,
  flash?: Flash,
  status = 200,
  entry?: { platform: string; name: string },
): void {
  const action = entry ? entryPath(admin.frame, entry, `/${kind}`) : registerPath(admin.frame, '/open');
  const model = { kind, action, values, ...(entry ? { name: entry.name } : {}) };
  res
    .status(status)
    .type('html')
    .send(renderRequestPage(admin.frame, model, flash));
}
