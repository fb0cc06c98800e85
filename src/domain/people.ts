/**
 * Roles in an organisation (主办单位): drafter 拟稿人, reviewer 审核人, editor 编辑（审签）,
 * deputy 分管领导, principal 主要负责人, admin 管理员 (their organisation's accounts and settings, never a
 * sign-off stage); installation_admin 系统管理员 (organisations, and every organisation as its admin would, never a
 * sign-off stage either).
 */
export type Role =
  'drafter' | 'reviewer' | 'editor' | 'deputy' | 'principal' | 'admin' | 'installation_admin';
export const ROLES: readonly Role[] = [
  'drafter',
  'reviewer',
  'editor',
  'deputy',
  'principal',
  'admin',
  'installation_admin',
];

/** Roles that may hold a sign-off stage, lowest authority first. */
export const DECIDING_ROLES: readonly Role[] = ['reviewer', 'editor', 'deputy', 'principal'];

/**
 * Whether a person may act as stand-in (代) on a stage of `role`: they hold that role or the one just below it
 * (a deputy for the principal, a reviewer for the editor), never a drafter or an admin alone.
 */
export function mayStandInFor(standIn: Pick<Person, 'roles'>, role: Role): boolean {
  const below = DECIDING_ROLES[DECIDING_ROLES.indexOf(role) - 1];
  return hasRole(standIn, role) || (below !== undefined && hasRole(standIn, below));
}

export type PersonId = string;

export interface Person {
  id: PersonId;
  /** Organisation slug. */
  org: string;
  name: string;
  roles: readonly Role[];
  /** 代运维: staff of an outsourced operator, who may only draft. */
  outsourced: boolean;
  /** 已停用: no token, session or link of theirs works any more. */
  disabled?: boolean;
  /**
   * The generation of the person's credentials: raised when they are reissued (new token, password set by an
   * admin) or the person is disabled. Sessions and links carry the generation they were issued under and stop
   * working once it is no longer current. Absent: 0.
   */
  credentials?: number;
}

/** The generation a session or link issued to `person` now carries. */
export function credentialsOf(person: Pick<Person, 'credentials'>): number {
  return person.credentials ?? 0;
}

/** Whether a session or link issued under generation `issuedUnder` still speaks for `person`. */
export function stillHolds(person: Pick<Person, 'credentials' | 'disabled'>, issuedUnder: number): boolean {
  return person.disabled !== true && credentialsOf(person) === issuedUnder;
}

/** The part of a person recorded with a decision: the name as it was when they decided. */
export interface PersonRef {
  id: PersonId;
  name: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function hasRole(person: Pick<Person, 'roles'>, role: Role): boolean {
  return person.roles.includes(role);
}

/**
 * The one rule for administrative powers: an organisation's admins act on it alone, an installation admin on
 * every organisation.
 */
export function mayAdminister(person: Pick<Person, 'org' | 'roles'>, org: string): boolean {
  return hasRole(person, 'installation_admin') || (hasRole(person, 'admin') && person.org === org);
}

/** Only an installation admin makes another one; an organisation's admin grants any other role. */
export function mayGrant(granter: Pick<Person, 'roles'>, roles: readonly string[]): boolean {
  return hasRole(granter, 'installation_admin') || !roles.includes('installation_admin');
}

/** Whether `person` administers some organisation (so a route for admins is theirs at all). */
export function isAnyAdmin(person: Pick<Person, 'roles'>): boolean {
  return hasRole(person, 'admin') || hasRole(person, 'installation_admin');
}

export function personRef(person: Pick<Person, 'id' | 'name'>): PersonRef {
  return { id: person.id, name: person.name };
}

/** An organisation (主办单位): a URL-safe slug and its display name. */
export interface Org {
  slug: string;
  name: string;
}
