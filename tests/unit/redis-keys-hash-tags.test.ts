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

/** The RedisKeys methods whose source uses `helper` (`this.tag(` or `this.within(`), the org as first argument. */
function keyMethodsUsing(helper: string): [string, KeyMethod][] {
  const prototype = RedisKeys.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype)
    .map((name) => [name, Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown] as const)
    .filter((entry): entry is [string, KeyMethod] => typeof entry[1] === 'function')
    .filter(([name, method]) => !HELPERS.includes(name) && method.toString().includes(helper));
}

const HELPERS = ['tag', 'within', 'constructor'];
/** The RedisKeys methods that build an organisation's keys (they take the org first and tag it). */
const orgKeyMethods = () => keyMethodsUsing('this.tag(');
/** Keys named by an id alone, or shared by every organisation on one node: in the org's slot under hashTags. */
const withinOrgMethods = () => keyMethodsUsing('this.within(');

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
      const source = String(Object.getOwnPropertyDescriptor(prototype, name)?.value);
      const tagged = source.includes('this.tag(') || source.includes('this.within(');
      return !HELPERS.includes(name) && /^\w+\((org|slug)\b/.test(source) && !tagged;
    });
    expect(untagged).toEqual([]);
  });

  it('moves keys named by id, and keys every organisation shares on one node, into the organisation’s slot', () => {
    const methods = withinOrgMethods().map(([name]) => name);
    for (const name of ['draft', 'draftVersions', 'draftPublications', 'person', 'personTokens', 'token'])
      expect(methods).toContain(name);
    for (const name of [
      'approvedDrafts',
      'notificationOutbox',
      'notificationRetries',
      'notificationDeadLetters',
    ])
      expect(methods).toContain(name);
    for (const [name, method] of withinOrgMethods()) {
      expect(hashedPart(method.apply(tagged, ARGS)), name).toBe('o:nantong');
    }
    expect(tagged.draft('nantong', 'd1')).toBe('qianfa:{o:nantong}:draft:d1');
    expect(tagged.notificationOutbox('nantong')).toBe('qianfa:{o:nantong}:notify:outbox');
  });

  it('keeps those keys’ single-node names, without the organisation (no migration without Cluster)', () => {
    for (const [name, method] of withinOrgMethods()) {
      const key = method.apply(plain, ARGS);
      expect(key, name).not.toMatch(/[{}]/);
      expect(key, name).toBe(method.apply(tagged, ARGS).replace('{o:nantong}:', ''));
    }
    expect(plain.draft('nantong', 'd1')).toBe('qianfa:draft:d1');
    expect(plain.personGeneration('nantong', 'p1')).toBe('qianfa:person:p1:generation');
    expect(plain.approvedDrafts('nantong')).toBe('qianfa:drafts:approved');
    expect(plain.notificationOutbox('nantong')).toBe('qianfa:notify:outbox');
    expect(plain.perOrg).toBe(false);
    expect(tagged.perOrg).toBe(true);
  });
});
