import type { AuditCheckpoint } from '../../domain/audit/audit-chain.js';
import type { AuditEntry, AuditEvent } from '../../domain/audit/audit-event.js';

/** The newest entry of an organisation's audit chain; `seq + 1` entries precede and include it. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** One page of an audit chain, oldest first, with the chain's length at the time of reading. */
export interface AuditPage {
  entries: AuditEntry[];
  total: number;
}

/**
 * Append-only, per-organisation audit chains (R43).
 *
 * The adapter must guarantee:
 * - `append` links the event after the organisation's current head (`prev` = its hash, `seq` = its seq + 1,
 *   0 and GENESIS_HASH for the first) and stores entry and head in one atomic step; concurrent appends, also
 *   from other processes, never fork the chain or reuse a seq;
 * - a promise resolves only after the write is durable;
 * - entries are never rewritten or deleted, and the head is stored apart from the entries, so removing the
 *   newest entries is detectable by `verifyChain(entries, head)`;
 * - `snapshot` reads entries and head at one instant.
 *
 * Deliberately not in the contract: who may read or append (the HTTP layer decides), and whether the org exists.
 */
export interface AuditLog {
  append(event: AuditEvent): Promise<AuditEntry>;
  /** Entries from `offset` (0-based position in the chain), at most `limit` of them. */
  list(org: string, page: { offset: number; limit: number }): Promise<AuditPage>;
  /** Every entry, oldest first (for export). */
  all(org: string): Promise<AuditEntry[]>;
  /** The entries of one draft, oldest first. */
  forDraft(org: string, draft: string): Promise<AuditEntry[]>;
  /** Null while the organisation has no entry. */
  head(org: string): Promise<AuditHead | null>;
  /**
   * The chain as it stood at one instant (head, checkpoint and the entries that existed then; later appends are
   * not read), its entries read in pages of `pageSize`, oldest first: verifying or exporting a chain of any
   * length takes memory for one page. Reading fails with AuditTrimmedError when retention trims the chain
   * meanwhile (read it again).
   */
  pages(org: string, pageSize: number): Promise<AuditPages>;
  /** Every entry and the head, read together (for verification of short chains, e.g. in tests). */
  snapshot(
    org: string,
  ): Promise<{ entries: AuditEntry[]; head: AuditHead | null; checkpoint?: AuditCheckpoint | undefined }>;
}

/** A chain read in pages: see AuditLog.pages. */
export interface AuditPages {
  head: AuditHead | null;
  checkpoint?: AuditCheckpoint | undefined;
  entries: AsyncIterable<AuditEntry[]>;
}

/** Retention removed entries from the chain's start while it was being read in pages. */
export class AuditTrimmedError extends Error {
  override readonly name = 'AuditTrimmedError';
}

/** Removes a chain's entries written before a time, keeping a checkpoint to verify the rest from. */
export interface AuditRetention {
  /** Only for a chain whose entries name no draft (the gateway's own); returns how many were removed. */
  trimBefore(org: string, cutoff: Date): Promise<number>;
}
