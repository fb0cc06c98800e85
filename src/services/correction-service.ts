import { alertIdOf, type AdminAlert } from '../domain/admin-alert.js';
import type { Clock } from '../domain/clock.js';
import type { DomainError } from '../domain/domain-error.js';
import {
  alertFindingTexts,
  correctionText,
  CORRECTABLE_ALERTS,
  type CorrectedOriginal,
  type CorrectionKind,
  type CorrectionLink,
} from '../domain/correction.js';
import type { Target } from '../domain/draft-content.js';
import type { DraftRecord, DraftWithVersion } from '../domain/draft-record.js';
import { beijingDay } from '../domain/monitor/calendar-days.js';
import type { Person } from '../domain/people.js';
import type { Publication } from '../domain/publishing/publication.js';
import { err, type Result } from '../domain/result.js';
import type { ReviewStatus } from '../domain/workflow/review-state.js';
import type { AdminAlerts } from './ports/alerts.js';
import type { AuditLog } from './ports/audit.js';
import type { CorrectionLedger, CorrectionRef, OriginalMark } from './ports/corrections.js';
import type { DraftStore } from './ports/drafts.js';
import type { OneTimeMarks } from './ports/one-time-marks.js';
import { SYSTEM_ACTOR } from './publishing/publication-records.js';
import type { ReviewService } from './review-service.js';

/** What a person asks for: the kind, and optionally their own wording instead of the pre-filled one. */
export interface CorrectionRequest {
  kind: CorrectionKind;
  title?: string;
  body?: string;
  /** Which published target of the original; default its first. */
  target?: Target;
}

export type CorrectionError =
  | { code: 'alert_not_found'; id: string }
  /** The alert is not the patrol's, or the draft is not published (on that target). */
  | { code: 'not_correctable'; reason: 'alert_kind' | 'not_published' };

type CorrectionAnswer = Promise<Result<DraftWithVersion, DomainError | CorrectionError>>;

/** A patrol alert with its id and, once someone started one, its correction and where that stands. */
export type AlertWithCorrection = AdminAlert & {
  id: string;
  correction?: CorrectionRef & { status: ReviewStatus | 'unknown' };
};

/**
 * Corrections and retractions of published articles (更正/撤回, seed 004 art. 25): a draft pre-filled from the
 * original, linked to it (`content.corrects`), through the same graded sign-off at the original's grade or above.
 */
export interface CorrectionService {
  fromAlert(by: Person, org: string, alertId: string, request: CorrectionRequest): CorrectionAnswer;
  fromDraft(by: Person, draftId: string, request: CorrectionRequest): CorrectionAnswer;
  /** The organisation's alerts, each with its id and its correction's status. */
  alerts(org: string, limit: number): Promise<AlertWithCorrection[]>;
  /** A correction was published: its original is marked and the fact audited, once. */
  settle(committed: DraftWithVersion): Promise<void>;
  /** What corrected or retracted this original, if anything. */
  markOf(record: DraftRecord): Promise<OriginalMark | undefined>;
}

export interface CorrectionDeps {
  review: Pick<ReviewService, 'submit' | 'get'>;
  drafts: Pick<DraftStore, 'records' | 'list' | 'get'>;
  publications: (draft: string) => Promise<Publication[]>;
  alerts: Pick<AdminAlerts, 'list'>;
  ledger: CorrectionLedger;
  audit: Pick<AuditLog, 'append'>;
  marks: Pick<OneTimeMarks, 'claim'>;
  now: Clock;
  newId: () => string;
}

/** Alerts searched for the one named (the store keeps at most this many). */
const ALERTS_SEARCHED = 1_000;
/** Published drafts searched for the original of an alert's article. */
const ORIGINALS_SEARCHED = 500;
/** How long a settled correction is remembered as settled (its follow-up never runs that late). */
const SETTLED_TTL_MS = 365 * 24 * 60 * 60_000;

type Refusal = { ok: false; error: DomainError | CorrectionError };

export function createCorrectionService(deps: CorrectionDeps): CorrectionService {
  const { review, ledger, now } = deps;

  /** Submits the correction as `by`, at the original's grade or above. */
  const submit = (
    by: Person,
    link: CorrectionLink,
    text: { title: string; body: string },
    floor?: DraftRecord,
    id?: string,
  ) =>
    review.submit(by, {
      ...(id ? { id } : {}),
      content: { ...text, format: 'text', kind: 'original', targets: [link.target], corrects: link },
      ...(floor ? { grade: floor.review.grade } : {}),
    });

  return {
    async fromDraft(by, draftId, request) {
      const found = await review.get(by, draftId);
      if (!found.ok) return found;
      const { record, version } = found.value;
      const foreign = refuseForeign(by, record.review.org);
      if (foreign) return foreign;
      const published = (await deps.publications(draftId)).filter(
        (p) => p.version === version.number && p.status === 'published',
      );
      const chosen = published.find((p) => request.target === undefined || p.target === request.target);
      if (record.review.status !== 'published' || !chosen) return notPublished();
      const link = linkOf(request.kind, chosen, record, draftId);
      const original: CorrectedOriginal = {
        title: record.title,
        body: record.final?.body ?? version.content.body,
        format: version.content.format ?? 'text',
        day: beijingDay(new Date(chosen.updatedAt)),
      };
      return submit(by, link, wording(request, correctionText(request.kind, original, link, [])), record);
    },

    async fromAlert(by, org, alertId, request) {
      const alert = (await deps.alerts.list(org, ALERTS_SEARCHED)).find((a) => alertIdOf(a) === alertId);
      if (!alert) return err({ code: 'alert_not_found', id: alertId });
      if (!CORRECTABLE_ALERTS.has(alert.kind) || !alert.target) {
        return err({ code: 'not_correctable', reason: 'alert_kind' });
      }
      const foreign = refuseForeign(by, org);
      if (foreign) return foreign;
      const original = await originalOf(deps, org, alert);
      const link = alertLink(request.kind, { ...alert, target: alert.target }, original?.record.id);
      const text = correctionText(
        request.kind,
        originalText(alert, original),
        link,
        alertFindingTexts(alert),
      );
      const ref = { draft: deps.newId(), kind: request.kind, at: now().toISOString(), by: by.id };
      // One correction per alert: a second click (or a race) gets the first one's draft.
      const linked = await ledger.linkAlert(org, alertId, ref);
      const submitted = await submit(by, link, wording(request, text), original?.record, linked.draft);
      // Refused (say, the caller does not draft): the alert is free for someone who may.
      if (!submitted.ok && linked.draft === ref.draft) await ledger.unlinkAlert(org, alertId, ref.draft);
      return submitted;
    },

    async alerts(org, limit) {
      const alerts = (await deps.alerts.list(org, limit)).map((alert) => ({
        ...alert,
        id: alertIdOf(alert),
      }));
      const links = await ledger.alertCorrections(
        org,
        alerts.map((alert) => alert.id),
      );
      const records = await deps.drafts.records([...links.values()].map((ref) => ref.draft));
      const statusOf = (draft: string) => records.find((r) => r.id === draft)?.review.status ?? 'unknown';
      return alerts.map((alert) => {
        const ref = links.get(alert.id);
        return ref ? { ...alert, correction: { ...ref, status: statusOf(ref.draft) } } : alert;
      });
    },

    async settle(committed) {
      const { record, version } = committed;
      const link = version.content.corrects;
      if (!link || record.review.status !== 'published') return;
      if (!(await deps.marks.claim(`correction:settled:${record.id}`, SETTLED_TTL_MS))) return;
      const at = now().toISOString();
      const published = (await deps.publications(record.id)).find(
        (p) => p.version === version.number && p.status === 'published',
      );
      const by = record.review.drafter.id;
      const mark: OriginalMark = {
        draft: record.id,
        kind: link.kind,
        at,
        by,
        ...(published?.url ? { url: published.url } : {}),
      };
      const org = record.review.org;
      await ledger.markOriginal(org, originalKeyOf(link), mark);
      await deps.audit.append({
        action: link.kind === 'retraction' ? 'retracted' : 'corrected',
        org,
        draft: link.draft ?? record.id,
        actor: SYSTEM_ACTOR,
        at,
        details: {
          correction: record.id,
          target: link.target,
          url: link.url,
          ...(mark.url ? { correction_url: mark.url } : {}),
        },
      });
    },

    markOf: (record) => ledger.originalMark(record.review.org, record.id),
  };
}

/** Where a correction's mark on its original is kept: the original's draft, else its article on its account. */
export function originalKeyOf(link: CorrectionLink): string {
  return link.draft ?? `${link.target}|${link.article_id ?? link.url}`;
}

/** Only people of the organisation draft its corrections (an installation admin administers, never drafts). */
function refuseForeign(by: Person, org: string): Refusal | undefined {
  return by.org === org ? undefined : err({ code: 'wrong_org', org, actual: by.org });
}

function notPublished(): Refusal {
  return err({ code: 'not_correctable', reason: 'not_published' });
}

function wording(request: CorrectionRequest, text: { title: string; body: string }) {
  return { title: request.title ?? text.title, body: request.body ?? text.body };
}

function linkOf(
  kind: CorrectionKind,
  publication: Publication,
  record: DraftRecord,
  draft: string,
): CorrectionLink {
  const articleId =
    publication.ids?.['article_id'] ?? publication.ids?.['post_id'] ?? publication.ids?.['idstr'];
  return {
    kind,
    draft,
    target: publication.target,
    url: publication.url ?? '',
    ...(articleId ? { article_id: articleId } : {}),
    title: record.title,
  };
}

function alertLink(
  kind: CorrectionKind,
  alert: AdminAlert & { target: Target },
  draft: string | undefined,
): CorrectionLink {
  const details = alert.details ?? {};
  const articleId = details['article_id'];
  return {
    kind,
    ...(draft ? { draft } : {}),
    target: alert.target,
    url: details['url'] ?? '',
    ...(articleId ? { article_id: articleId } : {}),
    title: details['title'] ?? '',
  };
}

function originalText(alert: AdminAlert, original: DraftWithVersion | undefined): CorrectedOriginal {
  if (!original) return { title: alert.details?.['title'] ?? '', body: '', format: 'text' };
  const { record, version } = original;
  return {
    title: record.title,
    body: record.final?.body ?? version.content.body,
    format: version.content.format ?? 'text',
  };
}

/** The published draft an alert's article came from, when qianfa published it. */
async function originalOf(
  deps: CorrectionDeps,
  org: string,
  alert: AdminAlert,
): Promise<DraftWithVersion | undefined> {
  const details = alert.details ?? {};
  const matches = (p: Publication) =>
    p.status === 'published' &&
    p.target === alert.target &&
    ((details['article_id'] !== undefined && Object.values(p.ids ?? {}).includes(details['article_id'])) ||
      (details['url'] !== undefined && p.url === details['url']));
  const drafts = await deps.drafts.list(org, { statuses: ['published'], limit: ORIGINALS_SEARCHED });
  for (const record of drafts) {
    if (!(await deps.publications(record.id)).some(matches)) continue;
    return (await deps.drafts.get(record.id)) ?? undefined;
  }
  return undefined;
}
