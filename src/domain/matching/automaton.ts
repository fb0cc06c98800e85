import { DoubleArrayBuilder } from './double-array-builder.js';

/** Alphabet codes below FIRST_CODE are reserved for the scanner (outside the alphabet, noise, emoji). */
export const FIRST_CODE = 3;

/** Slots per state in `hot`: base and flag, check, failure link (read together when a transition misses). */
const HOT_STRIDE = 3;

/**
 * Aho–Corasick automaton over a double-array trie, laid out for the scan loop. `hot` holds three slots per state:
 * `base << 1 | emits` (children of s sit at base + code; emits: some key ends at s or at a suffix of it),
 * `check` (the parent of the state at this position, -1 when free) and the failure link, so that a missed
 * transition finds its next state on the cache line it has just read. Everything else is read off the hot path.
 */
export interface Automaton {
  readonly hot: Int32Array;
  readonly fail: Int32Array;
  /** First state on the suffix chain (the state itself included) at which a key ends; -1 when none. */
  readonly out: Int32Array;
  /** Transitions of the root for every code, 0 where the root has no child. */
  readonly rootNext: Int32Array;
  /** Key index for states that end a key, -1 elsewhere. */
  readonly keyOf: Int32Array;
  /** Length in units of the key a state ends. */
  readonly depth: Int32Array;
  readonly maxDepth: number;
}

interface Pending {
  lo: number;
  hi: number;
  depth: number;
  state: number;
}

/** Builds the automaton; `keys` must be sorted by code unit, unique and non-empty; `codeOf` maps unit → code. */
export function buildAutomaton(keys: readonly string[], codeOf: Uint16Array, codeLimit: number): Automaton {
  const builder = new DoubleArrayBuilder(codeLimit);
  const order: number[] = [0];
  const queue: Pending[] = [{ lo: 0, hi: keys.length, depth: 0, state: 0 }];
  let maxDepth = 0;
  for (let head = 0; head < queue.length; head++) {
    const { lo, hi, depth, state } = queue[head]!;
    if (lo === hi) continue;
    let first = lo;
    if (keys[lo]!.length === depth) {
      builder.markKey(state, lo, depth);
      maxDepth = Math.max(maxDepth, depth);
      first++;
    }
    if (first === hi) continue;
    const groups = groupByUnit(keys, first, hi, depth);
    const codes = groups.map((group) => codeOf[group.unit]!);
    const base = builder.place(state, codes);
    groups.forEach((group, i) => {
      const child = base + codes[i]!;
      order.push(child);
      queue.push({ lo: group.lo, hi: group.hi, depth: depth + 1, state: child });
    });
  }
  return link(builder, order, codeLimit, maxDepth);
}

function groupByUnit(keys: readonly string[], lo: number, hi: number, depth: number) {
  const groups: { unit: number; lo: number; hi: number }[] = [];
  for (let i = lo; i < hi;) {
    const unit = keys[i]!.charCodeAt(depth);
    let end = i + 1;
    while (end < hi && keys[end]!.charCodeAt(depth) === unit) end++;
    groups.push({ unit, lo: i, hi: end });
    i = end;
  }
  return groups;
}

/**
 * Failure and output links in breadth-first order, so a state's suffixes are linked before it. The arrays keep
 * one alphabet of free positions past the last state, so base + code never reads past their end.
 */
function link(
  builder: DoubleArrayBuilder,
  order: readonly number[],
  codeLimit: number,
  maxDepth: number,
): Automaton {
  const { base, check, keyOf, depth } = builder.trimmed(builder.length + codeLimit + 1);
  const size = check.length;
  const fail = new Int32Array(size);
  const out = new Int32Array(size).fill(-1);
  for (let i = 1; i < order.length; i++) {
    const state = order[i]!;
    const parent = check[state]!;
    const code = state - base[parent]!;
    const suffix = parent === 0 ? 0 : follow(base, check, fail, fail[parent]!, code);
    fail[state] = suffix;
    out[state] = keyOf[state]! >= 0 ? state : out[suffix]!;
  }
  const hot = new Int32Array(size * HOT_STRIDE);
  for (let state = 0; state < size; state++) {
    hot[state * HOT_STRIDE] = (base[state]! << 1) | (out[state]! >= 0 ? 1 : 0);
    hot[state * HOT_STRIDE + 1] = check[state]!;
    hot[state * HOT_STRIDE + 2] = fail[state]!;
  }
  const rootNext = new Int32Array(codeLimit);
  for (let code = FIRST_CODE; code < codeLimit; code++) {
    const target = base[0]! + code;
    rootNext[code] = check[target] === 0 ? target : 0;
  }
  return { hot, fail, out, rootNext, keyOf, depth, maxDepth };
}

/** The state reached from `state` by `code`, following failure links; 0 (root) when nothing matches. */
function follow(base: Int32Array, check: Int32Array, fail: Int32Array, state: number, code: number): number {
  for (;;) {
    const target = base[state]! + code;
    if (check[target] === state) return target;
    if (state === 0) return 0;
    state = fail[state]!;
  }
}
