import { describe, expect, it } from 'vitest';
import { createSeededRandom, ScheduledRules } from '../../fakes/fault-injection.js';
import { stringifyWithBigInts } from '../../fakes/raw-json.js';

const neverCalled = (): number => {
  throw new Error('random drawn for a rule without probability');
};

describe('ScheduledRules (fake-server fault plans)', () => {
  it('fires once by default and only for its key', () => {
    const rules = new ScheduledRules<'/a' | '/b', string>(neverCalled);
    rules.add('/a', 'fault');
    expect(rules.take('/b')).toBeUndefined();
    expect(rules.take('/a')).toBe('fault');
    expect(rules.take('/a')).toBeUndefined();
  });

  it('fires N times, first matching rule first, "*" for every key', () => {
    const rules = new ScheduledRules<string, string>(neverCalled);
    rules.add('/a', 'first', { times: 2 });
    rules.add('*', 'any', { times: 2 });
    expect(['/a', '/a', '/a', '/b', '/b'].map((key) => rules.take(key))).toEqual([
      'first',
      'first',
      'any',
      'any',
      undefined,
    ]);
  });

  it('fires by probability from the injected random, forever unless capped', () => {
    const draws = [0.1, 0.9, 0.29, 0.3, 0.0];
    const rules = new ScheduledRules<string, string>(() => draws.shift() ?? 1);
    rules.add('/a', 'p', { probability: 0.3 });
    expect([1, 2, 3, 4, 5].map(() => rules.take('/a'))).toEqual(['p', undefined, 'p', undefined, 'p']);
  });

  it('caps a probabilistic rule with times', () => {
    const rules = new ScheduledRules<string, string>(() => 0);
    rules.add('/a', 'p', { probability: 0.5, times: 1 });
    expect([rules.take('/a'), rules.take('/a')]).toEqual(['p', undefined]);
  });
});

describe('createSeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const sequence = (seed: number): number[] => Array.from({ length: 5 }, createSeededRandom(seed));
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
    for (const value of sequence(7)) expect(value >= 0 && value < 1).toBe(true);
  });
});

describe('stringifyWithBigInts', () => {
  it('writes bigints as bare integer literals', () => {
    expect(stringifyWithBigInts({ id: 9_007_199_254_740_993n, idstr: '9007199254740993', list: [1n] })).toBe(
      '{"id":9007199254740993,"idstr":"9007199254740993","list":[1]}',
    );
  });
});
