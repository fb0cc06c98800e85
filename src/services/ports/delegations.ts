import type { Delegation } from '../../domain/delegation.js';

/** Delegations (代) of each organisation. `add` and `end` resolve once durable. */
export interface DelegationStore {
  add(delegation: Delegation): Promise<void>;
  /** Every delegation of the organisation, newest first (ended ones too: they are the record). */
  list(org: string): Promise<Delegation[]>;
  /** Ends it at `at`; false when there is no such delegation in the organisation. */
  end(org: string, id: string, at: string): Promise<boolean>;
}
