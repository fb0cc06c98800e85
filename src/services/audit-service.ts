import type { AuditAction, AuditEntry } from '../domain/audit/audit-event.js';
import { withNames, type NamedAuditEntry } from '../domain/audit/audit-names.js';
import { canonicalJson, type JsonObject } from '../domain/audit/canonical-json.js';
import type { Person } from '../domain/people.js';
import type { Org } from '../domain/people.js';
import { chainVerifier, type ChainVerification } from '../domain/audit/audit-chain.js';
import { AuditTrimmedError, type AuditLog } from './ports/audit.js';
import type { IssuedToken } from './ports/people.js';
import type { PeopleService } from './people-service.js';
import { type Clock, systemClock } from '../domain/clock.js';

/**
 * Events that concern no draft (organisations, people, tokens, refused requests) carry this as `draft`:
 * AuditEvent requires a draft id, and an empty one cannot clash with a real id.
 */
export const NO_DRAFT = '';

/** Appends an event that concerns no draft to an organisation's trail, for one acting person. */
export type AuditRecorder = (org: string, action: AuditAction, details: JsonObject) => Promise<AuditEntry>;

/** Records audit events for one acting person, timestamped by `now`. */
export function auditRecorder(audit: AuditLog, actor: Person, now: Clock = systemClock): AuditRecorder {
  return (org: string, action: AuditAction, details: JsonObject): Promise<AuditEntry> =>
    audit.append({ action, org, draft: NO_DRAFT, actor: actor.id, at: now().toISOString(), details });
}

/** The actor of changes made with the CLI on the server; the OS user who ran it is in each entry's details. */
export const CLI_ACTOR = 'cli';

/** Records audit events for a CLI command run by `osUser` (actor `cli`: no person authenticates there). */
export function cliRecorder(audit: AuditLog, osUser: string, now: Clock = systemClock): AuditRecorder {
  return (org: string, action: AuditAction, details: JsonObject): Promise<AuditEntry> =>
    audit.append({
      action,
      org,
      draft: NO_DRAFT,
      actor: CLI_ACTOR,
      at: now().toISOString(),
      details: { ...details, os_user: osUser },
    });
}

/** What the trail says about an added or changed platform account: never its secret. */
/** The trail's action for an account disabled (停用) or enabled again. */
export function disabledAction(disabled: boolean): AuditAction {
  return disabled ? 'account_disabled' : 'account_enabled';
}

export function accountDetails(account: {
  platform: string;
  name: string;
  appid?: string | undefined;
  link?: string | undefined;
}) {
  return {
    subject: 'account',
    platform: account.platform,
    name: account.name,
    ...(account.appid === undefined ? {} : { appid: account.appid }),
    ...(account.link === undefined ? {} : { link: account.link }),
  };
}

/**
 * The people service, with each successful admin change appended to the affected organisation's trail before
 * it resolves (so an answer is sent only once the change and its audit entry are durable). The domain has no
 * action for people or tokens, so all three are `created`, told apart by `details.subject`.
 */
export function auditedPeople(people: PeopleService, record: AuditRecorder): PeopleService {
  return {
    ...people,
    async addOrg(org) {
      const result = await people.addOrg(org);
      if (result.ok) await record(result.value.slug, 'created', orgDetails(result.value));
      return result;
    },
    async addPerson(input) {
      const result = await people.addPerson(input);
      if (result.ok) await record(input.org, 'created', personDetails('person', result.value));
      return result;
    },
    async issueToken(org, name) {
      const result = await people.issueToken(org, name);
      if (result.ok) await record(org, 'created', personDetails('token', result.value));
      return result;
    },
    async setRoles(org, name, change) {
      const result = await people.setRoles(org, name, change);
      if (result.ok) {
        const { id, roles, outsourced } = result.value;
        await record(org, 'roles_changed', { person: id, name: result.value.name, roles, outsourced });
      }
      return result;
    },
    async disablePerson(org, name) {
      const result = await people.disablePerson(org, name);
      if (result.ok)
        await record(org, 'person_disabled', { person: result.value.id, name: result.value.name });
      return result;
    },
  };
}

/** The organisation and administrator that the first start creates, recorded as made by that administrator. */
export async function auditFirstStart(audit: AuditLog, admin: IssuedToken): Promise<void> {
  const record = auditRecorder(audit, admin.person);
  const org = admin.person.org;
  await record(org, 'created', { subject: 'org', slug: org, first_start: true });
  await record(org, 'created', personDetails('person', admin));
}

function orgDetails(org: Org): JsonObject {
  return { subject: 'org', slug: org.slug, name: org.name };
}

function personDetails(subject: 'person' | 'token', issued: IssuedToken): JsonObject {
  const { id, name, roles, outsourced } = issued.person;
  return { subject, person: id, name, roles, outsourced };
}

/** Entries with the names of the people they refer to beside them (ids that are no person stay unnamed). */
export async function namedEntries(
  entries: readonly AuditEntry[],
  people: Pick<PeopleService, 'getPerson'>,
): Promise<NamedAuditEntry[]> {
  const ids = [...new Set(entries.map((entry) => entry.actor))];
  const found = await Promise.all(ids.map((id) => people.getPerson(id)));
  const names = new Map(found.flatMap((person) => (person ? [[person.id, person.name] as const] : [])));
  return entries.map((entry) => withNames(entry, (id) => names.get(id)));
}

/** Entries read per page when a whole chain is verified or exported. */
export const AUDIT_PAGE_SIZE = 2_000;
/** Retention trims only the gateway's own chain, at most once a minute: a second read almost always succeeds. */
const READS_WHEN_TRIMMED = 3;

/**
 * Verifies an organisation's whole chain against its stored head, a page at a time: linear in its length, with
 * memory for one page (a break ends the reading).
 */
export async function verifyAuditChain(
  audit: AuditLog,
  org: string,
  pageSize = AUDIT_PAGE_SIZE,
): Promise<ChainVerification> {
  for (let read = 1; ; read += 1) {
    try {
      const chain = await audit.pages(org, pageSize);
      const verifier = chainVerifier(chain.checkpoint);
      for await (const page of chain.entries) {
        for (const entry of page) verifier.add(entry);
        if (verifier.broken) break;
      }
      const { head } = chain;
      return verifier.result(head ? { count: head.seq + 1, hash: head.hash } : undefined);
    } catch (error) {
      if (!(error instanceof AuditTrimmedError) || read === READS_WHEN_TRIMMED) throw error;
    }
  }
}

/** Every entry of a chain with the names of its people, a page at a time (for export). */
export async function* namedChain(
  audit: AuditLog,
  people: Pick<PeopleService, 'getPerson'>,
  org: string,
): AsyncIterable<NamedAuditEntry[]> {
  const chain = await audit.pages(org, AUDIT_PAGE_SIZE);
  for await (const page of chain.entries) yield namedEntries(page, people);
}

/**
 * The chain as exported (`qianfa audit export`, the admin's export page): a chunk of JSON Lines per page, each
 * line the hashed entry in canonical JSON plus `names` beside it (not hashed; verify without it).
 */
export async function* auditJsonLines(
  audit: AuditLog,
  people: Pick<PeopleService, 'getPerson'>,
  org: string,
): AsyncIterable<string> {
  for await (const page of namedChain(audit, people, org))
    yield page.map((entry) => `${canonicalJson({ ...entry })}\n`).join('');
}
