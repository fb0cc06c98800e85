import { createHash } from 'node:crypto';
import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-client.js';

/** A script's key or argument; Redis gets a Buffer's bytes as they are. */
export type ScriptArg = string | number | Buffer;

export type ScriptCall = (numKeys: number, ...keysAndArgs: ScriptArg[]) => Promise<unknown>;

/** Scripts by name: each takes the number of keys, the keys, then the arguments. */
export type Scripts<Name extends string> = Record<Name, ScriptCall>;

/**
 * Calls for each script, sent as ioredis' defined commands send them: with the source (EVAL) the first time on a
 * connection, by hash (EVALSHA) after that, and with the source again when Redis answers NOSCRIPT (restarted or
 * flushed). So commands stay in the order they were issued, a script's first run included.
 *
 * Not ioredis `defineCommand` itself: with auto-pipelining, a command defined after the turn's pipeline was made
 * is missing from that pipeline, so its call fails and ioredis then throws while answering the pipeline, which
 * leaves every later command of the connection waiting forever. EVAL and EVALSHA are built in, present on every
 * pipeline, so a script may be first used at any time (the audit writer makes its group scripts on demand).
 */
export function withScripts<Name extends string>(
  redis: RedisClient,
  sources: Record<Name, string>,
): Scripts<Name> {
  const scripts = {} as Scripts<Name>;
  for (const [name, lua] of Object.entries(sources) as [Name, string][])
    scripts[name] = scriptCall(redis, lua);
  return scripts;
}

function scriptCall(redis: RedisClient, lua: string): ScriptCall {
  const sha = createHash('sha1').update(lua).digest('hex');
  // The connections this script was sent on (a Cluster counts as one: its nodes answer NOSCRIPT once each).
  const sentOn = new WeakSet<object>();
  const withSource: ScriptCall = (numKeys, ...keysAndArgs) => {
    const connection = connectionOf(redis);
    if (connection) sentOn.add(connection);
    return redis.eval(lua, numKeys, ...keysAndArgs);
  };
  return async (numKeys, ...keysAndArgs) => {
    const connection = connectionOf(redis);
    if (!connection || !sentOn.has(connection)) return withSource(numKeys, ...keysAndArgs);
    try {
      return await redis.evalsha(sha, numKeys, ...keysAndArgs);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return withSource(numKeys, ...keysAndArgs);
    }
  };
}

/** The socket of a single node's client (a reconnection may reach a server without the script), the Cluster. */
const connectionOf = (redis: RedisClient): object | undefined =>
  redis instanceof Cluster ? redis : redis.stream;
