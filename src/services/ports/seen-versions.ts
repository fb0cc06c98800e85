/** The version of each draft each person last saw on its review page (for "changes since you last saw it"). */
export interface SeenVersionStore {
  /**
   * Records that `person` of `org` sees `version` of `draft` now and answers the version they saw before (none
   * the first time), in one step, so two tabs opening at once each learn what came before.
   */
  swap(org: string, person: string, draft: string, version: number): Promise<number | undefined>;
}
