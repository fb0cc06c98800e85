import type { RedisClient } from './redis-client.js';
import type { Delegation } from '../../domain/delegation.js';
import type { Person } from '../../domain/people.js';
import type { DelegationStore } from '../../services/ports/delegations.js';
import type { RedisKeys } from './redis-keys.js';

interface Snapshot {
  generation: string;
  people: Promise<Person[] | null>;
  delegations: Promise<Delegation[]>;
}

/**
 * An organisation's people and delegations cached in process, for the notification fan-out (which reads them
 * for every job). Each read costs one GET of the organisation's directory generation, which every change to
 * its people or delegations bumps in the same atomic write (RedisPeopleStore, RedisDelegationStore), so a
 * change is seen at once, by every process; reads started in the same turn of the event loop (the deciders'
 * `leadersOf` for every person) share that GET.
 */
export class RedisOrgDirectoryCache {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly checking = new Map<string, Promise<string>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly load: {
      people: { listPeople(org: string): Promise<Person[] | null> };
      delegations: Pick<DelegationStore, 'list'>;
    },
  ) {}

  async listPeople(org: string): Promise<Person[] | null> {
    return (await this.snapshot(org)).people;
  }

  async listDelegations(org: string): Promise<Delegation[]> {
    return (await this.snapshot(org)).delegations;
  }

  private async snapshot(org: string): Promise<Snapshot> {
    // Read before loading: data loaded after it is at least as new as the generation it is filed under.
    const generation = await this.generation(org);
    const cached = this.snapshots.get(org);
    if (cached?.generation === generation) return cached;
    const fresh: Snapshot = {
      generation,
      people: this.load.people.listPeople(org),
      delegations: this.load.delegations.list(org),
    };
    const forget = () => {
      if (this.snapshots.get(org) === fresh) this.snapshots.delete(org);
    };
    fresh.people.catch(forget);
    fresh.delegations.catch(forget);
    this.snapshots.set(org, fresh);
    return fresh;
  }

  private generation(org: string): Promise<string> {
    const pending = this.checking.get(org);
    if (pending) return pending;
    const read = this.redis.get(this.keys.orgDirectoryGeneration(org)).then((value) => value ?? '0');
    this.checking.set(org, read);
    // Shared by the reads of this turn only: a later read asks again, so it sees changes made meanwhile.
    queueMicrotask(() => this.checking.delete(org));
    return read;
  }
}
