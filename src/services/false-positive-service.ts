import { allowTextOf, isMarkable } from '../domain/checks/org-allow.js';
import type { DraftField } from '../domain/draft.js';
import type { Person } from '../domain/people.js';
import { err, type Result } from '../domain/result.js';
import type { AllowEntry, CheckSettingsError, CheckSettingsService } from './check-settings-service.js';
import type { DraftWithVersion } from '../domain/draft-record.js';
import type { ReviewService } from './review-service.js';

/** Which finding of which version is marked, and why. */
export interface FalsePositiveMark {
  version: number;
  finding: { rule: string; field: DraftField; start: number; end: number };
  reason: string;
}

export type FalsePositiveError =
  | CheckSettingsError
  // `while` tells these apart from the review's refusals of the same code: the text names the marking.
  | { code: 'draft_not_found'; id: string; while: 'marking' }
  | { code: 'stale_version'; current: number; given: number; while: 'marking' }
  | { code: 'not_decider' }
  | { code: 'finding_not_found' }
  | { code: 'finding_not_markable'; rule: string };

/** Deciders' false-positive marks (误报标记), which teach the organisation's checker. */
export interface FalsePositiveService {
  /** Marks one finding of the current version as a false positive: its text becomes an allow entry. */
  mark(by: Person, id: string, mark: FalsePositiveMark): Promise<Result<AllowEntry, FalsePositiveError>>;
  /** The allow entries marked on this version of the draft (shown on its findings as 已标记为误报). */
  marksOn(found: DraftWithVersion): Promise<AllowEntry[]>;
}

/**
 * Deciders teach the checker (误报标记): a person who may decide the draft's waiting stage marks one finding of
 * the current version as a false positive, and its text becomes an allow entry of the organisation. The current
 * version's report stays as it is; the next version, or a re-check, no longer has the finding.
 */
export function createFalsePositiveService(deps: {
  review: Pick<ReviewService, 'get' | 'mayDecide'>;
  settings: Pick<CheckSettingsService, 'addAllow' | 'allowEntries'>;
}): FalsePositiveService {
  return {
    async mark(
      by: Person,
      id: string,
      mark: FalsePositiveMark,
    ): Promise<Result<AllowEntry, FalsePositiveError>> {
      const found = await deps.review.get(by, id);
      if (!found.ok) return err({ code: 'draft_not_found', id, while: 'marking' });
      const { record, version } = found.value;
      if (mark.version !== version.number) {
        return err({ code: 'stale_version', current: version.number, given: mark.version, while: 'marking' });
      }
      if (!(await deps.review.mayDecide(by, asInReview(found.value)))) return err({ code: 'not_decider' });
      const { rule, field, start, end } = mark.finding;
      const finding = version.report.findings.find(
        (candidate) =>
          candidate.rule === rule &&
          candidate.field === field &&
          candidate.start === start &&
          candidate.end === end,
      );
      if (!finding) return err({ code: 'finding_not_found' });
      if (!isMarkable(finding)) return err({ code: 'finding_not_markable', rule });
      return deps.settings.addAllow(by, {
        text: allowTextOf(version.content, finding),
        finding: { rule, category: finding.category, field, start, end, text: finding.text },
        draft: record.id,
        version: version.number,
        reason: mark.reason.trim(),
      });
    },

    async marksOn(found: DraftWithVersion): Promise<AllowEntry[]> {
      const entries = await deps.settings.allowEntries(found.record.review.org);
      if (!entries.ok) return [];
      return entries.value.filter(
        (entry) => entry.draft === found.record.id && entry.version === found.version.number,
      );
    },
  };
}

/**
 * A blocked draft waits for its drafter, yet a false block is exactly what its first stage's decider must be able
 * to mark: they are asked as if the draft were in review. Other statuses stay as they are (nobody decides them).
 */
function asInReview(found: DraftWithVersion): DraftWithVersion {
  const { record } = found;
  if (record.review.status !== 'blocked') return found;
  return { ...found, record: { ...record, review: { ...record.review, status: 'in_review' } } };
}
