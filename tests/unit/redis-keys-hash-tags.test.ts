import { describe, expect, it } from 'vitest';
import { RedisKeys } from '../../src/adapters/redis/redis-keys.js';

// Redis Cluster key shapes (issue 17 point 4): under hashTags every key of one organisation is in one slot.
// Redis hashes only the first {…} of a key when there is one, so that part must be the organisation's tag.

/** What Redis Cluster hashes for a key: the first non-empty {…}, else the whole key. */
function hashedPart(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

type KeyMethod = (...args: string[]) => string;

/** The RedisKeys methods that build an organisation's keys (they take the org first and tag it). */
function orgKeyMethods(): [string, KeyMethod][] {
  const prototype = RedisKeys.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype)
    .map((name) => [name, prototype[name]] as const)
    .filter((entry): entry is [string, KeyMethod] => typeof entry[1] === 'function')
    .filter(
      ([name, method]) => name !== 'tag' && name !== 'constructor' && method.toString().includes('this.tag('),
    );
}

const ARGS = ['nantong', 'draft-1', 'box', 'image'];

describe('RedisKeys under hashTags', () => {
  const tagged = new RedisKeys('qianfa:', { hashTags: true });
  const plain = new RedisKeys('qianfa:');

  it('puts every key of one organisation in the slot of {o:<slug>}', () => {
    const methods = orgKeyMethods();
    expect(methods.length).toBeGreaterThan(25);
    for (const [name, method] of methods) {
      const key = method.apply(tagged, ARGS);
      expect(hashedPart(key), name).toBe('o:nantong');
    }
    expect(tagged.orgAwaiting('nantong', 'editor')).toBe('qianfa:org:{o:nantong}:awaiting:editor');
    expect(tagged.auditHead('nantong')).toBe('qianfa:audit:{o:nantong}:head');
  });

  it('leaves the single-node key names as they were (no migration without Cluster)', () => {
    for (const [name, method] of orgKeyMethods()) {
      const key = method.apply(plain, ARGS);
      expect(key, name).not.toMatch(/[{}]/);
      expect(key, name).toBe(method.apply(tagged, ARGS).replace('{o:nantong}', 'nantong'));
    }
    expect(plain.orgAwaiting('nantong', 'editor')).toBe('qianfa:org:nantong:awaiting:editor');
  });

  it('tags every key method that takes an organisation first (keys added later included)', () => {
    const prototype = RedisKeys.prototype as unknown as Record<string, unknown>;
    const untagged = Object.getOwnPropertyNames(prototype).filter((name) => {
      const source = String(prototype[name]);
      return name !== 'tag' && /^\w+\((org|slug)\b/.test(source) && !source.includes('this.tag(');
    });
    expect(untagged).toEqual([]);
  });
});
