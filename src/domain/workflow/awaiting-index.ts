import type { DraftRecord } from '../draft-record.js';
import type { Role } from '../people.js';
import { currentStageIndex } from './review-state.js';

/**
 * Where a draft belongs in the "awaiting me" indexes after a change: the role its waiting stage needs and since
 * when it waits (longest-waiting first), and the people it is back with (returned or blocked: its drafter and the
 * author of its current version). Readers check every entry again, so an index may hold a draft too many, never
 * one too few.
 */
export interface AwaitingEntry {
  waiting?: { role: Role; since?: string };
  returnedTo: readonly string[];
}

/** `versionAt`: when the change stored a new version, its time (the first stage waits since then). */
export function awaitingEntryOf(record: DraftRecord, versionAt?: string): AwaitingEntry {
  const { review } = record;
  const index = review.status === 'in_review' ? currentStageIndex(review) : undefined;
  const stage = index === undefined ? undefined : review.stages[index];
  const since = index === undefined || index === 0 ? versionAt : review.stages[index - 1]?.decision?.at;
  const back = review.status === 'rejected' || review.status === 'blocked';
  return {
    returnedTo: back ? [...new Set([review.drafter.id, review.version.author.id])] : [],
    ...(stage ? { waiting: { role: stage.role, ...(since ? { since } : {}) } } : {}),
  };
}
