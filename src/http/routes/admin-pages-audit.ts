import type { Response, Router } from 'express';
import { ADMIN_TEXT as T, auditBrokenText } from '../../messages/admin-texts.js';
import { renderAuditPage, type AuditPageModel } from '../../pages/admin-audit-page.js';
import { auditJsonLines, namedEntries, verifyAuditChain } from '../../services/audit-service.js';
import { orgAdminOf, type AdminGuardDeps, type OrgRequest } from './admin-pages-guard.js';

export const AUDIT_PAGE_SIZE = 50;

/**
 * 审计记录: the organisation's trail newest first with names and readable actions, `verify` (the streaming
 * verification `GET /api/audit/verify` runs) and `export` (the JSON Lines `qianfa audit export` writes).
 */
export function auditPages(router: Router, deps: AdminGuardDeps): void {
  router.get('/d/admin/org/:slug/audit', async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    const asked = typeof req.query.page === 'string' ? Number.parseInt(req.query.page, 10) : 1;
    const page = Number.isSafeInteger(asked) && asked > 1 ? asked - 1 : 0;
    if (admin) await sendTrail(res, deps, admin, page);
  });

  router.get('/d/admin/org/:slug/audit/verify', async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    if (!admin) return;
    const { slug } = admin.frame.org;
    const result = await verifyAuditChain(deps.audit, slug);
    const verified: AuditPageModel['verified'] = result.ok
      ? { kind: 'info', text: T.verifyOk(result.count) }
      : { kind: 'error', text: auditBrokenText(slug, result) };
    await sendTrail(res, deps, admin, 0, verified);
  });

  router.get('/d/admin/org/:slug/audit/export', async (req, res) => {
    const admin = await orgAdminOf(deps, req, res, false);
    if (!admin) return;
    const { slug } = admin.frame.org;
    res.type('application/jsonl; charset=utf-8');
    res.attachment(`audit-${slug}.jsonl`);
    for await (const lines of auditJsonLines(deps.audit, deps.people, slug)) res.write(lines);
    res.end();
  });
}

/** One page, newest first: page 0 is the chain's last `AUDIT_PAGE_SIZE` entries. */
async function sendTrail(
  res: Response,
  deps: AdminGuardDeps,
  admin: OrgRequest,
  page: number,
  verified?: AuditPageModel['verified'],
): Promise<void> {
  const { slug } = admin.frame.org;
  const head = await deps.audit.head(slug);
  const total = head ? head.seq + 1 : 0;
  const end = Math.max(0, total - page * AUDIT_PAGE_SIZE);
  const offset = Math.max(0, end - AUDIT_PAGE_SIZE);
  const listed = end === 0 ? { entries: [] } : await deps.audit.list(slug, { offset, limit: end - offset });
  const entries = (await namedEntries(listed.entries, deps.people)).reverse();
  const model = { entries, total, page, pageSize: AUDIT_PAGE_SIZE, ...(verified ? { verified } : {}) };
  res.type('html').send(renderAuditPage(admin.frame, model));
}
