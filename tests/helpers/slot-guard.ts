import calculateSlot from 'cluster-key-slot';
import type { Redis } from 'ioredis';

/** A command, script call or MULTI…EXEC whose keys are in more than one slot (Redis Cluster refuses it). */
export interface CrossSlot {
  command: string;
  keys: string[];
}

/** The two key shapes a store's tests run under: a single node's names, and the Cluster's (hashTags). */
export const KEY_SHAPES = [
  { shape: 'single-node keys', hashTags: false },
  { shape: 'Cluster keys (hashTags), each command checked for one slot', hashTags: true },
] as const;

export interface SlotGuard {
  /** What would have been refused with CROSSSLOT on a Cluster. */
  crossSlot: CrossSlot[];
  /** How many calls with more than one key were checked, by command (`evalsha`, `multi`, `mget`, …). */
  checked: Map<string, number>;
}

/**
 * Watches every command `redis` sends (pipelined or not: ioredis sends each through `sendCommand`) and records
 * the ones Redis Cluster would refuse: a command or script whose keys (as ioredis knows them: EVAL's numkeys,
 * MGET's arguments, …) are in several slots, or a MULTI…EXEC over several slots. A single redis-server runs them
 * all, so a test can run real flows and then assert that none would have failed on a Cluster.
 */
export function guardSlots(redis: Redis): SlotGuard {
  const guard: SlotGuard = { crossSlot: [], checked: new Map() };
  const check = (command: string, keys: string[]) => {
    if (keys.length < 2) return;
    guard.checked.set(command, (guard.checked.get(command) ?? 0) + 1);
    if (calculateSlot.generateMulti(keys) < 0) guard.crossSlot.push({ command, keys });
  };
  let transaction: string[] | undefined;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, ...rest) => {
    const keys = command.getKeys().map(String);
    if (command.name === 'multi') transaction = [];
    else if (command.name === 'exec' && transaction) {
      check('multi', transaction);
      transaction = undefined;
    } else if (transaction) transaction.push(...keys);
    else check(command.name, keys);
    return send(command, ...rest);
  };
  return guard;
}
