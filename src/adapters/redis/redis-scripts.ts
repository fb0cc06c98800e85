import type { RedisClient } from './redis-client.js';

export type ScriptCall = (numKeys: number, ...keysAndArgs: (string | number | Buffer)[]) => Promise<unknown>;

/** Scripts by name: each takes the number of keys, the keys, then the arguments. */
export type Scripts<Name extends string> = Record<Name, ScriptCall>;

/**
 * Defines each script on the client once (ioredis `defineCommand`): calls go by hash (EVALSHA), and ioredis sends
 * the source again only when Redis answers NOSCRIPT (a restarted or flushed server). Names must be unique per
 * client: a store defining a name another store already defined gets that one.
 */
export function withScripts<Name extends string>(
  redis: RedisClient,
  sources: Record<Name, string>,
): Scripts<Name> {
  const commands = redis as unknown as Record<string, ScriptCall | undefined>;
  const scripts = {} as Scripts<Name>;
  for (const [name, lua] of Object.entries(sources) as [Name, string][]) {
    if (typeof commands[name] !== 'function') redis.defineCommand(name, { lua });
    const command = commands[name]!;
    scripts[name] = (numKeys, ...keysAndArgs) => command.call(redis, numKeys, ...keysAndArgs);
  }
  return scripts;
}
