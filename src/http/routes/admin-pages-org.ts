import type { Response, Router } from 'express';
import { isPlatform } from '../../domain/accounts.js';
import type { Flash } from '../../pages/admin-layout.js';
import {
  renderAccountsPage,
  renderAlertsPage,
  renderGatewayPage,
  type GatewayPageModel,
} from '../../pages/admin-org-pages.js';
import type { AccountService } from '../../services/account-service.js';
import type { AlertBoard } from '../../services/admin/alert-board.js';
import { accountDetails, CLI_ACTOR } from '../../services/audit-service.js';
import type { WorkflowService } from '../../services/workflow-service.js';
import { ADMIN_TEXT as T } from '../../messages/admin-texts.js';
import { renderWorkflowPage, type WorkflowPageModel } from '../../pages/admin-workflow-page.js';
import type { GatewayCredentialService } from '../../services/gateway-credential-service.js';
import {
  adminForms,
  formText,
  formValue,
  orgAdminOf,
  refusalOf,
  refuse,
  type AdminGuardDeps,
  type OrgRequest,
} from './admin-pages-guard.js';

/** Alerts listed on the page (the newest). */
const ALERTS_SHOWN = 200;

export interface AdminOrgDeps extends AdminGuardDeps {
  alertBoard: AlertBoard;
  accounts: AccountService;
  gatewayCredentials: GatewayCredentialService;
  workflows: WorkflowService;
}

/** 告警 (acknowledge), 发布账号 (list, add), 审签流程 (read, edit) and 网关凭据 of an organisation. */
export function orgPages(router: Router, deps: AdminOrgDeps): void {
  router.get('/d/admin/org/:slug/alerts', async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    if (admin) await sendAlerts(res, deps, admin);
  });
  router.post('/d/admin/org/:slug/alerts/:id/ack', adminForms, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, true);
    if (!admin) return;
    const done = await deps.alertBoard.acknowledge(admin.frame.org.slug, String(req.params.id), admin.person);
    const flash: Flash = done
      ? { kind: 'info', text: '已确认。' }
      : { kind: 'error', text: '没有这条告警（可能已过期清除）。' };
    await sendAlerts(res, deps, admin, flash, done ? 200 : 404);
  });

  router.get('/d/admin/org/:slug/accounts', async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    if (admin) await sendAccounts(res, deps, admin);
  });
  router.post('/d/admin/org/:slug/accounts', adminForms, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, true);
    if (!admin) return;
    const platform = formText(req.body, 'platform');
    if (!isPlatform(platform))
      return sendAccounts(res, deps, admin, { kind: 'error', text: '请选择平台。' }, 400);
    const optional = (name: string) => formText(req.body, name) || undefined;
    const added = await deps.accounts.add({
      org: admin.frame.org.slug,
      platform,
      name: formText(req.body, 'name'),
      ...Object.fromEntries(['appid', 'secret', 'token', 'link'].map((name) => [name, optional(name)])),
    });
    if (!added.ok) {
      const { status, flash } = refusalOf(added.error);
      return sendAccounts(res, deps, admin, flash, status);
    }
    await admin.record(admin.frame.org.slug, 'created', accountDetails(added.value));
    await sendAccounts(res, deps, admin, { kind: 'info', text: `已添加账号 ${added.value.name}。` }, 201);
  });

  workflowPages(router, deps);
  gatewayPages(router, deps);
}

/** 审签流程: the YAML as it applies; 校验 validates it, 保存 stores it as the override, 恢复默认 drops that. */
function workflowPages(router: Router, deps: AdminOrgDeps): void {
  router.get('/d/admin/org/:slug/workflow', async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    if (admin) await sendWorkflow(res, deps, admin, {});
  });
  router.post('/d/admin/org/:slug/workflow', adminForms, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, true);
    if (!admin) return;
    const { slug } = admin.frame.org;
    const text = formValue(req.body, 'text');
    if (formText(req.body, 'intent') === 'validate') {
      const parsed = deps.workflows.validate(slug, text);
      if ('errors' in parsed) {
        const { errors, warnings } = parsed;
        return sendWorkflow(res, deps, admin, { text, errors, warnings }, 422);
      }
      const flash: Flash = { kind: 'info', text: '校验通过，尚未保存。' };
      return sendWorkflow(res, deps, admin, { text, warnings: parsed.warnings, flash });
    }
    const saved = await deps.workflows.save(slug, text, { id: admin.person.id }, revisionIn(req.body));
    if (saved.ok) {
      const flash: Flash = {
        kind: 'info',
        text: `已保存为第 ${saved.value.applied.revision} 版，新提交的稿件按此流程审签。`,
      };
      return sendWorkflow(res, deps, admin, { warnings: saved.value.warnings, flash });
    }
    const { error } = saved;
    if (error.code === 'workflow_invalid')
      return sendWorkflow(res, deps, admin, { text, errors: error.errors }, 422);
    const { status, flash } = refusalOf(error);
    await sendWorkflow(res, deps, admin, { text, flash }, status);
  });
  router.post('/d/admin/org/:slug/workflow/reset', adminForms, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, true);
    if (!admin) return;
    const reset = await deps.workflows.reset(
      admin.frame.org.slug,
      { id: admin.person.id },
      revisionIn(req.body),
    );
    const { status, flash } = reset.ok
      ? { status: 200, flash: { kind: 'info', text: '已恢复默认流程。' } as Flash }
      : refusalOf(reset.error);
    await sendWorkflow(res, deps, admin, { flash }, status);
  });
}

/** The revision a form was made on (undefined when absent: then the stored one, as the API allows). */
function revisionIn(body: unknown): number | undefined {
  const given = formText(body, 'revision');
  return /^\d+$/.test(given) ? Number(given) : undefined;
}

async function sendWorkflow(
  res: Response,
  deps: AdminOrgDeps,
  admin: OrgRequest,
  extra: Omit<WorkflowPageModel, 'applied' | 'changedByName'>,
  status = 200,
) {
  const current = await deps.workflows.current(admin.frame.org.slug);
  if (!current.ok) return refuse(res, 404, T.notFound, T.notFoundText);
  const applied = current.value;
  const by = applied.changed && (await admin.people.getPerson(applied.changed.by));
  const changedByName = applied.changed?.by === CLI_ACTOR ? '命令行' : by?.name;
  const model = { applied, ...(changedByName ? { changedByName } : {}), ...extra };
  res.status(status).type('html').send(renderWorkflowPage(admin.frame, model));
}

/** 网关凭据: list, grant (secret shown once), revoke; the service records both in the trail. */
function gatewayPages(router: Router, deps: AdminOrgDeps): void {
  router.get('/d/admin/org/:slug/gateway', async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    if (admin) await sendGateway(res, deps, admin, {});
  });
  router.post('/d/admin/org/:slug/gateway', adminForms, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, true);
    if (!admin) return;
    const granted = await deps.gatewayCredentials.grant({
      org: admin.frame.org.slug,
      target: formText(req.body, 'account'),
      person: formText(req.body, 'person'),
      days: Number(formText(req.body, 'days')),
      grantedBy: admin.person.id,
    });
    if (!granted.ok) {
      const { status, flash } = refusalOf(granted.error);
      return sendGateway(res, deps, admin, { flash }, status);
    }
    const { credential, secret } = granted.value;
    res.set('Cache-Control', 'no-store');
    await sendGateway(
      res,
      deps,
      admin,
      { granted: { appid: credential.appid, secret, label: credential.target } },
      201,
    );
  });
  router.post('/d/admin/org/:slug/gateway/:appid/revoke', adminForms, async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, true);
    if (!admin) return;
    const revoked = await deps.gatewayCredentials.revoke(
      admin.frame.org.slug,
      String(req.params.appid),
      admin.person.id,
    );
    const { status, flash } = revoked.ok
      ? { status: 200, flash: { kind: 'info', text: `已吊销 ${revoked.value.appid}。` } as Flash }
      : refusalOf(revoked.error);
    await sendGateway(res, deps, admin, { flash }, status);
  });
}

async function sendAlerts(res: Response, deps: AdminOrgDeps, admin: OrgRequest, flash?: Flash, status = 200) {
  const alerts = await deps.alertBoard.list(admin.frame.org.slug, ALERTS_SHOWN);
  res
    .status(status)
    .type('html')
    .send(renderAlertsPage(admin.frame, alerts, flash));
}

async function sendAccounts(
  res: Response,
  deps: AdminOrgDeps,
  admin: OrgRequest,
  flash?: Flash,
  status = 200,
) {
  const listed = await deps.accounts.list(admin.frame.org.slug);
  res
    .status(status)
    .type('html')
    .send(renderAccountsPage(admin.frame, listed.ok ? listed.value : [], flash));
}

async function sendGateway(
  res: Response,
  deps: AdminOrgDeps,
  admin: OrgRequest,
  extra: Pick<GatewayPageModel, 'granted' | 'flash'>,
  status = 200,
) {
  const { slug } = admin.frame.org;
  const [credentials, accounts, people] = await Promise.all([
    deps.gatewayCredentials.list(slug),
    deps.accounts.list(slug),
    admin.people.listPeople(slug),
  ]);
  const everyone = people.ok ? people.value : [];
  const model: GatewayPageModel = {
    credentials: credentials.ok ? credentials.value : [],
    names: new Map(everyone.map((person) => [person.id, person.name])),
    accounts: accounts.ok ? accounts.value : [],
    people: everyone
      .filter((person) => person.disabled !== true && person.roles.includes('drafter'))
      .map((p) => p.name),
    ...extra,
  };
  res.status(status).type('html').send(renderGatewayPage(admin.frame, model));
}
