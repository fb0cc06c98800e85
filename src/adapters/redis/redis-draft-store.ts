import type { Redis } from 'ioredis';
import { isPublishing, REVIEW_STATUSES, type ReviewStatus } from '../../domain/workflow/review-status.js';
import type { DraftRecord, DraftWithVersion, StoredVersion } from '../../domain/draft-record.js';
import type { DraftChange, DraftStore } from '../../services/ports/drafts.js';
import { AUDIT_LUA, AuditChainWriter, auditKeys } from './audit-chain-writer.js';
import { RedisKeys } from './redis-keys.js';

// KEYS: 1–3 audit (see AUDIT_LUA), 4 draft hash, 5 versions, 6 org drafts, 7 the global set of approved
// drafts, 8 the set of the new status, 9 onwards the set of every status (the draft leaves them all first).
// ARGV: 1 expected revision, 2 new revision, 3 record JSON, 4 current version number, 5 new version JSON
// ('' for none), 6 creation score, 7 draft id, 8 '1' when the new status is approved, then audit from 9.
const COMMIT = `${AUDIT_LUA}
local stored = tonumber(redis.call('HGET', KEYS[4], 'revision') or '0')
if stored ~= tonumber(ARGV[1]) then return 'conflict' end
local moved = audit_head_moved(9)
if moved then return moved end
redis.call('HSET', KEYS[4], 'revision', ARGV[2], 'record', ARGV[3], 'current', ARGV[4])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[5], ARGV[4], ARGV[5]) end
redis.call('ZADD', KEYS[6], 'NX', ARGV[6], ARGV[7])
for i = 9, #KEYS do redis.call('SREM', KEYS[i], ARGV[7]) end
redis.call('SADD', KEYS[8], ARGV[7])
if ARGV[8] == '1' then redis.call('SADD', KEYS[7], ARGV[7]) else redis.call('SREM', KEYS[7], ARGV[7]) end
audit_append(9)
return 1`;

/**
 * The status sets a commit touches, each found by its status's name: the one the draft enters, and every one
 * (the draft leaves them all first, so a status that was never stored cannot be missed).
 */
export function statusSetKeys(
  keys: RedisKeys,
  org: string,
  status: ReviewStatus,
): { entered: string; every: string[]; approved: boolean } {
  return {
    entered: keys.orgDraftsByStatus(org, status),
    every: REVIEW_STATUSES.map((each) => keys.orgDraftsByStatus(org, each)),
    approved: isPublishing(status),
  };
}

// KEYS: draft hash, versions. The record and its current version, read at one instant.
const GET = `
local fields = redis.call('HMGET', KEYS[1], 'record', 'current')
if not fields[1] then return false end
return { fields[1], redis.call('HGET', KEYS[2], fields[2]) or '' }`;

/** DraftStore on Redis; see the contract in services/ports/drafts.ts. */
export class RedisDraftStore implements DraftStore {
  private readonly writer: AuditChainWriter;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys = new RedisKeys(),
    writer?: AuditChainWriter,
  ) {
    this.writer = writer ?? new AuditChainWriter(redis, keys);
  }

  async commit(change: DraftChange, expectedRevision: number): Promise<'committed' | 'conflict'> {
    const { record } = change;
    const { org } = record.review;
    const statuses = statusSetKeys(this.keys, org, record.review.status);
    const keys = [
      ...auditKeys(this.keys, org, record.id),
      this.keys.draft(record.id),
      this.keys.draftVersions(record.id),
      this.keys.orgDrafts(org),
      this.keys.approvedDrafts(),
      statuses.entered,
      ...statuses.every,
    ];
    const args = [
      String(expectedRevision),
      String(record.revision),
      JSON.stringify(record),
      String(record.review.version.number),
      change.version ? JSON.stringify(change.version) : '',
      String(Date.parse(record.createdAt)),
      record.id,
      statuses.approved ? '1' : '0',
    ];
    const written = await this.writer.write(org, change.audit, async (auditArgs) => {
      const outcome = await this.redis.eval(COMMIT, keys.length, ...keys, ...args, ...auditArgs);
      if (outcome === 1) return { written: true };
      return outcome === 'conflict' ? { refused: 'conflict' as const } : { headMoved: String(outcome) };
    });
    return 'entries' in written ? 'committed' : 'conflict';
  }

  async get(id: string): Promise<DraftWithVersion | null> {
    const found = (await this.redis.eval(GET, 2, this.keys.draft(id), this.keys.draftVersions(id))) as
      [string, string] | null;
    if (!found) return null;
    return { record: JSON.parse(found[0]) as DraftRecord, version: JSON.parse(found[1]) as StoredVersion };
  }

  async version(id: string, number: number): Promise<StoredVersion | null> {
    const json = await this.redis.hget(this.keys.draftVersions(id), String(number));
    return json === null ? null : (JSON.parse(json) as StoredVersion);
  }

  async list(
    org: string,
    filter: { statuses?: readonly ReviewStatus[]; limit: number },
  ): Promise<DraftRecord[]> {
    const ids = filter.statuses
      ? await this.idsInStatuses(org, filter.statuses)
      : await this.redis.zrevrange(this.keys.orgDrafts(org), 0, filter.limit - 1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hget(this.keys.draft(id), 'record');
    const replies = (await pipeline.exec()) ?? [];
    return replies
      .map(([, json]) => (typeof json === 'string' ? (JSON.parse(json) as DraftRecord) : undefined))
      .filter((record): record is DraftRecord => record !== undefined)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, filter.limit);
  }

  approvedIds(): Promise<string[]> {
    return this.redis.smembers(this.keys.approvedDrafts());
  }

  private idsInStatuses(org: string, statuses: readonly ReviewStatus[]): Promise<string[]> {
    if (statuses.length === 0) return Promise.resolve([]);
    return this.redis.sunion(...statuses.map((status) => this.keys.orgDraftsByStatus(org, status)));
  }
}
