import type { AuditEntry } from '../audit/audit-event.js';
import { GRADES, type Grade } from '../checks/finding.js';
import { beijingDay } from './calendar-days.js';
import type { ReportPeriod } from './report-period.js';

/** How long sign-off took: drafts finally approved in a period, hours from first submission to final approval. */
interface ReviewSummary {
  drafts: number;
  /** Hours, one decimal; null without drafts. */
  medianHours: number | null;
  p90Hours: number | null;
}

/** Review times of the drafts of one grade. */
export interface ReviewTimes extends ReviewSummary {
  grade: Grade;
}

/** Review times of the drafts that name one account among their targets (all grades). */
export interface AccountReviewTimes extends ReviewSummary {
  target: string;
}

interface DraftTrack {
  submittedAt?: string;
  grade?: Grade;
  approvals: { at: string; grade: Grade }[];
}

/** One final approval in the period: its draft, the grade it was approved at and the hours it took. */
interface ReviewSample {
  draft: string;
  grade: Grade;
  hours: number;
}

/**
 * Review times per grade from an organisation's audit trail: submission (`created`) to the final approval
 * (`approved` with `final`), for approvals on a day of `period`; the grade is the draft's at that approval
 * (raised grades and new versions included). Median and 90th percentile by nearest rank.
 */
export function reviewTimesOf(entries: readonly AuditEntry[], period: ReportPeriod): ReviewTimes[] {
  const samples = samplesOf(entries, period);
  return GRADES.map((grade) => ({
    grade,
    ...summarise(samples.filter((sample) => sample.grade === grade).map((sample) => sample.hours)),
  }));
}

/**
 * The same review times per account, in the order of `targets`: the audit trail names the draft, `draftTargets`
 * the accounts it targets (a draft for two accounts counts for each).
 */
export function reviewTimesByAccount(
  entries: readonly AuditEntry[],
  period: ReportPeriod,
  draftTargets: ReadonlyMap<string, readonly string[]>,
  targets: readonly string[],
): AccountReviewTimes[] {
  const samples = samplesOf(entries, period);
  return targets.map((target) => ({
    target,
    ...summarise(
      samples
        .filter((sample) => draftTargets.get(sample.draft)?.includes(target) === true)
        .map((sample) => sample.hours),
    ),
  }));
}

function samplesOf(entries: readonly AuditEntry[], period: ReportPeriod): ReviewSample[] {
  const samples: ReviewSample[] = [];
  for (const [draft, track] of tracksOf(entries)) {
    if (track.submittedAt === undefined) continue;
    for (const approval of track.approvals) {
      const day = beijingDay(new Date(approval.at));
      if (day < period.from || day > period.to) continue;
      const hours = (Date.parse(approval.at) - Date.parse(track.submittedAt)) / 3_600_000;
      samples.push({ draft, grade: approval.grade, hours });
    }
  }
  return samples;
}

function tracksOf(entries: readonly AuditEntry[]): Map<string, DraftTrack> {
  const tracks = new Map<string, DraftTrack>();
  for (const entry of entries) {
    const track = tracks.get(entry.draft) ?? { approvals: [] };
    tracks.set(entry.draft, track);
    const grade = gradeAfter(entry);
    if (grade !== undefined) track.grade = grade;
    if (entry.action === 'created' && track.submittedAt === undefined) track.submittedAt = entry.at;
    if (entry.action === 'approved' && entry.details['final'] === true && track.grade !== undefined)
      track.approvals.push({ at: entry.at, grade: track.grade });
  }
  return tracks;
}

/** The grade an entry sets: at submission and each new version, or when a reviewer raises it. */
function gradeAfter(entry: AuditEntry): Grade | undefined {
  const field = entry.action === 'grade_raised' ? 'to' : 'grade';
  if (!['created', 'new_version', 'grade_raised'].includes(entry.action)) return undefined;
  const value = entry.details[field];
  return GRADES.find((grade) => grade === value);
}

function summarise(hours: readonly number[]): ReviewSummary {
  const sorted = [...hours].sort((a, b) => a - b);
  const rank = (share: number): number | null => {
    if (sorted.length === 0) return null;
    const value = sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? 0;
    return Math.round(value * 10) / 10;
  };
  return { drafts: sorted.length, medianHours: rank(0.5), p90Hours: rank(0.9) };
}
