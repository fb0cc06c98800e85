import { inject } from 'vitest';
import { serve, type Served } from './spawn-serve.js';
import { until } from './until.js';

export interface Demo {
  served: Served;
  /** API tokens and login links by person, as the start printed them. */
  tokens: Map<string, string>;
  logins: Map<string, string>;
}

/**
 * Starts `qianfa serve --sandbox` as `npm run demo` does, with a REDIS_URL (under `prefix`) and a secret key in
 * the environment that it must not use, and reads the people's tokens and login links from what it prints.
 */
export async function startDemo(dataDir: string, prefix = 'sandbox-unused:'): Promise<Demo> {
  const notForTheSandbox = {
    REDIS_URL: inject('redisUrl'),
    QIANFA_REDIS_PREFIX: prefix,
    QIANFA_SECRET_KEY: 'ab'.repeat(32),
  };
  const served = await serve(dataDir, notForTheSandbox, ['--sandbox']);
  const text = await until('the demo lines', () => served.output().includes('/sandbox\n') && served.output());
  const tokens = new Map([...text.matchAll(/^ {2}(\S+)：(qf_\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  const logins = new Map(
    [...text.matchAll(/^ {2}\S+ (\S+)：(http\S+\/d\/login\/\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
  );
  return { served, tokens, logins };
}
