import type { Clock } from '../../domain/clock.js';
import {
  targetOfEntry,
  type FollowerReading,
  type RegisterEntry,
} from '../../domain/monitor/register-entry.js';
import { isPlatformFailure } from '../../domain/platform-failure.js';
import type { AccountService } from '../account-service.js';
import type { PeopleStore } from '../ports/people.js';
import type { FollowerSource, RegisterStore } from '../ports/register.js';

export interface FollowerReadingDeps {
  store: RegisterStore;
  accounts: Pick<AccountService, 'credentials'>;
  followers: FollowerSource;
  orgs: Pick<PeopleStore, 'listOrgs'>;
  now: Clock;
}

/**
 * Reads the follower count of every registered account qianfa publishes to (closed ones aside) and stores it
 * with the time read; returns how many entries got a new reading. Run by the monitor's scheduled job, never
 * by a page view: the platforms limit calls per day. An account not in qianfa has no credentials to ask with
 * and stays unknown.
 */
export async function readFollowerCounts(deps: FollowerReadingDeps): Promise<number> {
  let read = 0;
  for (const org of await deps.orgs.listOrgs()) {
    for (const entry of await deps.store.list(org)) {
      if (entry.state === 'closed') continue;
      const reading = await readingOf(deps, entry);
      if (!reading) continue;
      // Read again after the platform's answer: a lifecycle change saved meanwhile is kept.
      const current = await deps.store.get(org, targetOfEntry(entry));
      if (!current) continue;
      await deps.store.save({ ...current, followers: reading });
      read++;
    }
  }
  return read;
}

/**
 * The count, or the platform's refusal (a missing permission, dead credentials: 未知 until that changes);
 * undefined when qianfa has no such account or the failure is passing (the last reading stays, with its time).
 */
async function readingOf(
  deps: FollowerReadingDeps,
  entry: RegisterEntry,
): Promise<FollowerReading | undefined> {
  const opened = await deps.accounts.credentials(entry.org, entry.platform, entry.name);
  if (!opened.ok) return undefined;
  try {
    const count = await deps.followers.count(opened.value.account, opened.value.secret);
    return { count, at: deps.now().toISOString() };
  } catch (error) {
    if (!isPlatformFailure(error) || error.kind === 'transient') return undefined;
    return { refused: error.code, at: deps.now().toISOString() };
  }
}
