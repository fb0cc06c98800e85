import type { RedisClient } from './redis-client.js';
import type { DraftRecord } from '../../domain/draft-record.js';
import type { RedisDraftStore } from './redis-draft-store.js';
import type { RedisKeys } from './redis-keys.js';

/** Drafts read (and archived) per round trip. */
const BATCH = 200;

/**
 * The retention policy for version bodies: a draft published more than `afterMs` ago gets its versions moved into
 * their compressed archive (RedisDraftStore.archiveVersions), still read through the same store methods. Each
 * organisation's archived drafts are remembered, so a run reads only the published drafts not archived yet.
 */
export class RedisVersionArchive {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly drafts: Pick<RedisDraftStore, 'records' | 'archiveVersions'>,
    private readonly orgs: () => Promise<string[]>,
  ) {}

  /** Archives every draft published before `now - afterMs`; answers how many it archived. */
  async archiveDue(now: Date, afterMs: number): Promise<number> {
    const cutoff = new Date(now.getTime() - afterMs).toISOString();
    let archived = 0;
    for (const org of await this.orgs()) archived += await this.archiveOrg(org, cutoff);
    return archived;
  }

  private async archiveOrg(org: string, cutoff: string): Promise<number> {
    const published = this.keys.orgDraftsByStatus(org, 'published');
    const ids = await this.redis.sdiff(published, this.keys.orgArchivedDrafts(org));
    let archived = 0;
    for (let at = 0; at < ids.length; at += BATCH) {
      const due = (await this.drafts.records(ids.slice(at, at + BATCH))).filter((record) =>
        isDue(record, cutoff),
      );
      for (const record of due) {
        if (await this.drafts.archiveVersions(record.id, record.revision)) archived++;
      }
      if (due.length > 0) await this.redis.sadd(this.keys.orgArchivedDrafts(org), ...due.map((r) => r.id));
    }
    return archived;
  }
}

function isDue(record: DraftRecord, cutoff: string): boolean {
  return record.review.status === 'published' && record.updatedAt < cutoff;
}
