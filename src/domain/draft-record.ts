import type { CheckReport } from './checks/finding.js';
import type { DraftContent } from './draft-content.js';
import type { PersonRef } from './people.js';
import type { Target } from './accounts.js';
import type { ReviewState } from './workflow/review-state.js';

/** One version of a draft as submitted, with its check report. Written once, never changed. */
export interface StoredVersion {
  number: number;
  /** contentHash(content): approvals are bound to it. */
  hash: string;
  content: DraftContent;
  report: CheckReport;
  author: PersonRef;
  at: string;
}

/** The text that will be published: the approved version with the tail stamped from who signed. */
export interface FinalText {
  title: string;
  body: string;
  tail: string;
}

/** A draft (稿件) as stored: its review state and what lists need, without the versions' content. */
export interface DraftRecord {
  id: string;
  /** 1 when created, +1 on every change: the compare-and-set token. */
  revision: number;
  /** The current version's title, for lists. */
  title: string;
  /** The current version's targets, for lists (absent in records stored before they carried them). */
  targets?: readonly Target[];
  review: ReviewState;
  createdAt: string;
  updatedAt: string;
  /** Set once every stage has approved. */
  final?: FinalText;
}

/** A stored draft read together with its current version. */
export interface DraftWithVersion {
  record: DraftRecord;
  version: StoredVersion;
}
