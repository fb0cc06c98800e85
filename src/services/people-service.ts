import { randomUUID } from 'node:crypto';
import { isRole, type Person, type Role } from '../domain/people.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Org } from '../domain/people.js';
import { DEFAULT_ORG_NAME } from '../messages/zh-cn.js';
import type { IssuedToken, PeopleStore, TokenCredential } from './ports/people.js';

/** Refusals of the people service. These belong in domain/domain-error.ts once that file can change. */
export type PeopleError =
  | { code: 'invalid_slug'; slug: string }
  | { code: 'invalid_name'; name: string }
  | { code: 'unknown_role'; role: string }
  | { code: 'no_roles' }
  | { code: 'outsourced_drafter_only'; roles: readonly Role[] }
  | { code: 'org_exists'; slug: string }
  | { code: 'org_not_found'; slug: string }
  | { code: 'person_exists'; org: string; name: string }
  | { code: 'person_not_found'; org: string; name: string }
  | { code: 'person_disabled'; org: string; name: string };

/** Lower-case letters, digits and inner hyphens, 2–40 characters: safe in URLs, file names and Redis keys. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$/;
const MAX_NAME_LENGTH = 50;

export interface NewPerson {
  org: string;
  name: string;
  roles: readonly string[];
  outsourced?: boolean | undefined;
}

/** A person's roles and outsourced flag as an admin sets them. */
export interface RoleChange {
  roles: readonly string[];
  outsourced: boolean;
}

/** Organisations, people and their API tokens. */
export interface PeopleService {
  addOrg(org: Org): Promise<Result<Org, PeopleError>>;
  /** Every organisation, by slug (for installation admins). */
  listOrgs(): Promise<Org[]>;
  /** Adds a person and issues their first token. */
  addPerson(input: NewPerson): Promise<Result<IssuedToken, PeopleError>>;
  /** A new token for the person, revoking their earlier ones and (a reissue) ending their sessions and links. */
  issueToken(org: string, name: string): Promise<Result<IssuedToken, PeopleError>>;
  /** Disables the person: at once, no token, session, login link or review link of theirs works any more. */
  disablePerson(org: string, name: string): Promise<Result<Person, PeopleError>>;
  /** Ends every session and link the person holds (their token stays): e.g. once an admin set their password. */
  revokeCredentials(org: string, name: string): Promise<Result<Person, PeopleError>>;
  /** The named person of an organisation, or null. */
  findPerson(org: string, name: string): Promise<Person | null>;
  listPeople(org: string): Promise<Result<Person[], PeopleError>>;
  /** Changes a person's roles and outsourced flag, validated as when they were added. */
  setRoles(org: string, name: string, change: RoleChange): Promise<Result<Person, PeopleError>>;
  /** The holder of a valid API token, or null. */
  authenticate(token: string): Promise<Person | null>;
  /** The token's holder with their credential generation (for a cache of tokens); null when not valid. */
  credentialOf(token: string): Promise<TokenCredential | null>;
  /** A person's credential generation: a cached token of theirs is good only while it is unchanged. */
  generationOf(personId: string): Promise<string>;
  getPerson(id: string): Promise<Person | null>;
  /**
   * On first start, creates the `default` org and its admin and returns the admin's token; otherwise null.
   * "First start" is: no org at all, or a `default` org still without people (a start that crashed halfway).
   * Racing starts are safe: the unique name lets only one of them add the admin.
   */
  bootstrap(): Promise<IssuedToken | null>;
}

/** Use cases for organisations, people and tokens; every refusal is a PeopleError value. */
export function createPeopleService(store: PeopleStore): PeopleService {
  return {
    async addOrg(org: Org): Promise<Result<Org, PeopleError>> {
      const invalid = checkSlug(org.slug) ?? checkName(org.name);
      if (invalid) return err(invalid);
      const added = { slug: org.slug, name: org.name.trim() };
      return (await store.addOrg(added)) === 'added'
        ? ok(added)
        : err({ code: 'org_exists', slug: org.slug });
    },

    async listOrgs(): Promise<Org[]> {
      const orgs = await Promise.all((await store.listOrgs()).map((slug) => store.getOrg(slug)));
      return orgs.filter((org): org is Org => org !== null);
    },

    async addPerson(input: NewPerson): Promise<Result<IssuedToken, PeopleError>> {
      const person = validPerson(input);
      if (!person.ok) return person;
      const outcome = await store.addPerson(person.value);
      if (outcome === 'org_not_found') return err({ code: 'org_not_found', slug: input.org });
      if (outcome === 'name_taken')
        return err({ code: 'person_exists', org: input.org, name: person.value.name });
      return this.issueToken(input.org, person.value.name);
    },

    async issueToken(org: string, name: string): Promise<Result<IssuedToken, PeopleError>> {
      const issued = await store.issueToken(org, name.trim());
      if (issued) return ok(issued);
      if ((await this.findPerson(org, name))?.disabled === true)
        return err({ code: 'person_disabled', org, name: name.trim() });
      return err(await notFound(store, org, name));
    },

    async disablePerson(org: string, name: string): Promise<Result<Person, PeopleError>> {
      const person = await store.revokeCredentials(org, name.trim(), true);
      return person ? ok(person) : err(await notFound(store, org, name));
    },

    async revokeCredentials(org: string, name: string): Promise<Result<Person, PeopleError>> {
      const person = await store.revokeCredentials(org, name.trim(), false);
      return person ? ok(person) : err(await notFound(store, org, name));
    },

    async findPerson(org: string, name: string): Promise<Person | null> {
      const people = await store.listPeople(org);
      return people?.find((person) => person.name === name.trim()) ?? null;
    },

    async listPeople(org: string): Promise<Result<Person[], PeopleError>> {
      const people = await store.listPeople(org);
      return people ? ok(people) : err({ code: 'org_not_found', slug: org });
    },

    async setRoles(org: string, name: string, change: RoleChange): Promise<Result<Person, PeopleError>> {
      const valid = validRoles(change.roles, change.outsourced);
      if (!valid.ok) return valid;
      const person = await store.setRoles(org, name.trim(), {
        roles: valid.value,
        outsourced: change.outsourced,
      });
      if (person) return ok(person);
      if ((await this.findPerson(org, name))?.disabled === true)
        return err({ code: 'person_disabled', org, name: name.trim() });
      return err(await notFound(store, org, name));
    },

    async authenticate(token: string): Promise<Person | null> {
      const person = await store.personByToken(token);
      return person?.disabled === true ? null : person;
    },

    credentialOf: (token) => store.credentialOf(token),
    generationOf: (personId) => store.generationOf(personId),

    getPerson(id: string): Promise<Person | null> {
      return store.getPerson(id);
    },

    /**
     * On first start, creates the `default` org and its admin and returns the admin's token; otherwise null.
     * "First start" is: no org at all, or a `default` org still without people (a start that crashed halfway).
     * Racing starts are safe: the unique name lets only one of them add the admin.
     */
    async bootstrap(): Promise<IssuedToken | null> {
      if (await store.hasOrgs()) {
        const people = await store.listPeople('default');
        if (people === null || people.length > 0) return null;
      }
      await store.addOrg({ slug: 'default', name: DEFAULT_ORG_NAME });
      const admin = await this.addPerson({
        org: 'default',
        name: 'admin',
        roles: ['admin', 'installation_admin'],
      });
      return admin.ok ? admin.value : null;
    },
  };
}

async function notFound(store: PeopleStore, org: string, name: string): Promise<PeopleError> {
  if ((await store.getOrg(org)) === null) return { code: 'org_not_found', slug: org };
  return { code: 'person_not_found', org, name: name.trim() };
}

function validPerson(input: NewPerson): Result<Person, PeopleError> {
  const name = input.name.trim();
  const invalid = checkSlug(input.org) ?? checkName(name);
  if (invalid) return err(invalid);
  const outsourced = input.outsourced === true;
  const roles = validRoles(input.roles, outsourced);
  if (!roles.ok) return roles;
  return ok({ id: randomUUID(), org: input.org, name, roles: roles.value, outsourced });
}

function validRoles(given: readonly string[], outsourced: boolean): Result<Role[], PeopleError> {
  if (given.length === 0) return err({ code: 'no_roles' });
  const unknown = given.find((role) => !isRole(role));
  if (unknown !== undefined) return err({ code: 'unknown_role', role: unknown });
  const roles = [...new Set(given as readonly Role[])];
  if (outsourced && roles.some((role) => role !== 'drafter')) {
    return err({ code: 'outsourced_drafter_only', roles });
  }
  return ok(roles);
}

function checkSlug(slug: string): PeopleError | undefined {
  return SLUG_PATTERN.test(slug) ? undefined : { code: 'invalid_slug', slug };
}

function checkName(name: string): PeopleError | undefined {
  const trimmed = name.trim();
  const ok = trimmed.length > 0 && [...trimmed].length <= MAX_NAME_LENGTH && !/[\p{Cc}/]/u.test(trimmed);
  return ok ? undefined : { code: 'invalid_name', name };
}
