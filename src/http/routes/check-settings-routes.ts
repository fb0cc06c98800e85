import { Router, type Response } from 'express';
import { z } from 'zod';
import type { CheckSettingsService } from '../../services/check-settings-service.js';
import { MAX_SOURCES } from '../../services/check-settings-service.js';
import type { FalsePositiveService } from '../../services/false-positive-service.js';
import type { LiveCheckService } from '../../services/live-check-service.js';
import { callerOf, orgInPath, requireAdminOf } from '../auth.js';
import { newDraftSchema, submissionOf } from '../draft-schemas.js';
import { abortedOnClose } from '../abort-on-close.js';
import { parseRequest, toHttpError } from '../error-mapping.js';
import { presentAllowEntry } from '../presenters/allow-entry-presenter.js';
import { GRADE_NAMES } from '../../messages/zh-cn.js';

const count = (what: string) => z.number(`${what}须为整数`).int(`${what}须为整数`).min(0, `${what}须 ≥ 0`);

export const falsePositiveSchema = z.strictObject({
  version: z.number('须为版本号（整数）').int('须为整数').min(1, '须 ≥ 1'),
  finding: z.strictObject(
    {
      rule: z.string('规则编号须为字符串').min(1, '规则编号不能为空'),
      field: z.enum(['title', 'body'], '字段须为 title 或 body'),
      start: count('起点'),
      end: count('终点'),
    },
    '须为命中项 { rule, field, start, end }',
  ),
  reason: z
    .string('理由须为字符串')
    .trim()
    .min(1, '标记误报须填写理由，说明为何这段文字在本单位不是问题')
    .max(500, '理由不能超过 500 个字符'),
});

export const sourcesSchema = z.strictObject({
  sources: z
    .array(z.string('稿源单位须为字符串'), '须为稿源单位名称列表')
    .max(MAX_SOURCES, `稿源单位不能超过 ${MAX_SOURCES} 个`),
});

const orgParams = z.object({ slug: z.string() });
const entryParams = z.object({ slug: z.string(), id: z.string() });
const draftParams = z.object({ id: z.string() });

/** `/api/drafts/:id/findings`: a decider marks a finding of the current version as a false positive. */
export function falsePositiveRoutes(marks: FalsePositiveService): Router {
  const router = Router({ mergeParams: true });
  router.post('/false-positive', async (req, res) => {
    const { id } = parseRequest(draftParams, req.params, 'params');
    const mark = parseRequest(falsePositiveSchema, req.body);
    const result = await marks.mark(callerOf(res), id, mark);
    if (!result.ok) throw toHttpError(result.error);
    res.status(201).json(presentAllowEntry(result.value));
  });
  return router;
}

/** `/api/orgs/:slug/allow-entries` and `/api/orgs/:slug/sources` (admin): list and revoke, read and replace. */
export function orgCheckSettingsRoutes(settings: CheckSettingsService): Router {
  const router = Router({ mergeParams: true });
  const admin = requireAdminOf(orgInPath);
  const slugOf = (params: unknown) => parseRequest(orgParams, params, 'params').slug;
  const by = (res: Response) => callerOf(res).id;

  router.get('/allow-entries', admin, async (req, res) => {
    const result = await settings.allowEntries(slugOf(req.params));
    if (!result.ok) throw toHttpError(result.error);
    res.json({ entries: result.value.map(presentAllowEntry) });
  });

  router.delete('/allow-entries/:id', admin, async (req, res) => {
    const { slug, id } = parseRequest(entryParams, req.params, 'params');
    const result = await settings.revokeAllow(slug, id, by(res));
    if (!result.ok) throw toHttpError(result.error);
    res.json(presentAllowEntry(result.value));
  });

  router.get('/sources', admin, async (req, res) => {
    const result = await settings.sources(slugOf(req.params));
    if (!result.ok) throw toHttpError(result.error);
    res.json({ sources: result.value });
  });

  router.put('/sources', admin, async (req, res) => {
    const { sources } = parseRequest(sourcesSchema, req.body);
    const result = await settings.setSources(slugOf(req.params), sources, by(res));
    if (!result.ok) throw toHttpError(result.error);
    res.json({ sources: result.value });
  });
  return router;
}

/** `POST /api/check`: the report a draft would get now, stored nowhere; 429 with Retry-After when over the limit. */
export function liveCheckRoutes(live: LiveCheckService): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const { content } = submissionOf(parseRequest(newDraftSchema, req.body));
    const result = await live.check(callerOf(res), content, abortedOnClose(res));
    if (!result.ok) {
      if (result.error.code === 'rate_limited')
        res.set('Retry-After', String(result.error.retryAfterSeconds));
      throw toHttpError(result.error);
    }
    const { blocked, grade, findings } = result.value;
    res.json({ blocked, grade, grade_name: GRADE_NAMES[grade], findings });
  });
  return router;
}
