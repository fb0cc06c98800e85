import type { Org, Person, Role } from '../../domain/people.js';

/** A freshly issued API token: the only moment the plain token exists outside the caller's hands. */
export interface IssuedToken {
  person: Person;
  token: string;
}

/**
 * A token's holder with their credential generation: it changes whenever the person's tokens (or anything a
 * cached token stands for) change, so a cache of tokens checks it instead of reading the person again.
 */
export interface TokenCredential {
  person: Person;
  generation: string;
}

/**
 * Organisations, people and their API tokens.
 *
 * The adapter must guarantee:
 * - every operation is atomic: a failure or crash leaves either the whole change or none of it;
 * - a promise resolves only after the write is durable (for Redis with `appendfsync always`, after the reply);
 * - tokens are stored only as a one-way hash; `issueToken` is the only place the plain token is returned,
 *   and it revokes every earlier token of that person in the same step, bumping the person's credential
 *   generation (any later change to a person's roles or standing must bump it too);
 * - names are unique within an organisation; slugs are unique overall.
 *
 * Deliberately not in the contract: validation of slugs, names and roles (the people service does that),
 * removing people or organisations, and any notion of who is allowed to call these operations.
 */
export interface PeopleStore {
  /** `exists` when the slug is taken; the existing organisation is left unchanged. */
  addOrg(org: Org): Promise<'added' | 'exists'>;
  getOrg(slug: string): Promise<Org | null>;
  /** True once any organisation exists (the first start creates the `default` org and an admin). */
  hasOrgs(): Promise<boolean>;
  /** Every organisation's slug, sorted. */
  listOrgs(): Promise<string[]>;
  /** Adds a person with no token yet. */
  addPerson(person: Person): Promise<'added' | 'org_not_found' | 'name_taken'>;
  /**
   * A new random token for the named person, revoking the old ones; when there were old ones, in the same step
   * the person's credential generation is raised (their sessions and links end). Null when there is no such
   * person or the person is disabled (nothing changed then).
   */
  issueToken(org: string, name: string): Promise<IssuedToken | null>;
  /**
   * Raises the named person's credential generation; with `disable`, also marks them disabled and revokes their
   * tokens, in one step. The person as they are now, or null when there is no such person.
   */
  revokeCredentials(org: string, name: string, disable: boolean): Promise<Person | null>;
  /** The holder of a currently valid token, or null (a disabled person holds none). */
  personByToken(token: string): Promise<Person | null>;
  /** The holder of a currently valid token and their credential generation, read at one instant; or null. */
  credentialOf(token: string): Promise<TokenCredential | null>;
  /** A person's current credential generation ('0' before any change). */
  generationOf(personId: string): Promise<string>;
  getPerson(id: string): Promise<Person | null>;
  /** The people of an organisation ordered by name, or null when the organisation does not exist. */
  listPeople(org: string): Promise<Person[] | null>;
  /**
   * Sets the named person's roles and outsourced flag and raises the counter token caches check (their cached
   * token is read afresh; their sessions go on with the new roles), in one step. Null when there is no such
   * person or the person is disabled.
   */
  setRoles(
    org: string,
    name: string,
    change: { roles: readonly Role[]; outsourced: boolean },
  ): Promise<Person | null>;
}
