import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendEntry, entryHash, verifyChain } from '../../src/domain/audit/audit-chain.js';
import type { AuditEntry, AuditEvent } from '../../src/domain/audit/audit-event.js';
import { GENESIS_HASH } from '../../src/domain/audit/audit-event.js';
import { canonicalJson } from '../../src/domain/audit/canonical-json.js';

const event = (n: number): AuditEvent => ({
  action: n % 2 === 0 ? 'approved' : 'checked',
  org: 'cc',
  draft: `d${n}`,
  actor: `u${n}`,
  at: `2025-03-01T08:00:0${n}Z`,
  version: 1,
  details: { stage: 'review', comment: `意见${n}`, acknowledged: ['privacy:name'] },
});

function chainOf(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let n = 0; n < length; n += 1) entries.push(appendEntry(entries.at(-1), event(n)));
  return entries;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and adds no whitespace', () => {
    const value = { b: [{ z: 1, a: '审' }], a: null, c: undefined, d: true };
    expect(canonicalJson(value)).toBe('{"a":null,"b":[{"a":"审","z":1}],"d":true}');
  });
});

describe('audit chain', () => {
  it('links each entry to the previous one with a SHA-256 of its canonical form', () => {
    const [first, second] = chainOf(2);
    expect(first).toMatchObject({ seq: 0, prev: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 1, prev: first?.hash });
    const { hash, ...content } = first!;
    expect(hash).toBe(createHash('sha256').update(canonicalJson(content)).digest('hex'));
    expect(entryHash(first!)).toBe(hash);
  });

  it('gives the same hash whatever the key order of the event', () => {
    const reverse = <T extends object>(value: T): T =>
      Object.fromEntries(Object.entries(value).reverse()) as T;
    const original = event(0);
    const reordered = reverse({ ...original, details: reverse(original.details) });
    expect(Object.keys(reordered)[0]).toBe('details');
    expect(appendEntry(undefined, reordered).hash).toBe(appendEntry(undefined, event(0)).hash);
  });

  it('verifies an intact chain and reports its head', () => {
    const entries = chainOf(5);
    expect(verifyChain(entries)).toEqual({ ok: true, count: 5, head: entries[4]?.hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: GENESIS_HASH });
    expect(verifyChain(entries, { count: 5, hash: entries[4]!.hash })).toMatchObject({ ok: true });
  });

  const tampered: [string, (entries: AuditEntry[]) => AuditEntry[], number, string][] = [
    [
      'a changed detail',
      (e) => e.map((x, i) => (i === 2 ? { ...x, details: { ...x.details, comment: '改' } } : x)),
      2,
      'changed',
    ],
    ['a changed actor', (e) => e.map((x, i) => (i === 4 ? { ...x, actor: 'mallory' } : x)), 4, 'changed'],
    [
      'a changed and re-hashed entry',
      (e) => e.map((x, i) => (i === 1 ? rehash({ ...x, actor: 'mallory' }) : x)),
      2,
      'link_broken',
    ],
    ['a removed entry', (e) => e.filter((_, i) => i !== 3), 3, 'removed'],
    ['a removed first entry', (e) => e.slice(1), 0, 'removed'],
    ['two swapped entries', (e) => [e[0]!, e[2]!, e[1]!, e[3]!, e[4]!], 1, 'reordered'],
    ['an entry moved back', (e) => [e[0]!, e[1]!, e[2]!, e[4]!, e[3]!], 3, 'reordered'],
    ['a duplicated entry', (e) => [e[0]!, e[1]!, e[1]!, e[2]!, e[3]!, e[4]!], 2, 'reordered'],
  ];
  it.each(tampered)('names the first bad entry after %s', (_name, tamper, index, reason) => {
    const entries = chainOf(5);
    expect(verifyChain(tamper(entries))).toMatchObject({ ok: false, index, reason });
  });

  it('detects cut-off newest entries only against a known head', () => {
    const entries = chainOf(5);
    const head = { count: 5, hash: entries[4]!.hash };
    expect(verifyChain(entries.slice(0, 3))).toMatchObject({ ok: true });
    expect(verifyChain(entries.slice(0, 3), head)).toEqual({
      ok: false,
      index: 3,
      seq: undefined,
      reason: 'removed',
    });
  });
});

function rehash(entry: AuditEntry): AuditEntry {
  return { ...entry, hash: entryHash(entry) };
}
