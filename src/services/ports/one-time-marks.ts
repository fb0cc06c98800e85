/** Marks that may be set once (single-use links). `claim` is atomic: of racing callers exactly one gets true. */
export interface OneTimeMarks {
  /** True the first time for `mark`; the mark is forgotten after `ttlMs` (once what it guards has expired). */
  claim(mark: string, ttlMs: number): Promise<boolean>;
  isClaimed(mark: string): Promise<boolean>;
}
