/** Placement gives up on a free position after this many misfits, and looks at this many per state. */
const MAX_MISFITS = 1024;
const MAX_CANDIDATES = 1 << 16;

/**
 * Lays out a trie as a double array: the children of state s sit at base[s] + code and record s in check.
 * Positions are states. Free positions below the frontier form a linked list that placement searches first,
 * which keeps the arrays dense (~97 % on a 50k list); everything from the frontier on is free.
 */
export class DoubleArrayBuilder {
  base = new Int32Array(1 << 16);
  check = new Int32Array(1 << 16).fill(-1);
  keyOf = new Int32Array(1 << 16).fill(-1);
  depth = new Int32Array(1 << 16);
  private used = new Uint8Array(1 << 16);
  private nextFree = new Int32Array(1 << 16);
  private prevFree = new Int32Array(1 << 16);
  private misfits = new Uint16Array(1 << 16);
  private head = -1;
  private frontier = 1;

  constructor(private readonly codeLimit: number) {
    this.used[0] = 1;
  }

  /** Number of positions in use or reserved; base + code stays below it plus the code limit. */
  get length(): number {
    return this.frontier;
  }

  markKey(state: number, key: number, depth: number): void {
    this.keyOf[state] = key;
    this.depth[state] = depth;
  }

  /** Finds a base where every child position is free, claims the positions and returns the base. */
  place(state: number, codes: readonly number[]): number {
    const sorted = [...codes].sort((a, b) => a - b);
    const base = this.findBase(sorted);
    this.ensure(base + this.codeLimit);
    this.base[state] = base;
    for (const code of sorted) this.claim(base + code, state);
    return base;
  }

  /** Arrays trimmed to `length` positions (padded with free positions). */
  trimmed(length: number): Pick<DoubleArrayBuilder, 'base' | 'check' | 'keyOf' | 'depth'> {
    this.ensure(length);
    return {
      base: this.base.slice(0, length),
      check: this.check.slice(0, length),
      keyOf: this.keyOf.slice(0, length),
      depth: this.depth.slice(0, length),
    };
  }

  private findBase(codes: readonly number[]): number {
    const lowest = codes[0]!;
    let position = this.head;
    for (let tries = 0; position >= 0 && tries < MAX_CANDIDATES; tries++) {
      const next = this.nextFree[position]!;
      if (position >= lowest && this.fits(position - lowest, codes)) return position - lowest;
      if (++this.misfits[position]! > MAX_MISFITS) this.unlink(position);
      position = next;
    }
    return Math.max(this.frontier, lowest) - lowest;
  }

  private fits(base: number, codes: readonly number[]): boolean {
    for (const code of codes) {
      const position = base + code;
      if (position < this.frontier && this.used[position] === 1) return false;
    }
    return true;
  }

  private claim(position: number, state: number): void {
    if (position >= this.frontier) {
      this.ensure(position + 1);
      for (let hole = this.frontier; hole < position; hole++) this.append(hole);
      this.frontier = position + 1;
    } else {
      this.unlink(position);
    }
    this.used[position] = 1;
    this.check[position] = state;
  }

  /** Appends a hole; the list's tail is kept in prevFree[head]. */
  private append(position: number): void {
    this.nextFree[position] = -1;
    if (this.head < 0) {
      this.head = position;
      this.prevFree[position] = position;
      return;
    }
    const tail = this.prevFree[this.head]!;
    this.nextFree[tail] = position;
    this.prevFree[position] = tail;
    this.prevFree[this.head] = position;
  }

  private unlink(position: number): void {
    const next = this.nextFree[position]!;
    const prev = this.prevFree[position]!;
    if (position === this.head) {
      this.head = next;
      if (next >= 0) this.prevFree[next] = prev === position ? next : prev;
    } else {
      this.nextFree[prev] = next;
      if (next >= 0) this.prevFree[next] = prev;
      else this.prevFree[this.head] = prev;
    }
  }

  private ensure(positions: number): void {
    if (positions < this.used.length) return;
    let capacity = this.used.length;
    while (capacity <= positions) capacity *= 2;
    this.base = grow(this.base, capacity, 0);
    this.check = grow(this.check, capacity, -1);
    this.keyOf = grow(this.keyOf, capacity, -1);
    this.depth = grow(this.depth, capacity, 0);
    this.used = grow(this.used, capacity, 0);
    this.nextFree = grow(this.nextFree, capacity, 0);
    this.prevFree = grow(this.prevFree, capacity, 0);
    this.misfits = grow(this.misfits, capacity, 0);
  }
}

function grow<A extends Int32Array | Uint16Array | Uint8Array>(array: A, length: number, fill: number): A {
  const larger = new (array.constructor as new (length: number) => A)(length);
  larger.set(array);
  larger.fill(fill, array.length);
  return larger;
}
