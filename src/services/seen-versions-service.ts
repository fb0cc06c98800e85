import type { DraftWithVersion, StoredVersion } from '../domain/draft-record.js';
import type { Person } from '../domain/people.js';
import type { DraftStore } from './ports/drafts.js';
import type { SeenVersionStore } from './ports/seen-versions.js';

/** What changed on a draft since a person last opened its review page. */
export interface SeenVersions {
  /**
   * Remembers that `viewer` sees `found`'s current version now; answers the version they saw last when it is
   * older (the page shows the changes since), nothing on a first visit or when nothing changed.
   */
  open(viewer: Person, found: DraftWithVersion): Promise<StoredVersion | undefined>;
}

export function createSeenVersions(deps: {
  seen: SeenVersionStore;
  drafts: Pick<DraftStore, 'version'>;
}): SeenVersions {
  return {
    async open(viewer, found) {
      const { id, review } = found.record;
      const current = found.version.number;
      const before = await deps.seen.swap(review.org, viewer.id, id, current);
      if (before === undefined || before >= current) return undefined;
      return (await deps.drafts.version(id, before)) ?? undefined;
    },
  };
}
