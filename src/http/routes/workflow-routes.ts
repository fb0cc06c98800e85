import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppliedWorkflow, WorkflowService } from '../../services/workflow-service.js';
import { callerOf, orgInPath, requireAdminOf } from '../auth.js';
import { parseRequest, toHttpError } from '../error-mapping.js';

export const workflowSchema = z.strictObject({
  yaml: z
    .string('yaml 须为审签流程的 YAML 文本')
    .min(1, 'yaml 不能为空')
    .max(64_000, 'yaml 不能超过 64000 个字符'),
  revision: z.number('revision 须为整数').int('revision 须为整数').min(0, 'revision 须 ≥ 0').optional(),
});

const revisionQuery = z.object({ revision: z.coerce.number().int().min(0).optional() });

const orgParams = z.object({ slug: z.string() });

/**
 * `/api/orgs/:slug/workflow` (admin): GET the workflow as it applies (and its YAML), PUT a YAML override
 * (validated as `qianfa validate` does; `revision` refuses it if someone changed it since), DELETE the override.
 */
export function workflowRoutes(workflows: WorkflowService): Router {
  const router = Router({ mergeParams: true });
  const admin = requireAdminOf(orgInPath);
  const slugOf = (params: unknown) => parseRequest(orgParams, params, 'params').slug;
  const by = (res: Response) => ({ id: callerOf(res).id });

  router.get('/', admin, async (req, res) => {
    const current = await workflows.current(slugOf(req.params));
    if (!current.ok) throw toHttpError(current.error);
    res.json(presentWorkflow(slugOf(req.params), current.value));
  });

  router.put('/', admin, async (req, res) => {
    const { yaml, revision } = parseRequest(workflowSchema, req.body);
    const slug = slugOf(req.params);
    const saved = await workflows.save(slug, yaml, by(res), revision);
    if (!saved.ok) throw toHttpError(saved.error);
    res.json({ ...presentWorkflow(slug, saved.value.applied), warnings: saved.value.warnings });
  });

  router.delete('/', admin, async (req, res) => {
    const slug = slugOf(req.params);
    const { revision } = parseRequest(revisionQuery, req.query, 'query');
    const reset = await workflows.reset(slug, by(res), revision);
    if (!reset.ok) throw toHttpError(reset.error);
    res.json(presentWorkflow(slug, reset.value));
  });
  return router;
}

function presentWorkflow(org: string, applied: AppliedWorkflow) {
  return {
    org,
    revision: applied.revision,
    overridden: applied.overridden,
    ...(applied.changed ? { changed_by: applied.changed.by, changed_at: applied.changed.at } : {}),
    yaml: applied.text,
    chains: applied.definition.chains,
    tails: applied.definition.tails,
  };
}
