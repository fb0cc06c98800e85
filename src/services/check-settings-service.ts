import type { AuditEvent } from '../domain/audit/audit-event.js';
import type { CheckScope } from '../domain/checks/check-scope.js';
import type { Category } from '../domain/checks/finding.js';
import { isLongEnough } from '../domain/checks/org-allow.js';
import type { DraftField } from '../domain/draft.js';
import { foldKey } from '../domain/matching/fold-table.js';
import { personRef, type Person, type PersonRef } from '../domain/people.js';
import { err, ok, type Result } from '../domain/result.js';
import { NO_DRAFT } from './audit-service.js';
import type { AuditLog } from './ports/audit.js';
import type { PeopleStore } from './ports/people.js';
import type { Clock } from '../domain/clock.js';

/** An organisation allow entry: a finding a decider marked as a false positive (误报), with where it came from. */
export interface AllowEntry {
  id: string;
  org: string;
  /** The finding's text folded as the matcher folds: what the checker drops next time in this organisation. */
  text: string;
  /** The finding as it was marked. */
  finding: { rule: string; category: Category; field: DraftField; start: number; end: number; text: string };
  draft: string;
  version: number;
  reason: string;
  by: PersonRef;
  at: string;
}

/** Where an organisation's check settings are kept; see RedisCheckSettingsStore. */
export interface CheckSettingsStore {
  /** Adds the entry unless the organisation has one with the same text; then that one's id. */
  addAllow(entry: AllowEntry): Promise<{ added: true } | { added: false; existing: string }>;
  /** Removes and returns the entry; null when there is none. */
  removeAllow(org: string, id: string): Promise<AllowEntry | null>;
  listAllow(org: string): Promise<AllowEntry[]>;
  sources(org: string): Promise<string[]>;
  setSources(org: string, sources: readonly string[]): Promise<void>;
  /** Raised by every change of the organisation's settings, by any process. */
  revision(org: string): Promise<number>;
}

export type CheckSettingsError =
  | { code: 'org_not_found'; slug: string }
  | { code: 'allow_entry_not_found'; id: string }
  | { code: 'allow_entry_too_short'; text: string }
  | { code: 'allow_entry_exists'; id: string; text: string }
  | { code: 'invalid_source'; source: string };

/** The organisation's settings as the checker takes them. */
export type OrgCheckScope = Required<Omit<CheckScope, 'date'>>;

/** The settings a version is checked with, and the revision they are at (see `checkingSettingsFor`). */
export interface CheckingSettings {
  scope: OrgCheckScope;
  revision: number;
}

/** An organisation's own check settings: allow entries (taught by deciders) and authorised sources. */
export interface CheckSettingsService {
  /** The organisation's allow entries and sources, for `check(draft, scope)`. */
  scopeFor(org: string): Promise<OrgCheckScope>;
  /**
   * As scopeFor, with the revision the settings are at. `cached`: the ones this process read last, when it read
   * any, without asking Redis: for a version whose commit checks that the revision still stands (and is checked
   * again on a fresh read when it does not), so no version is stored with a report made on replaced settings.
   */
  checkingSettingsFor(org: string, options?: { cached: boolean }): Promise<CheckingSettings>;
  /** Every allow entry of the organisation (from the cache when nothing changed). */
  allowEntries(org: string): Promise<Result<AllowEntry[], CheckSettingsError>>;
  /** Stores a marked finding as an allow entry, audited on the draft it came from. */
  addAllow(
    by: Person,
    input: Omit<AllowEntry, 'id' | 'org' | 'text' | 'by' | 'at'> & { text: string },
  ): Promise<Result<AllowEntry, CheckSettingsError>>;
  /** Removes an allow entry (admin): the finding it dropped comes back on the next check. */
  revokeAllow(org: string, id: string, by: string): Promise<Result<AllowEntry, CheckSettingsError>>;
  sources(org: string): Promise<Result<string[], CheckSettingsError>>;
  /** Replaces the organisation's own authorised sources (names trimmed, repeats dropped), audited. */
  setSources(
    org: string,
    given: readonly string[],
    by: string,
  ): Promise<Result<string[], CheckSettingsError>>;
}

/** Longest source name kept, and most sources per organisation. */
export const MAX_SOURCE_LENGTH = 60;
export const MAX_SOURCES = 500;

/**
 * Organisation check settings: allow entries taught by deciders and extra authorised repost sources. Changes are
 * audited; `scopeFor` serves them from a per-process cache that follows the store's revision counter, so a
 * change made by any process applies to the next check everywhere.
 */
export function createCheckSettingsService(deps: {
  store: CheckSettingsStore;
  people: Pick<PeopleStore, 'getOrg'>;
  audit: AuditLog;
  now: Clock;
  newId: () => string;
}): CheckSettingsService {
  const { store, audit, now } = deps;
  const cache = settingsCache(store);
  const settingsOf = (org: string, options?: { cached: boolean }) => cache.get(org, options);

  async function knownOrg(slug: string): Promise<CheckSettingsError | undefined> {
    return (await deps.people.getOrg(slug)) === null ? { code: 'org_not_found', slug } : undefined;
  }

  return {
    async scopeFor(org: string): Promise<OrgCheckScope> {
      return (await settingsOf(org)).scope;
    },

    async checkingSettingsFor(org, options) {
      const { scope, revision } = await settingsOf(org, options);
      return { scope, revision };
    },

    async allowEntries(org: string): Promise<Result<AllowEntry[], CheckSettingsError>> {
      const missing = await knownOrg(org);
      return missing ? err(missing) : ok((await settingsOf(org)).entries);
    },

    async addAllow(
      by: Person,
      input: Omit<AllowEntry, 'id' | 'org' | 'text' | 'by' | 'at'> & { text: string },
    ): Promise<Result<AllowEntry, CheckSettingsError>> {
      const text = foldKey(input.text);
      if (!isLongEnough(text)) return err({ code: 'allow_entry_too_short', text });
      const at = now().toISOString();
      const entry: AllowEntry = { ...input, id: deps.newId(), org: by.org, text, by: personRef(by), at };
      const added = await store.addAllow(entry);
      if (!added.added) return err({ code: 'allow_entry_exists', id: added.existing, text });
      cache.forget(by.org);
      await audit.append(allowAddedEvent(entry));
      return ok(entry);
    },

    async revokeAllow(org: string, id: string, by: string): Promise<Result<AllowEntry, CheckSettingsError>> {
      const removed = await store.removeAllow(org, id);
      if (!removed) return err({ code: 'allow_entry_not_found', id });
      cache.forget(org);
      await audit.append({
        action: 'allow_entry_revoked',
        org,
        draft: removed.draft,
        version: removed.version,
        actor: by,
        at: now().toISOString(),
        details: { entry: id, text: removed.text, marked_by: removed.by.id, reason: removed.reason },
      });
      return ok(removed);
    },

    async sources(org: string): Promise<Result<string[], CheckSettingsError>> {
      const missing = await knownOrg(org);
      return missing ? err(missing) : ok([...(await settingsOf(org)).scope.sources]);
    },

    async setSources(
      org: string,
      given: readonly string[],
      by: string,
    ): Promise<Result<string[], CheckSettingsError>> {
      const missing = await knownOrg(org);
      if (missing) return err(missing);
      const sources = uniqueSources(given);
      const invalid = sources.find((source) => !isLongEnough(source) || source.length > MAX_SOURCE_LENGTH);
      if (invalid !== undefined) return err({ code: 'invalid_source', source: invalid });
      const before = await store.sources(org);
      await store.setSources(org, sources);
      cache.forget(org);
      await audit.append({
        action: 'sources_changed',
        org,
        draft: NO_DRAFT,
        actor: by,
        at: now().toISOString(),
        details: { before, after: sources },
      });
      return ok(sources);
    },
  };
}

interface CachedSettings extends CheckingSettings {
  entries: AllowEntry[];
}

/**
 * Each organisation's settings as last read, kept while the store's revision counter stays the same; `cached`
 * takes them without reading the counter.
 */
function settingsCache(store: CheckSettingsStore) {
  const cache = new Map<string, CachedSettings>();
  return {
    async get(org: string, options?: { cached: boolean }): Promise<CachedSettings> {
      const cached = cache.get(org);
      if (cached && options?.cached) return cached;
      const revision = await store.revision(org);
      if (cached && cached.revision === revision) return cached;
      const [entries, sources] = await Promise.all([store.listAllow(org), store.sources(org)]);
      const fresh = { revision, entries, scope: { allow: entries.map((entry) => entry.text), sources } };
      cache.set(org, fresh);
      return fresh;
    },
    forget(org: string): void {
      cache.delete(org);
    },
  };
}

/** The audit event of a stored allow entry: what was marked, where, and why. */
function allowAddedEvent(entry: AllowEntry): AuditEvent {
  const { finding } = entry;
  return {
    action: 'allow_entry_added',
    org: entry.org,
    draft: entry.draft,
    version: entry.version,
    actor: entry.by.id,
    at: entry.at,
    details: {
      entry: entry.id,
      text: entry.text,
      reason: entry.reason,
      rule: finding.rule,
      category: finding.category,
      field: finding.field,
      start: finding.start,
      end: finding.end,
      original: finding.text,
    },
  };
}

/** Trimmed, without empties and without names that fold alike (開發 / 开发), first spelling kept. */
function uniqueSources(given: readonly string[]): string[] {
  const seen = new Set<string>();
  return given
    .map((source) => source.trim())
    .filter((source) => {
      const key = foldKey(source);
      if (source === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
