import type { AuditEntry, AuditEvent } from './audit-event.js';
import { GENESIS_HASH } from './audit-event.js';
import type { JsonObject } from './canonical-json.js';
import { canonicalSha256 } from './canonical-json.js';

/** Why an entry fails verification. */
export type ChainBreak =
  /** Its content no longer matches its own hash. */
  | 'changed'
  /** Its `prev` does not match the entry before it: that one was changed and re-hashed, or replaced. */
  | 'link_broken'
  /** Entries before it are missing (its `seq` skips ahead), or the chain is shorter than its known head. */
  | 'removed'
  /** It is out of place: its `seq` goes backwards, or the expected entry comes later in the list. */
  | 'reordered';

export type ChainVerification =
  | { ok: true; count: number; head: string }
  | { ok: false; index: number; seq: number | undefined; reason: ChainBreak };

/** What an entry is linked after: the previous entry, or an organisation's chain head, which carries the same two. */
export type ChainLink = Pick<AuditEntry, 'seq' | 'hash'>;

/** Links an event after `prev` (undefined for an organisation's first entry). */
export function appendEntry(prev: ChainLink | undefined, event: AuditEvent): AuditEntry {
  // Object.assign onto a new object, not `{ ...event, seq, prev }`: see docs/scaling.md, "Hidden classes".
  const linked = Object.assign({}, event, {
    seq: prev ? prev.seq + 1 : 0,
    prev: prev ? prev.hash : GENESIS_HASH,
  });
  // Its hash set on it, last as in a copy, without copying the entry (and its report's reference) again.
  return Object.assign(linked, { hash: hashOf(linked) });
}

/** SHA-256 (hex) of the canonical form of an entry, ignoring its `hash` field. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...content } = entry;
  return hashOf(content);
}

/**
 * Verifies a whole chain from its first entry and returns the first bad index.
 * A chain alone cannot show that its newest entries were cut off; pass the `head` stored elsewhere
 * (count and last hash) to detect that too.
 */
export function verifyChain(
  entries: readonly AuditEntry[],
  head?: { count: number; hash: string },
): ChainVerification {
  return verifyChainFrom(entries, undefined, head);
}

/**
 * The last entry removed by retention (trimAuditBefore): the kept chain must continue from it, so verifying
 * from it proves nothing after it was changed, removed or reordered.
 */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
}

/** Verifies a chain whose entries up to `checkpoint` were trimmed; `head.count` counts those too. */
export function verifyChainFrom(
  entries: readonly AuditEntry[],
  checkpoint: AuditCheckpoint | undefined,
  head?: { count: number; hash: string },
): ChainVerification {
  const verifier = chainVerifier(checkpoint);
  for (const entry of entries) verifier.add(entry);
  return verifier.result(head);
}

/** A chain verified entry by entry, oldest first: constant memory, so a chain of any length can be read in pages. */
export interface ChainVerifier {
  add(entry: AuditEntry): void;
  /** A break is certain: the rest need not be read. */
  readonly broken: boolean;
  /** The verdict on everything added, against the head stored elsewhere (count and last hash) when given. */
  result(head?: { count: number; hash: string }): ChainVerification;
}

type Break = Extract<ChainVerification, { ok: false }>;

export function chainVerifier(checkpoint?: AuditCheckpoint): ChainVerifier {
  let previous: AuditCheckpoint | undefined = checkpoint;
  let index = 0;
  let found: Break | undefined;
  // A seq skipped ahead: removed, unless the missing seq comes later (then reordered), so later entries are
  // only looked at for it.
  let gap: { at: Break; missingSeq: number } | undefined;
  return {
    add(entry) {
      if (found) return;
      if (gap) {
        if (entry.seq === gap.missingSeq) found = { ...gap.at, reason: 'reordered' };
      } else {
        const expectedSeq = previous ? previous.seq + 1 : 0;
        const at: Break = { ok: false, index, seq: entry.seq, reason: 'removed' };
        if (entry.seq > expectedSeq) gap = { at, missingSeq: expectedSeq };
        const reason = entry.seq > expectedSeq ? undefined : breakAt(entry, previous);
        if (reason) found = { ...at, reason };
        previous = entry;
      }
      index += 1;
    },
    get broken() {
      return found !== undefined;
    },
    result(head) {
      if (found) return found;
      if (gap) return gap.at;
      const lastHash = previous?.hash ?? GENESIS_HASH;
      const count = (checkpoint ? checkpoint.seq + 1 : 0) + index;
      if (head && (head.count !== count || head.hash !== lastHash)) {
        return { ok: false, index, seq: undefined, reason: 'removed' };
      }
      return { ok: true, count: index, head: lastHash };
    },
  };
}

/** What is wrong with an entry whose seq is not ahead of the expected one. */
function breakAt(entry: AuditEntry, previous: AuditCheckpoint | undefined): ChainBreak | undefined {
  const expectedSeq = previous ? previous.seq + 1 : 0;
  if (entry.seq < expectedSeq) return 'reordered';
  if (entryHash(entry) !== entry.hash) return 'changed';
  if (entry.prev !== (previous?.hash ?? GENESIS_HASH)) return 'link_broken';
  return undefined;
}

function hashOf(content: object): string {
  return canonicalSha256(content as JsonObject);
}
