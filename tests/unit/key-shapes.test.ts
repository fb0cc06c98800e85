import { describe, expect, it } from 'vitest';
import { OWNED_BY, SPLIT_BY } from '../../src/adapters/redis/cluster-move.js';
import {
  BULLMQ_KIND,
  COUNTER_PREFIXES,
  KeyReader,
  keyMethods,
  keyShapes,
} from '../../src/adapters/redis/key-shapes.js';
import { RedisKeys } from '../../src/adapters/redis/redis-keys.js';

// Key names read back into the RedisKeys call that spells them (for moving an installation onto a Cluster).

const PREFIX = 'qianfa:';
const plain = new RedisKeys(PREFIX);
const tagged = new RedisKeys(PREFIX, { hashTags: true });
type Method = (...args: string[]) => string;
const call = (keys: RedisKeys, method: string, args: string[]) =>
  (keys as unknown as Record<string, Method>)[method]!.apply(keys, args);

/** Arguments like real ones: an organisation slug first where there is one, an account `wechat:<name>`. */
const SAMPLE_ARGS = ['nantong', 'wechat:崇川发布', 'x7k2'];
const argsOf = (method: string) =>
  SAMPLE_ARGS.slice(0, (plain as unknown as Record<string, Method>)[method]!.length);
/** A key the method names: a rate limiter's counter is its prefix and the limiter's own key. */
const keyOf = (keys: RedisKeys, method: string, args: string[]) =>
  call(keys, method, args) + (COUNTER_PREFIXES.has(method) ? ':nantong:张三' : '');

describe('KeyReader', () => {
  it('reads every single-node key name back and spells it as the Cluster does', () => {
    const reader = new KeyReader(plain);
    const toCluster = new KeyReader(tagged);
    for (const method of keyMethods()) {
      const args = argsOf(method);
      const name = keyOf(plain, method, args);
      const read = reader.read(name);
      expect(read?.method, `${method}: ${name}`).toBe(method);
      // Shared keys keep their names; the move copies them as they are.
      const moved = read!.orgArg === undefined ? name : toCluster.name(read!, 'nantong');
      expect(moved, method).toBe(keyOf(tagged, method, args));
    }
  });

  it('reads the Cluster names back too (the move counts the target by them)', () => {
    const reader = new KeyReader(tagged);
    for (const method of keyMethods()) {
      const name = keyOf(tagged, method, argsOf(method));
      expect(reader.read(name)?.method, name).toBe(method);
    }
  });

  it('prefers the most specific shape, and knows a rate limiter counter and a BullMQ key', () => {
    const reader = new KeyReader(plain);
    expect(reader.read('qianfa:draft:d1:versions')).toMatchObject({
      method: 'draftVersions',
      args: [undefined, 'd1'],
    });
    expect(reader.read('qianfa:person:p1')).toMatchObject({ method: 'person', args: [undefined, 'p1'] });
    expect(reader.read('qianfa:org:nantong:drafts:approved')?.args[0]).toBe('nantong');
    expect(reader.read('qianfa:limit:login:nantong:张三')?.method).toBe('loginFailureLimit');
    expect(reader.read('qianfa:bull:qianfa-publish:wait')).toMatchObject({
      method: BULLMQ_KIND,
      args: ['qianfa-publish'],
    });
  });

  it('knows no other name', () => {
    const reader = new KeyReader(plain);
    for (const name of ['qianfa:mystery', 'qianfa:draft', 'qianfa:limit:login', 'other:draft:d1'])
      expect(reader.read(name), name).toBeUndefined();
  });

  it('has, for every key named by an id alone or shared by organisations, a way to find its organisation', () => {
    const fromData = keyShapes(plain).filter(
      (shape) => shape.orgArg !== undefined && !shape.captured.includes(shape.orgArg),
    );
    expect(fromData.length).toBeGreaterThan(10);
    for (const { method } of fromData) expect(method in OWNED_BY || method in SPLIT_BY, method).toBe(true);
  });
});
