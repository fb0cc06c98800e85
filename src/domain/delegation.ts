import type { PersonRef } from './people.js';

/** A leader names a stand-in (代) for a period: the stand-in may decide the leader's stages meanwhile. */
export interface Delegation {
  id: string;
  org: string;
  leader: PersonRef;
  standIn: PersonRef;
  /** ISO 8601; the delegation holds from `from` (inclusive) until `until` (exclusive). */
  from: string;
  until: string;
  createdAt: string;
  endedAt?: string;
}

/** Whether the delegation is in force at `at` (ISO 8601). */
export function isActive(delegation: Delegation, at: string): boolean {
  const time = Date.parse(at);
  const ended = delegation.endedAt !== undefined && Date.parse(delegation.endedAt) <= time;
  return !ended && Date.parse(delegation.from) <= time && time < Date.parse(delegation.until);
}
