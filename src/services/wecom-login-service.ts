import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import type { Person } from '../domain/people.js';
import { auditRecorder } from './audit-service.js';
import type { PeopleService } from './people-service.js';
import type { AuditLog } from './ports/audit.js';
import type { WecomSignIn } from './ports/desk-logins.js';
import type { ChannelStore } from './ports/notifications.js';
import type { OneTimeMarks } from './ports/one-time-marks.js';

/** How long a WeCom sign-in may take from the redirect to the callback. */
const STATE_TTL_MS = 10 * 60_000;

export type WecomLoginOutcome =
  | { kind: 'ok'; person: Person }
  /** The callback's state is not the one this browser was sent off with, or it was used already. */
  | { kind: 'wrong_state' }
  /** WeCom vouched for someone who is no person of an organisation that signs in with WeCom. */
  | { kind: 'unknown'; userId?: string }
  /** WeCom refused the code (used, expired) or did not answer. */
  | { kind: 'failed' };

/** Desk login with WeCom (企业微信), for the organisations that configured it. */
export interface WecomLogin {
  /** Where to send the browser, and the state to bind to it (a cookie) until the callback. */
  start(redirectUri: string, insideWecom: boolean): { url: string; state: string };
  /** The person WeCom vouched for, if `state` is the browser's own and unused, and the userid is theirs. */
  finish(input: {
    code: string;
    state: string;
    browserState: string | undefined;
  }): Promise<WecomLoginOutcome>;
}

export interface WecomLoginDeps {
  signIn: WecomSignIn;
  /** The organisations whose people may sign in with WeCom. */
  orgs: readonly string[];
  people: Pick<PeopleService, 'listPeople'>;
  /** People's WeCom userids are their WeCom notification addresses. */
  channels: ChannelStore;
  marks: OneTimeMarks;
  audit: AuditLog;
  now: Clock;
}

export function createWecomLogin(deps: WecomLoginDeps): WecomLogin {
  /** The one person of a WeCom-login organisation with this userid; none when there is no one, or several. */
  async function personWith(userId: string): Promise<Person | undefined> {
    const matches: Person[] = [];
    for (const org of deps.orgs) {
      const people = await deps.people.listPeople(org);
      for (const person of people.ok ? people.value : []) {
        const addresses = await deps.channels.get(person.id);
        if (addresses.some((a) => a.channel === 'wecom' && a.userId === userId)) matches.push(person);
      }
    }
    return matches.length === 1 && matches[0]?.disabled !== true ? matches[0] : undefined;
  }

  return {
    start(redirectUri, insideWecom) {
      const state = randomBytes(18).toString('base64url');
      return { url: deps.signIn.authorizeUrl({ redirectUri, state, insideWecom }), state };
    },
    async finish({ code, state, browserState }) {
      if (state === '' || state !== browserState) return { kind: 'wrong_state' };
      if (!(await deps.marks.claim(`wecom-login:${state}`, STATE_TTL_MS))) return { kind: 'wrong_state' };
      const userId = await deps.signIn.userIdOf(code).catch(() => null);
      if (userId === null) return { kind: 'failed' };
      const person = userId === undefined ? undefined : await personWith(userId);
      if (!person) return userId === undefined ? { kind: 'unknown' } : { kind: 'unknown', userId };
      const record = auditRecorder(deps.audit, person, deps.now);
      await record(person.org, 'login_succeeded', { person: person.id, name: person.name, method: 'wecom' });
      return { kind: 'ok', person };
    },
  };
}
