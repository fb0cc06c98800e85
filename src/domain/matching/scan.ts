import type { Automaton } from './automaton.js';

/** Scanner codes below the alphabet: a unit in no pattern, a noise unit, a possible emoji high surrogate. */
export const OUTSIDE = 0;
export const NOISE = 1;
export const EMOJI_HIGH = 2;
const ALPHABET = 3;
/** automaton.ts HOT_STRIDE, repeated here: under tsx an imported constant is a getter call in the hot loop. */
const HOT_STRIDE = 3;

/** Raw hits as (start, end, key) triples, kept sorted by start then end as they are appended. */
export class HitBuffer {
  data = new Int32Array(3 * 1024);
  length = 0;

  /** Hits arrive by end; a later hit can start earlier, so it goes behind the ones that start after it. */
  push(start: number, end: number, key: number): void {
    if (this.length + 3 > this.data.length) this.grow();
    const data = this.data;
    let at = this.length;
    while (at > 0 && data[at - 3]! > start) {
      data[at] = data[at - 3]!;
      data[at + 1] = data[at - 2]!;
      data[at + 2] = data[at - 1]!;
      at -= 3;
    }
    data[at] = start;
    data[at + 1] = end;
    data[at + 2] = key;
    this.length += 3;
  }

  private grow(): void {
    const larger = new Int32Array(this.data.length * 2);
    larger.set(this.data);
    this.data = larger;
  }
}

/**
 * Folded scan: `classes` maps each unit to its alphabet code or a reserved code. Noise units are passed over;
 * more than `maxGap` in a row send the automaton back to the root (an emoji pair counts once). `ring` keeps
 * where the last accepted units were, so a hit starts at the original offset of its first character.
 */
export function scanFolded(
  text: string,
  automaton: Automaton,
  classes: Uint16Array,
  maxGap: number,
  ring: Int32Array,
  hits: HitBuffer,
): void {
  const { hot, rootNext } = automaton;
  const mask = ring.length - 1;
  const length = text.length;
  let state = 0;
  let gap = 0;
  let accepted = 0;
  for (let i = 0; i < length; i++) {
    const code = classes[text.charCodeAt(i)]!;
    if (code < ALPHABET) {
      if (code === OUTSIDE || (code === EMOJI_HIGH && !isLowSurrogate(text.charCodeAt(i + 1)))) {
        state = 0;
      } else {
        if (code === EMOJI_HIGH) i++;
        if (++gap > maxGap) state = 0;
      }
      continue;
    }
    gap = 0;
    for (;;) {
      if (state === 0) {
        state = rootNext[code]!;
        break;
      }
      const slot = state * HOT_STRIDE;
      const target = (hot[slot]! >> 1) + code;
      if (hot[target * HOT_STRIDE + 1] === state) {
        state = target;
        break;
      }
      state = hot[slot + 2]!;
    }
    ring[accepted & mask] = i;
    accepted++;
    if ((hot[state * HOT_STRIDE]! & 1) !== 0) emitFolded(automaton, state, i + 1, accepted, ring, hits);
  }
}

/**
 * Exact scan: every unit counts, nothing is skipped. The transition loop is repeated from scanFolded on
 * purpose: a shared helper would cost a call per unit in the hottest loop.
 */
export function scanExact(text: string, automaton: Automaton, classes: Uint16Array, hits: HitBuffer): void {
  const { hot, rootNext } = automaton;
  const length = text.length;
  let state = 0;
  for (let i = 0; i < length; i++) {
    const code = classes[text.charCodeAt(i)]!;
    if (code === OUTSIDE) {
      state = 0;
      continue;
    }
    for (;;) {
      if (state === 0) {
        state = rootNext[code]!;
        break;
      }
      const slot = state * HOT_STRIDE;
      const target = (hot[slot]! >> 1) + code;
      if (hot[target * HOT_STRIDE + 1] === state) {
        state = target;
        break;
      }
      state = hot[slot + 2]!;
    }
    if ((hot[state * HOT_STRIDE]! & 1) !== 0) emitExact(automaton, state, i + 1, hits);
  }
}

function emitFolded(
  automaton: Automaton,
  state: number,
  end: number,
  accepted: number,
  ring: Int32Array,
  hits: HitBuffer,
): void {
  const { fail, out, keyOf, depth } = automaton;
  const mask = ring.length - 1;
  for (let at = out[state]!; at >= 0; at = out[fail[at]!]!) {
    hits.push(ring[(accepted - depth[at]!) & mask]!, end, keyOf[at]!);
  }
}

function emitExact(automaton: Automaton, state: number, end: number, hits: HitBuffer): void {
  const { fail, out, keyOf, depth } = automaton;
  for (let at = out[state]!; at >= 0; at = out[fail[at]!]!) {
    hits.push(end - depth[at]!, end, keyOf[at]!);
  }
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
