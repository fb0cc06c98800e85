import { isActive, type Delegation } from '../domain/delegation.js';
import { DECIDING_ROLES, hasRole, mayAdminister, personRef, type Person } from '../domain/people.js';
import { err, ok, type Result } from '../domain/result.js';
import type { DelegationStore } from './ports/delegations.js';
import type { Clock } from '../domain/clock.js';

export type DelegationError =
  | { code: 'not_a_leader' }
  | { code: 'stand_in_not_found'; name: string }
  | { code: 'stand_in_not_allowed'; reason: 'self' | 'outsourced' | 'not_a_decider' }
  | { code: 'invalid_period'; from: string; until: string }
  | { code: 'delegation_not_found'; id: string };

/** Longest delegation: a stand-in covers an absence, not a post. */
const MAX_PERIOD_MS = 90 * 24 * 3_600_000;
/** How far in the past a delegation may say it starts: clocks differ a little, history is not rewritten. */
const CLOCK_SKEW_MS = 60_000;

/** Delegations (代): a leader names a stand-in who may decide the leader's stages for a while. */
export interface DelegationService {
  /** The leader (the caller) names a stand-in of the same organisation for [from, until). */
  add(
    leader: Person,
    input: { standIn: string; from?: string; until: string },
  ): Promise<Result<Delegation, DelegationError>>;
  /** The delegations `by` may see (theirs as leader or stand-in; all of the organisation's for admins), newest first. */
  list(by: Person): Promise<Delegation[]>;
  /** Ends a delegation early; the leader who made it, or an administrator. */
  end(by: Person, id: string): Promise<Result<true, DelegationError>>;
  /** The leaders `person` stands in for right now. */
  leadersOf(person: Person): Promise<Person[]>;
  /** The leaders each of the organisation's people stands in for right now (nobody's: absent), read once. */
  leadersByStandIn(org: string): Promise<ReadonlyMap<string, readonly Person[]>>;
}

export function createDelegationService(deps: {
  store: DelegationStore;
  people: { listPeople(org: string): Promise<{ ok: true; value: Person[] } | { ok: false }> };
  now: Clock;
  newId: () => string;
}): DelegationService {
  const { store } = deps;
  const peopleOf = async (org: string) => {
    const listed = await deps.people.listPeople(org);
    return listed.ok ? listed.value : [];
  };

  return {
    async add(
      leader: Person,
      input: { standIn: string; from?: string; until: string },
    ): Promise<Result<Delegation, DelegationError>> {
      if (!DECIDING_ROLES.some((role) => hasRole(leader, role))) return err({ code: 'not_a_leader' });
      const standIn = (await peopleOf(leader.org)).find((person) => person.name === input.standIn.trim());
      if (!standIn) return err({ code: 'stand_in_not_found', name: input.standIn });
      if (standIn.id === leader.id) return err({ code: 'stand_in_not_allowed', reason: 'self' });
      if (standIn.outsourced) return err({ code: 'stand_in_not_allowed', reason: 'outsourced' });
      if (!DECIDING_ROLES.some((role) => hasRole(standIn, role)))
        return err({ code: 'stand_in_not_allowed', reason: 'not_a_decider' });
      const now = deps.now().toISOString();
      const from = input.from ?? now;
      const span = Date.parse(input.until) - Date.parse(from);
      const backdated = Date.parse(from) < Date.parse(now) - CLOCK_SKEW_MS;
      if (backdated || !(span > 0 && span <= MAX_PERIOD_MS))
        return err({ code: 'invalid_period', from, until: input.until });
      const delegation: Delegation = {
        id: deps.newId(),
        org: leader.org,
        leader: personRef(leader),
        standIn: personRef(standIn),
        from,
        until: input.until,
        createdAt: now,
      };
      await store.add(delegation);
      return ok(delegation);
    },

    // The leader, the stand-in and the organisation's admins; nobody else learns who stands in for whom.
    list: async (by: Person) =>
      (await store.list(by.org)).filter(
        (d) => mayAdminister(by, by.org) || d.leader.id === by.id || d.standIn.id === by.id,
      ),

    async end(by: Person, id: string): Promise<Result<true, DelegationError>> {
      const found = (await store.list(by.org)).find((d) => d.id === id);
      if (!found || (found.leader.id !== by.id && !mayAdminister(by, by.org))) {
        return err({ code: 'delegation_not_found', id });
      }
      await store.end(by.org, id, deps.now().toISOString());
      return ok(true);
    },

    async leadersOf(person: Person): Promise<Person[]> {
      const at = deps.now().toISOString();
      const ids = (await store.list(person.org))
        .filter((d) => d.standIn.id === person.id && isActive(d, at))
        .map((d) => d.leader.id);
      // Asked for every person a notification considers: most stand in for nobody, so skip listing people.
      if (ids.length === 0) return [];
      return (await peopleOf(person.org)).filter((candidate) => ids.includes(candidate.id));
    },

    async leadersByStandIn(org: string): Promise<ReadonlyMap<string, readonly Person[]>> {
      const at = deps.now().toISOString();
      const active = (await store.list(org)).filter((d) => isActive(d, at));
      const leaders = new Map<string, Person[]>();
      if (active.length === 0) return leaders;
      const byId = new Map((await peopleOf(org)).map((person) => [person.id, person]));
      for (const { standIn, leader } of active) {
        const found = byId.get(leader.id);
        if (found) leaders.set(standIn.id, [...(leaders.get(standIn.id) ?? []), found]);
      }
      return leaders;
    },
  };
}
