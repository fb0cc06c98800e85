import type { CorrectionKind } from '../../domain/correction.js';

/** A correction as what it answers keeps it: which draft, of which kind, started when and by whom. */
export interface CorrectionRef {
  draft: string;
  kind: CorrectionKind;
  at: string;
  by: string;
}

/** What a published correction left on its original: the correction and, once out, where it is. */
export interface OriginalMark extends CorrectionRef {
  /** The correction's published link (a retraction that deleted the original has none). */
  url?: string;
}

/**
 * Which correction answers which patrol alert, and which originals a published correction corrected or retracted.
 *
 * The adapter must guarantee: `linkAlert` is atomic per alert (of two racing callers exactly one links, the
 * other reads the winner); writes resolve once durable.
 * Deliberately not in the contract: the drafts themselves (the draft store keeps them).
 */
export interface CorrectionLedger {
  /** Links the alert to `correction` unless it has one already; answers the alert's correction either way. */
  linkAlert(org: string, alertId: string, correction: CorrectionRef): Promise<CorrectionRef>;
  /** Undoes `linkAlert` when its correction could not be submitted (only while it still names `draft`). */
  unlinkAlert(org: string, alertId: string, draft: string): Promise<void>;
  alertCorrections(org: string, alertIds: readonly string[]): Promise<Map<string, CorrectionRef>>;
  /** Marks an original (its draft id, or `target|article_id` for one published around qianfa) corrected. */
  markOriginal(org: string, original: string, mark: OriginalMark): Promise<void>;
  originalMark(org: string, original: string): Promise<OriginalMark | undefined>;
}
