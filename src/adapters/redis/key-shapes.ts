import { RedisKeys } from './redis-keys.js';

/**
 * Key names read back into the RedisKeys call that spells them, so a key of one shape (single node) can be named
 * in the other (hash tags, Redis Cluster) by calling the same method again. Everything here is derived by calling
 * RedisKeys' own methods with placeholder arguments: a key added there is known here without a second spelling.
 */

/** Members of RedisKeys' prototype that do not name a key. */
const NOT_KEYS = new Set(['constructor', 'tag', 'within', 'all']);

/**
 * Methods naming the prefix of counters that rate-limiter-flexible names `<keyPrefix>:<key>` (the rest of the
 * name is the limiter's).
 */
export const COUNTER_PREFIXES = new Set(['liveCheckLimit', 'authFailureLimit', 'loginFailureLimit']);

/** The library key naming BullMQ's keys on one node (`<prefix>bull:<queue>:…`, bullmqPrefix). */
export const BULLMQ_KIND = 'bullmq';

type KeyMethod = (...args: string[]) => string;

/** One method of RedisKeys as a pattern over the names it gives. */
export interface KeyShape {
  method: string;
  arity: number;
  /** The argument that names the organisation (under hashTags it becomes `{o:<slug>}`); none for shared keys. */
  orgArg: number | undefined;
  /** Matches a name of this shape; group n captures argument `captured[n - 1]`. */
  pattern: RegExp;
  captured: number[];
  /** Characters of the name that are not arguments: the most specific of several matching shapes wins. */
  literal: number;
}

/** A key name read back: the method that spells it and the arguments the name carries (the others undefined). */
export interface KeyCall {
  method: string;
  args: (string | undefined)[];
  /** The organisation argument's position, if the method has one. */
  orgArg: number | undefined;
}

// Private-use characters around an argument's position: no key name has them.
const placeholder = (n: number) => `\u{E000}${n}\u{E001}`;
const PLACEHOLDER = /\u{E000}(\d+)\u{E001}/gu;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function methodOf(keys: RedisKeys, method: string): KeyMethod {
  return (keys as unknown as Record<string, KeyMethod>)[method]!.bind(keys);
}

/** The names of RedisKeys' methods that name keys. */
export function keyMethods(): string[] {
  return Object.getOwnPropertyNames(RedisKeys.prototype).filter(
    (name) =>
      !NOT_KEYS.has(name) &&
      typeof Object.getOwnPropertyDescriptor(RedisKeys.prototype, name)?.value === 'function',
  );
}

/** Every key method of `keys` as a pattern over the names it gives in `keys`' shape. */
export function keyShapes(keys: RedisKeys): KeyShape[] {
  const tagged = new RedisKeys(keys.prefix, { hashTags: true });
  return keyMethods().map((method) => {
    const arity = methodOf(keys, method).length;
    const args = Array.from({ length: arity }, (_, n) => placeholder(n));
    const probe = methodOf(tagged, method)(...args);
    const orgArg = args.findIndex((arg) => probe.includes(`{o:${arg}}`));
    if (orgArg < 0 && probe !== methodOf(new RedisKeys(keys.prefix), method)(...args))
      throw new Error(`RedisKeys.${method} differs between the shapes but names no organisation`);
    const sample = methodOf(keys, method)(...args) + (COUNTER_PREFIXES.has(method) ? ':' : '');
    return shapeOf(method, arity, orgArg < 0 ? undefined : orgArg, sample, COUNTER_PREFIXES.has(method));
  });
}

function shapeOf(
  method: string,
  arity: number,
  orgArg: number | undefined,
  sample: string,
  open: boolean,
): KeyShape {
  const captured: number[] = [];
  let pattern = '';
  let literal = 0;
  let at = 0;
  const text = (part: string) => {
    pattern += escape(part);
    literal += part.length;
  };
  for (const match of sample.matchAll(PLACEHOLDER)) {
    text(sample.slice(at, match.index));
    const arg = Number(match[1]);
    captured.push(arg);
    // An organisation slug has no ':' nor braces; other arguments (an account `wechat:<name>`) may.
    pattern += arg === orgArg ? '([^:{}]+)' : '(.+)';
    at = match.index + match[0].length;
  }
  text(sample.slice(at));
  return {
    method,
    arity,
    orgArg,
    pattern: new RegExp(`^${pattern}${open ? '.+' : ''}$`, 's'),
    captured,
    literal,
  };
}

/**
 * Reads key names back into RedisKeys calls. `read` answers the most specific shape matching a name (the most
 * literal characters: `draft:<id>:versions` over `draft:<id>`), BullMQ's keys as their own kind, and undefined
 * for a name no method gives.
 */
export class KeyReader {
  private readonly shapes: KeyShape[];

  private readonly bullmqPrefix: string;

  constructor(readonly keys: RedisKeys) {
    this.shapes = keyShapes(keys).sort((a, b) => b.literal - a.literal);
    this.bullmqPrefix = `${keys.prefix}bull:`;
  }

  get prefix(): string {
    return this.keys.prefix;
  }

  /** The call naming `name`; BullMQ's keys (single-node prefix) as BULLMQ_KIND with the queue's name. */
  read(name: string): KeyCall | undefined {
    if (name.startsWith(this.bullmqPrefix)) {
      const queue = name.slice(this.bullmqPrefix.length).split(':')[0];
      return { method: BULLMQ_KIND, args: [queue], orgArg: undefined };
    }
    for (const shape of this.shapes) {
      const match = shape.pattern.exec(name);
      if (!match) continue;
      const args: (string | undefined)[] = Array.from({ length: shape.arity }, () => undefined);
      shape.captured.forEach((arg, n) => (args[arg] = match[n + 1]));
      return { method: shape.method, args, orgArg: shape.orgArg };
    }
    return undefined;
  }

  /** The name `call` gives in this reader's shape, the organisation argument set to `org` if it has one. */
  name(call: KeyCall, org?: string): string {
    const args = call.args.map((arg, n) => (n === call.orgArg && org !== undefined ? org : (arg ?? '')));
    return methodOf(this.keys, call.method)(...args);
  }
}
