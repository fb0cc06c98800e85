import type { AuditEntry } from './audit-event.js';

/** The names of the people an entry refers to, by field (`actor`), as they are now. */
export type AuditNames = Record<string, string>;

/**
 * An entry as exported and listed: the hashed entry unchanged, with the names beside it. `names` is never part of
 * what is hashed, so the chain verifies with it removed (`hashedPart`).
 */
export type NamedAuditEntry = AuditEntry & { names: AuditNames };

export function withNames(entry: AuditEntry, nameOf: (id: string) => string | undefined): NamedAuditEntry {
  const actor = nameOf(entry.actor);
  return { ...entry, names: actor === undefined ? {} : { actor } };
}

/** The entry as hashed and chained, from an exported line. */
export function hashedPart(exported: AuditEntry & { names?: unknown }): AuditEntry {
  const { names: _names, ...entry } = exported;
  return entry;
}
