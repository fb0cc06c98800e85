import { Router, type Response } from 'express';
import type { DomainError } from '../../domain/domain-error.js';
import type { Publication } from '../../domain/publishing/publication.js';
import type { Result } from '../../domain/result.js';
import type { AllowEntry } from '../../services/check-settings-service.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import type { ReviewService } from '../../services/review-service.js';
import type { OriginalMark } from '../../services/ports/corrections.js';
import { abortedOnClose } from '../abort-on-close.js';
import { callerOf } from '../auth.js';
import {
  approveSchema,
  cancelScheduleSchema,
  draftParams,
  listQuerySchema,
  newDraftSchema,
  raiseGradeSchema,
  rejectSchema,
  revisedDraftSchema,
  submissionOf,
  targetParams,
  withdrawSchema,
} from '../draft-schemas.js';
import { toHttpError, parseRequest } from '../error-mapping.js';
import { presentDraft, presentStored, presentSummary } from '../presenters/draft-presenter.js';

const DEFAULT_LIST_LIMIT = 50;

/** Reads the publications of a draft's current version; absent while publishing is not wired. */
export type PublicationsOf = (found: DraftWithVersion) => Promise<Publication[]>;

/** `/api/drafts`: submit, revise, decide, read and list drafts, and read a draft's audit trail. */
export function draftRoutes(
  review: ReviewService,
  publicationsOf: PublicationsOf = () => Promise.resolve([]),
  /** The allow entries marked on a draft's current version (its findings show them); absent: none. */
  marksOf: (found: DraftWithVersion) => Promise<AllowEntry[]> = () => Promise.resolve([]),
  /** What corrected or retracted a published draft (更正/撤回); absent: corrections are not wired. */
  correctedBy?: (found: DraftWithVersion) => Promise<OriginalMark | undefined>,
): Router {
  const router = Router();

  const send = async (res: Response, result: Result<DraftWithVersion, DomainError>, status = 200) => {
    if (!result.ok) throw toHttpError(result.error);
    const [publications, marks, role, mark] = await Promise.all([
      publicationsOf(result.value),
      marksOf(result.value),
      review.mayDecide(callerOf(res), result.value),
      correctedBy?.(result.value),
    ]);
    const corrected = correctedBy ? { corrected_by: mark ?? null } : {};
    res.status(status).json(Object.assign(presentDraft(result.value, role, publications, marks), corrected));
  };

  /** A stored version: the slim answer, nothing read again after the commit. */
  const sendStored = (res: Response, result: Result<DraftWithVersion, DomainError>, status: number) => {
    if (!result.ok) throw toHttpError(result.error);
    res.status(status).json(presentStored(result.value));
  };

  router.post('/', async (req, res) => {
    const submission = submissionOf(parseRequest(newDraftSchema, req.body));
    sendStored(res, await review.submit(callerOf(res), submission, abortedOnClose(res)), 201);
  });

  router.get('/', async (req, res) => {
    const query = parseRequest(listQuerySchema, req.query, 'query');
    const records = await review.list(callerOf(res), {
      limit: query.limit ?? DEFAULT_LIST_LIMIT,
      ...(query.awaiting ? { awaitingMe: true } : {}),
      ...(query.status ? { statuses: query.status } : {}),
      ...(query.org !== undefined ? { org: query.org } : {}),
    });
    res.json({ drafts: records.map(presentSummary) });
  });

  router.get('/:id', async (req, res) => {
    await send(res, await review.get(callerOf(res), idOf(req.params)));
  });

  router.put('/:id', async (req, res) => {
    const { base_version: baseVersion, ...input } = parseRequest(revisedDraftSchema, req.body);
    const submission = submissionOf(input);
    const signal = abortedOnClose(res);
    const result = await review.revise(callerOf(res), idOf(req.params), baseVersion, submission, signal);
    sendStored(res, result, 200);
  });

  router.post('/:id/approve', async (req, res) => {
    const input = definedFields(parseRequest(approveSchema, req.body));
    await send(res, await review.approve(callerOf(res), idOf(req.params), input));
  });

  router.post('/:id/reject', async (req, res) => {
    const input = definedFields(parseRequest(rejectSchema, req.body));
    await send(res, await review.reject(callerOf(res), idOf(req.params), input));
  });

  router.post('/:id/grade', async (req, res) => {
    const input = definedFields(parseRequest(raiseGradeSchema, req.body));
    await send(res, await review.raiseGrade(callerOf(res), idOf(req.params), input));
  });

  // 重新发布: a target that failed for good is queued again; 202, since publishing happens after the answer.
  router.post('/:id/targets/:target/retry', async (req, res) => {
    const { id, target } = parseRequest(targetParams, req.params, 'params');
    await send(res, await review.retryTarget(callerOf(res), id, target), 202);
  });

  // 撤回: the drafter takes the draft back before anyone decided on it.
  router.post('/:id/withdraw', async (req, res) => {
    const input = definedFields(parseRequest(withdrawSchema, req.body));
    await send(res, await review.withdraw(callerOf(res), idOf(req.params), input));
  });

  // 撤销定时发布: the approved version is withdrawn before its time; the drafter may put a new version.
  router.post('/:id/schedule/cancel', async (req, res) => {
    const input = parseRequest(cancelScheduleSchema, req.body);
    await send(res, await review.cancelSchedule(callerOf(res), idOf(req.params), input));
  });

  router.get('/:id/audit', async (req, res) => {
    const result = await review.auditOf(callerOf(res), idOf(req.params));
    if (!result.ok) throw toHttpError(result.error);
    res.json({ entries: result.value });
  });

  return router;
}

type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/** Leaves out optional fields the client did not send (the service's inputs have no `undefined` members). */
function definedFields<T extends object>(input: T): Defined<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Defined<T>;
}

function idOf(params: unknown): string {
  return parseRequest(draftParams, params, 'params').id;
}
