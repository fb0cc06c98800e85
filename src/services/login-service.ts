import type { Clock } from '../domain/clock.js';
import type { Person } from '../domain/people.js';
import { err, ok, type Result } from '../domain/result.js';
import { auditRecorder, type AuditRecorder } from './audit-service.js';
import type { PeopleError, PeopleService } from './people-service.js';
import type { AuditLog } from './ports/audit.js';
import type { LoginLimiter, PasswordHasher, PasswordStore } from './ports/desk-logins.js';
import type { DeskLogins } from './desk-session-service.js';

/** Refusals of logging in and of setting passwords. */
export type LoginError =
  | { code: 'password_too_short'; min: number }
  | { code: 'password_too_long'; max: number }
  | { code: 'wrong_password' }
  | { code: 'session_not_found'; handle: string };

/** How long a password must be (characters), and how long it may be (a hash of megabytes is a denial of service). */
export const PASSWORD_LENGTH = { min: 10, max: 200 } as const;

/** Failed password logins allowed per account within the window, then the account is refused until it ends. */
export const ACCOUNT_LOCKOUT = { failures: 5, windowSeconds: 15 * 60 } as const;

export type LoginOutcome =
  { kind: 'ok'; person: Person } | { kind: 'refused' } | { kind: 'locked'; retryAfterSeconds: number };

export interface PasswordLogin {
  org: string;
  name: string;
  password: string;
}

/** Password login with lockout per account, and passwords set by their owner or an admin. */
export interface LoginService {
  login(attempt: PasswordLogin): Promise<LoginOutcome>;
  /**
   * The person sets their own password: with the current one when they have one. Their other sessions stay (a
   * person who fears their password is known ends them in the session list).
   */
  setOwnPassword(
    person: Person,
    input: { password: string; current?: string | undefined },
  ): Promise<Result<void, LoginError>>;
  /** An admin (or the CLI) sets someone's password: every session and link of theirs ends at once. */
  setPassword(
    record: AuditRecorder,
    target: { org: string; name: string },
    password: string,
  ): Promise<Result<Person, LoginError | PeopleError>>;
  /** Ends one session of `person` (by `actor`: themselves or an admin), audited. */
  revokeSession(actor: Person, person: Person, id: string): Promise<Result<void, LoginError>>;
}

export interface LoginDeps {
  people: Pick<PeopleService, 'findPerson' | 'revokeCredentials'>;
  passwords: PasswordStore;
  hasher: PasswordHasher;
  limiter: LoginLimiter;
  audit: AuditLog;
  desk: Pick<DeskLogins, 'revoke'>;
  now: Clock;
}

export function createLoginService(deps: LoginDeps): LoginService {
  const recordFor = (person: Person) => auditRecorder(deps.audit, person, deps.now);

  async function verified(person: Person | null, password: string): Promise<boolean> {
    const stored = person && person.disabled !== true ? await deps.passwords.get(person.id) : null;
    if (stored) return deps.hasher.verify(password, stored);
    await deps.hasher.hash(password); // the same work as a real check: timing tells nobody who exists
    return false;
  }

  async function refused(key: string, person: Person | null): Promise<LoginOutcome> {
    const lockedNow = await deps.limiter.failed(key);
    if (person) {
      await recordFor(person)(person.org, 'login_failed', { person: person.id, name: person.name });
      if (lockedNow) await recordFor(person)(person.org, 'login_locked', lockoutDetails(person));
    }
    return lockedNow
      ? { kind: 'locked', retryAfterSeconds: ACCOUNT_LOCKOUT.windowSeconds }
      : { kind: 'refused' };
  }

  return {
    async login(attempt) {
      if ([...attempt.password].length > PASSWORD_LENGTH.max) return { kind: 'refused' };
      const key = `${attempt.org}\n${attempt.name.trim()}`;
      const waitMs = await deps.limiter.refusedFor(key);
      if (waitMs !== undefined) return { kind: 'locked', retryAfterSeconds: Math.ceil(waitMs / 1000) };
      const person = await deps.people.findPerson(attempt.org, attempt.name);
      if (!(await verified(person, attempt.password)) || !person) return refused(key, person);
      await deps.limiter.reset(key);
      await recordFor(person)(person.org, 'login_succeeded', { person: person.id, name: person.name });
      return { kind: 'ok', person };
    },

    async setOwnPassword(person, input) {
      const invalid = checkPassword(input.password);
      if (invalid) return err(invalid);
      const stored = await deps.passwords.get(person.id);
      const currentOk = stored === null || (await deps.hasher.verify(input.current ?? '', stored));
      if (!currentOk) return err({ code: 'wrong_password' });
      await deps.passwords.set(person.id, await deps.hasher.hash(input.password));
      await recordFor(person)(person.org, 'password_set', {
        person: person.id,
        name: person.name,
        by: 'self',
      });
      return ok(undefined);
    },

    async setPassword(record, target, password) {
      const invalid = checkPassword(password);
      if (invalid) return err(invalid);
      const found = await deps.people.findPerson(target.org, target.name);
      if (found?.disabled === true)
        return err({ code: 'person_disabled', org: target.org, name: found.name });
      const hash = await deps.hasher.hash(password);
      const revoked = await deps.people.revokeCredentials(target.org, target.name);
      if (!revoked.ok) return revoked;
      await deps.passwords.set(revoked.value.id, hash);
      await record(target.org, 'password_set', {
        person: revoked.value.id,
        name: revoked.value.name,
        by: 'admin',
      });
      return ok(revoked.value);
    },

    async revokeSession(actor, person, id) {
      if (!(await deps.desk.revoke(person, id))) return err({ code: 'session_not_found', handle: id });
      const details = { person: person.id, name: person.name, session: id };
      await recordFor(actor)(person.org, 'session_revoked', details);
      return ok(undefined);
    },
  };
}

function checkPassword(password: string): LoginError | undefined {
  const length = [...password].length;
  if (length < PASSWORD_LENGTH.min) return { code: 'password_too_short', min: PASSWORD_LENGTH.min };
  if (length > PASSWORD_LENGTH.max) return { code: 'password_too_long', max: PASSWORD_LENGTH.max };
  return undefined;
}

function lockoutDetails(person: Person) {
  return { person: person.id, name: person.name, ...ACCOUNT_LOCKOUT };
}
