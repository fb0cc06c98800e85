import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { RedisClient } from './redis-client.js';
import { isPublishing, REVIEW_STATUSES, type ReviewStatus } from '../../domain/workflow/review-status.js';
import type { DraftRecord, DraftWithVersion, StoredVersion } from '../../domain/draft-record.js';
import type { CommitOutcome, DraftChange, DraftStore } from '../../services/ports/drafts.js';
import { AUDIT_LUA, AuditChainWriter, auditKeys, type ChainedScript } from './audit-chain-writer.js';
import { RedisKeys } from './redis-keys.js';
import { withScripts, type Scripts } from './redis-scripts.js';
import { OrgOfIds, orgsToWalk } from './org-of-ids.js';
import { DECIDING_ROLES, type Role } from '../../domain/people.js';
import { awaitingEntryOf } from '../../domain/workflow/awaiting-index.js';
import { decidedEntryOf, type DecidedEntry } from '../../domain/workflow/decided-index.js';

// KEYS: 1–3 audit (see AUDIT_LUA), 4 draft hash, 5 versions, 6 org drafts, 7 the global set of approved
// drafts, 8–11 the awaiting sets of the deciding roles, 12–13 the returned sets of drafter and author, 14 the
// notification outbox, 15 the set of the new status, 16 onwards the set of every status, then the deciding
// person's 已处理 set, the organisation's workflow hash and last its check settings revision.
// ARGV: 1 expected revision, 2 new revision, 3 record JSON, 4 current version number, 5 new version JSON
// ('' for none), 6 creation score, 7 draft id, 8 '1' when the new status is approved, 9 which awaiting set
// (1–4, 0 for none), 10 since when it waits ('' when unknown: an entry already there keeps its time, a new one
// takes 12), 11 '1' when returned, 12 the change's time, 13 the notification kinds ('' for no job), 14 the
// 已处理 entry ('' when the change decides nothing), 15 its score, 16 the new status, 17 the statuses of KEYS 16
// onwards, comma-separated and in their order, 18 the workflow revision the change was decided with ('' when not
// checked), 19 the check settings revision the new version was checked with ('' when not checked); then audit
// from 20.
// The hash keeps the status beside the record so that a commit leaves only the set the draft is in: a new draft
// is in no set or index yet, and one stored before the status field leaves every status set.
const COMMIT = `${AUDIT_LUA}
local stored = redis.call('HMGET', KEYS[4], 'revision', 'status')
if tonumber(stored[1] or '0') ~= tonumber(ARGV[1]) then return 'conflict' end
if ARGV[18] ~= '' and tonumber(redis.call('HGET', KEYS[#KEYS - 1], 'revision') or '0') ~= tonumber(ARGV[18]) then
  return 'workflow_changed'
end
if ARGV[19] ~= '' and tonumber(redis.call('GET', KEYS[#KEYS]) or '0') ~= tonumber(ARGV[19]) then
  return 'check_settings_changed'
end
local moved = audit_head_moved(20)
if moved then return moved end
local id = ARGV[7]
local fresh = not stored[1]
local function leave_status_set(previous)
  if fresh or previous == ARGV[16] then return end
  local i = 16
  for name in string.gmatch(ARGV[17], '[^,]+') do
    if name == previous then redis.call('SREM', KEYS[i], id) return end
    i = i + 1
  end
  for each = 16, #KEYS - 3 do redis.call('SREM', KEYS[each], id) end
end
local function leave(command, key)
  if not fresh then redis.call(command, key, id) end
end
redis.call('HSET', KEYS[4], 'revision', ARGV[2], 'record', ARGV[3], 'current', ARGV[4], 'status', ARGV[16])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[5], ARGV[4], ARGV[5]) end
redis.call('ZADD', KEYS[6], 'NX', ARGV[6], id)
leave_status_set(stored[2])
redis.call('SADD', KEYS[15], id)
if ARGV[8] == '1' then redis.call('SADD', KEYS[7], id) else leave('SREM', KEYS[7]) end
local waiting = tonumber(ARGV[9])
for i = 1, 4 do
  if i ~= waiting then leave('ZREM', KEYS[7 + i])
  elseif ARGV[10] ~= '' then redis.call('ZADD', KEYS[7 + i], ARGV[10], id)
  else redis.call('ZADD', KEYS[7 + i], 'NX', ARGV[12], id) end
end
for i = 12, 13 do
  if ARGV[11] == '1' then redis.call('ZADD', KEYS[i], ARGV[12], id) else leave('ZREM', KEYS[i]) end
end
if ARGV[13] ~= '' then redis.call('XADD', KEYS[14], '*', 'kinds', ARGV[13], 'record', ARGV[3]) end
if ARGV[14] ~= '' then redis.call('ZADD', KEYS[#KEYS - 2], ARGV[15], ARGV[14]) end
audit_append(20)
return 1`;
const COMMIT_SCRIPT: ChainedScript = { name: 'qianfaDraftCommit', lua: COMMIT };

/**
 * The status sets a commit touches, each found by its status's name: the one the draft enters, and every one in
 * REVIEW_STATUSES' order (the script finds the one the draft leaves among them by its stored status, and a draft
 * stored before the hash kept its status leaves them all).
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

/**
 * The versions hash's one field once archived: every version's JSON, by number, as one Brotli-compressed JSON
 * object (a published draft's bodies stay readable, in a fraction of the memory).
 */
const ARCHIVE_FIELD = 'archive';

// KEYS: draft hash, versions. The record and its current version, read at one instant.
const GET = `
local fields = redis.call('HMGET', KEYS[1], 'record', 'current')
if not fields[1] then return false end
return { fields[1], redis.call('HGET', KEYS[2], fields[2]) or '' }`;

// KEYS: draft hash, versions. ARGV: the revision the versions were read at, their archive (compressed). Replaces
// the versions by their archive unless the draft changed since they were read or they are archived already.
const ARCHIVE = `
if redis.call('HGET', KEYS[1], 'revision') ~= ARGV[1] then return 0 end
if redis.call('HEXISTS', KEYS[2], '${ARCHIVE_FIELD}') == 1 then return 0 end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], '${ARCHIVE_FIELD}', ARGV[2])
return 1`;

/** Quality 5: about the size quality 9 gives on notices (2.4 vs 2.4 KB of 29.6 KB) at 1.7 ms instead of 103 ms. */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };

type DraftScripts = Scripts<'qianfaDraftGet' | 'qianfaDraftArchive'>;

/** DraftStore on Redis; see the contract in services/ports/drafts.ts. */
export class RedisDraftStore implements DraftStore {
  private readonly writer: AuditChainWriter;
  private readonly scripts: DraftScripts;
  private readonly orgs: OrgOfIds;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
    writer?: AuditChainWriter,
  ) {
    this.writer = writer ?? new AuditChainWriter(redis, keys);
    this.scripts = withScripts(redis, { qianfaDraftGet: GET, qianfaDraftArchive: ARCHIVE });
    this.orgs = new OrgOfIds(redis, keys, 'draftOrg');
  }

  async commit(change: DraftChange, expectedRevision: number): Promise<CommitOutcome> {
    const { record } = change;
    const { org } = record.review;
    const statuses = statusSetKeys(this.keys, org, record.review.status);
    const { review } = record;
    const awaiting = awaitingEntryOf(record, change.version?.at);
    const decided = decidedEntryOf(change.audit);
    // Before the draft's first write: from then on it can be found by id alone.
    if (expectedRevision === 0) await this.orgs.remember(record.id, org);
    const keys = [
      ...auditKeys(this.keys, org, record.id),
      this.keys.draft(org, record.id),
      this.keys.draftVersions(org, record.id),
      this.keys.orgDrafts(org),
      this.keys.approvedDrafts(org),
      ...DECIDING_ROLES.map((role) => this.keys.orgAwaiting(org, role)),
      this.keys.orgReturned(org, review.drafter.id),
      this.keys.orgReturned(org, review.version.author.id),
      this.keys.notificationOutbox(org),
      statuses.entered,
      ...statuses.every,
      this.keys.orgDecidedBy(org, decided?.person ?? review.drafter.id),
      this.keys.orgWorkflow(org),
      this.keys.orgCheckSettingsRevision(org),
    ];
    const { waiting } = awaiting;
    const args = [
      String(expectedRevision),
      String(record.revision),
      utf8(JSON.stringify(record)),
      String(review.version.number),
      change.version ? utf8(JSON.stringify(change.version)) : '',
      String(Date.parse(record.createdAt)),
      record.id,
      statuses.approved ? '1' : '0',
      String(waiting ? DECIDING_ROLES.indexOf(waiting.role) + 1 : 0),
      waiting?.since ? String(Date.parse(waiting.since)) : '',
      awaiting.returnedTo.length > 0 ? '1' : '0',
      String(Date.parse(record.updatedAt)),
      (change.notify ?? []).join(','),
      decided ? JSON.stringify(decided.entry) : '',
      decided ? String(Date.parse(decided.entry.at)) : '',
      review.status,
      REVIEW_STATUSES.join(','),
      change.workflowRevision === undefined ? '' : String(change.workflowRevision),
      change.checkSettingsRevision === undefined ? '' : String(change.checkSettingsRevision),
    ];
    const written = await this.writer.write(org, change.audit, {
      script: COMMIT_SCRIPT,
      keys,
      args,
      outcome: (reply) => {
        if (reply === 1) return { written: true };
        if (reply === 'conflict' || reply === 'workflow_changed' || reply === 'check_settings_changed') {
          return { refused: reply as CommitOutcome };
        }
        return { headMoved: String(reply) };
      },
    });
    return 'entries' in written ? 'committed' : written.refused;
  }

  async get(id: string): Promise<DraftWithVersion | null> {
    const org = await this.orgs.of(id);
    if (org === null) return null;
    const keys = [this.keys.draft(org, id), this.keys.draftVersions(org, id)];
    const found = (await this.scripts.qianfaDraftGet(2, ...keys)) as [string, string] | null;
    if (!found) return null;
    const record = JSON.parse(found[0]) as DraftRecord;
    const json = found[1] || (await this.archived(org, id))?.[String(record.review.version.number)];
    return { record, version: JSON.parse(json ?? '') as StoredVersion };
  }

  async version(id: string, number: number): Promise<StoredVersion | null> {
    const org = await this.orgs.of(id);
    if (org === null) return null;
    const json =
      (await this.redis.hget(this.keys.draftVersions(org, id), String(number))) ??
      (await this.archived(org, id))?.[String(number)];
    return json === undefined ? null : (JSON.parse(json) as StoredVersion);
  }

  /**
   * Moves the draft's version bodies into their compressed archive, unless it changed after `revision` (a draft
   * that moves on keeps them hot). True when archived now.
   */
  async archiveVersions(id: string, revision: number): Promise<boolean> {
    const org = await this.orgs.of(id);
    if (org === null) return false;
    const versions = await this.redis.hgetall(this.keys.draftVersions(org, id));
    if (Object.keys(versions).length === 0 || ARCHIVE_FIELD in versions) return false;
    const archive = brotliCompressSync(JSON.stringify(versions), BROTLI);
    const keys = [this.keys.draft(org, id), this.keys.draftVersions(org, id)];
    return (await this.scripts.qianfaDraftArchive(2, ...keys, String(revision), archive)) === 1;
  }

  /** Every version's JSON by number, from the archive; undefined while the versions are not archived. */
  private async archived(org: string, id: string): Promise<Record<string, string> | undefined> {
    const archive = await this.redis.hgetBuffer(this.keys.draftVersions(org, id), ARCHIVE_FIELD);
    return archive
      ? (JSON.parse(brotliDecompressSync(archive).toString('utf8')) as Record<string, string>)
      : undefined;
  }

  async list(
    org: string,
    filter: { statuses?: readonly ReviewStatus[]; limit: number },
  ): Promise<DraftRecord[]> {
    const ids = filter.statuses
      ? await this.idsInStatuses(org, filter.statuses)
      : await this.redis.zrevrange(this.keys.orgDrafts(org), 0, filter.limit - 1);
    return (await this.records(ids))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, filter.limit);
  }

  async approvedIds(): Promise<string[]> {
    const orgs = await orgsToWalk(this.redis, this.keys);
    const each = await Promise.all(orgs.map((org) => this.redis.smembers(this.keys.approvedDrafts(org))));
    return each.flat();
  }

  async waitingFor(
    org: string,
    roles: readonly Role[],
    page: { offset: number; count: number },
  ): Promise<string[]> {
    const sets = DECIDING_ROLES.filter((role) => roles.includes(role));
    const end = page.offset + page.count - 1;
    // Each set's first offset + count entries hold the merged page: the cost follows the page, not the history.
    const pipeline = this.redis.pipeline();
    for (const role of sets) pipeline.zrange(this.keys.orgAwaiting(org, role), 0, end, 'WITHSCORES');
    const merged = ((await pipeline.exec()) ?? []).flatMap(([, reply]) => pairsOf(reply as string[]));
    merged.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
    return merged.slice(page.offset, end + 1).map((entry) => entry.id);
  }

  /**
   * Builds the awaiting indexes of `orgs` from their open drafts once (drafts stored before the indexes existed);
   * every later commit keeps them. Returns how many drafts it indexed (0 once built).
   */
  async indexOpenDraftsOnce(orgs: readonly string[]): Promise<number> {
    if ((await this.redis.set(this.keys.awaitingIndexBuilt(), '1', 'NX')) === null) return 0;
    let indexed = 0;
    for (const org of orgs) {
      const ids = await this.idsInStatuses(org, ['in_review', 'rejected', 'blocked']);
      const pipeline = this.redis.pipeline();
      for (const record of await this.records(ids)) {
        const version = await this.version(record.id, record.review.version.number);
        const { waiting, returnedTo } = awaitingEntryOf(record, version?.at);
        const changed = Date.parse(record.updatedAt);
        if (waiting)
          pipeline.zadd(
            this.keys.orgAwaiting(org, waiting.role),
            Date.parse(waiting.since ?? record.updatedAt),
            record.id,
          );
        for (const person of returnedTo)
          pipeline.zadd(this.keys.orgReturned(org, person), changed, record.id);
        indexed++;
      }
      await pipeline.exec();
    }
    return indexed;
  }

  async decidedBy(
    org: string,
    person: string,
    page: { offset: number; count: number },
  ): Promise<DecidedEntry[]> {
    const key = this.keys.orgDecidedBy(org, person);
    const members = await this.redis.zrevrange(key, page.offset, page.offset + page.count - 1);
    return members.map((json) => JSON.parse(json) as DecidedEntry);
  }

  returnedTo(org: string, person: string, limit: number): Promise<string[]> {
    return this.redis.zrevrange(this.keys.orgReturned(org, person), 0, limit - 1);
  }

  async records(ids: readonly string[]): Promise<DraftRecord[]> {
    if (ids.length === 0) return [];
    // One pipeline per organisation: on a Cluster a pipeline's keys must be on one node.
    const found = new Map<string, DraftRecord>();
    for (const [org, ofOrg] of await this.orgs.grouped(ids)) {
      const pipeline = this.redis.pipeline();
      for (const id of ofOrg) pipeline.hget(this.keys.draft(org, id), 'record');
      const replies = (await pipeline.exec()) ?? [];
      replies.forEach(([, json], i) => {
        if (typeof json === 'string') found.set(ofOrg[i]!, JSON.parse(json) as DraftRecord);
      });
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  private idsInStatuses(org: string, statuses: readonly ReviewStatus[]): Promise<string[]> {
    if (statuses.length === 0) return Promise.resolve([]);
    return this.redis.sunion(...statuses.map((status) => this.keys.orgDraftsByStatus(org, status)));
  }
}

/**
 * A JSON argument as its UTF-8 bytes, which Redis stores as the string would be. A Chinese text makes a string
 * two-byte, and ioredis concatenated every argument of the group script (and of its auto-pipeline) into one string
 * that the socket then flattened and encoded whole: about twice the CPU per commit, and its garbage, against a
 * Buffer encoded once (bench figures in the commit that made this).
 */
function utf8(json: string): Buffer {
  return Buffer.from(json, 'utf8');
}

/** A ZRANGE … WITHSCORES reply as entries. */
function pairsOf(reply: readonly string[]): { id: string; score: number }[] {
  const entries: { id: string; score: number }[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) entries.push({ id: reply[i]!, score: Number(reply[i + 1]) });
  return entries;
}
