import { Router, type Response } from 'express';
import { z } from 'zod';
import { TARGET_PATTERN, type Target } from '../../domain/accounts.js';
import type { DomainError } from '../../domain/domain-error.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import type { Result } from '../../domain/result.js';
import type {
  CorrectionError,
  CorrectionRequest,
  CorrectionService,
} from '../../services/correction-service.js';
import { callerOf } from '../auth.js';
import { parseRequest, toHttpError } from '../error-mapping.js';
import { presentStored } from '../presenters/draft-presenter.js';

/** What a person may give: the kind, and their own wording instead of the pre-filled one. */
export const correctionSchema = z.strictObject({
  kind: z.enum(['correction', 'retraction'], '类型须为 correction（更正）或 retraction（撤回）'),
  title: z
    .string('标题须为字符串')
    .trim()
    .min(1, '标题不能为空')
    .max(200, '标题不能超过 200 个字符')
    .optional(),
  body: z
    .string('正文须为字符串')
    .refine((body) => body.trim() !== '', '正文不能为空')
    .optional(),
  target: z
    .string('发布目标须为字符串')
    .regex(TARGET_PATTERN, '发布目标须形如 wechat:账号 或 weibo:账号')
    .transform((value) => value as Target)
    .optional(),
});

const idParams = z.object({ id: z.string() });
const orgQuery = z.object({ org: z.string('须给出单位标识') });

/** The request as the service takes it: fields the client did not send left out. */
function requestOf(body: unknown): CorrectionRequest {
  const input = parseRequest(correctionSchema, body);
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as unknown as CorrectionRequest;
}

/** 201 with the correction draft (the slim answer of a submitted draft). */
function sendCorrection(res: Response, result: Result<DraftWithVersion, DomainError | CorrectionError>) {
  if (!result.ok) throw toHttpError(result.error);
  res.status(201).json(presentStored(result.value));
}

/** `POST /api/drafts/:id/correction`: a correction or retraction of a published draft, by hand. */
export function draftCorrectionRoutes(corrections: CorrectionService): Router {
  const router = Router({ mergeParams: true });
  router.post('/', async (req, res) => {
    const { id } = parseRequest(idParams, req.params, 'params');
    sendCorrection(res, await corrections.fromDraft(callerOf(res), id, requestOf(req.body)));
  });
  return router;
}

/** `POST /api/alerts/:id/correction?org=`: one click from a patrol alert (mounted behind the alerts' admin check). */
export function alertCorrectionRoute(corrections: CorrectionService): Router {
  const router = Router();
  router.post('/:id/correction', async (req, res) => {
    const { id } = parseRequest(idParams, req.params, 'params');
    const { org } = parseRequest(orgQuery, req.query, 'query');
    sendCorrection(res, await corrections.fromAlert(callerOf(res), org, id, requestOf(req.body)));
  });
  return router;
}
