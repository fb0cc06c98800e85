import type { RedisClient } from './redis-client.js';
import type { AuditEvent } from '../../domain/audit/audit-event.js';
import { isFinished, type Publication } from '../../domain/publishing/publication.js';
import type { PublicationStore } from '../../services/ports/publishing.js';
import { AUDIT_LUA, AuditChainWriter, auditKeys, type ChainedScript } from './audit-chain-writer.js';
import { RedisKeys } from './redis-keys.js';
import { articleIndexEntryOf } from './redis-published-article-index.js';
import { confirmReplicated } from './redis-connection.js';
import { OrgOfIds } from './org-of-ids.js';

// KEYS: 1–3 audit, 4 publications hash. ARGV: 1 count n, then n (target, JSON) pairs, then audit args.
// Writes only if none of the targets exists yet (else 'exists': the caller rereads and retries).
const QUEUE = `${AUDIT_LUA}
local n = tonumber(ARGV[1])
for i = 1, n do
  if redis.call('HEXISTS', KEYS[4], ARGV[2 * i]) == 1 then return 'exists' end
end
local base = 2 + 2 * n
local moved = audit_head_moved(base)
if moved then return moved end
for i = 1, n do redis.call('HSET', KEYS[4], ARGV[2 * i], ARGV[2 * i + 1]) end
audit_append(base)
return 1`;

// KEYS: 1–3 audit, 4 publications hash, 5 the account's covers, 6 its article ids, 7 its covers in flight (the
// article index). ARGV: 1 target, 2 JSON, 3 cover thumb_media_id ('' for none), 4 its CoverUse JSON, 5 article
// id ('' for none), 6 the publication's field among the covers in flight, 7 its cover while in flight ('' once
// settled or without one), then audit args.
const SAVE = `${AUDIT_LUA}
local moved = audit_head_moved(8)
if moved then return moved end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[5], ARGV[3], ARGV[4]) end
if ARGV[5] ~= '' then redis.call('SADD', KEYS[6], ARGV[5]) end
if ARGV[7] ~= '' then redis.call('HSET', KEYS[7], ARGV[6], ARGV[7]) else redis.call('HDEL', KEYS[7], ARGV[6]) end
audit_append(8)
return 1`;

const QUEUE_SCRIPT: ChainedScript = { name: 'qianfaPublicationsQueue', lua: QUEUE };
const SAVE_SCRIPT: ChainedScript = { name: 'qianfaPublicationSave', lua: SAVE };

/** Attempts of `queue` when another writer keeps adding targets meanwhile (it only ever adds, so this ends). */
const MAX_QUEUE_ROUNDS = 8;

/** PublicationStore on Redis: one hash per draft; see the contract in services/ports/publishing.ts. */
export class RedisPublicationStore implements PublicationStore {
  private readonly writer: AuditChainWriter;
  private readonly orgs: OrgOfIds;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
    writer?: AuditChainWriter,
  ) {
    this.writer = writer ?? new AuditChainWriter(redis, keys);
    this.orgs = new OrgOfIds(redis, keys, 'draftOrg');
  }

  async queue(
    org: string,
    draft: string,
    publications: readonly Publication[],
    audit: (added: readonly Publication[]) => readonly AuditEvent[],
  ): Promise<Publication[]> {
    for (let round = 0; round < MAX_QUEUE_ROUNDS; round++) {
      const stored = await this.of(org, draft);
      const existing = new Set(stored.map(fieldOf));
      const added = publications.filter((publication) => !existing.has(fieldOf(publication)));
      if (added.length === 0) return stored;
      const pairs = added.flatMap((publication) => [fieldOf(publication), JSON.stringify(publication)]);
      const keys = [...auditKeys(this.keys, org, draft), this.keys.draftPublications(org, draft)];
      const written = await this.writer.write(org, audit(added), {
        script: QUEUE_SCRIPT,
        keys,
        args: [String(added.length), ...pairs],
        outcome: (reply) => {
          if (reply === 1) return { written: true };
          return reply === 'exists' ? { refused: 'exists' as const } : { headMoved: String(reply) };
        },
      });
      if ('entries' in written) return sortedPublications([...stored, ...added]);
    }
    throw new Error(`publications of ${draft} kept changing while being queued`);
  }

  /** Also records the publication's cover and article id for the bypass scan (RedisPublishedArticleIndex). */
  async save(org: string, draft: string, publication: Publication, audit?: AuditEvent): Promise<void> {
    const indexed = articleIndexEntryOf(draft, publication);
    const account = indexed?.account ?? '';
    const keys = [
      ...auditKeys(this.keys, org, draft),
      this.keys.draftPublications(org, draft),
      this.keys.wechatCovers(org, account),
      this.keys.wechatArticles(org, account),
      this.keys.wechatCoversInFlight(org, account),
    ];
    const cover = indexed?.cover;
    const args = [
      fieldOf(publication),
      JSON.stringify(publication),
      cover?.thumbMediaId ?? '',
      cover ? JSON.stringify(cover.use) : '',
      indexed?.articleId ?? '',
      `${draft}/${publication.version}`,
      cover && !isFinished(publication) ? cover.thumbMediaId : '',
    ];
    await this.writer.write<never>(org, audit ? [audit] : [], {
      script: SAVE_SCRIPT,
      keys,
      args,
      outcome: (reply) => (reply === 1 ? { written: true } : { headMoved: String(reply) }),
    });
    // A publication's progress (WeChat's media and publish ids) must survive a failover, or it is sent again.
    await confirmReplicated(this.redis);
  }

  async get(draft: string): Promise<Publication[]> {
    const org = await this.orgs.of(draft);
    return org === null ? [] : this.of(org, draft);
  }

  private async of(org: string, draft: string): Promise<Publication[]> {
    const all = await this.redis.hvals(this.keys.draftPublications(org, draft));
    return sortedPublications(all.map((json) => JSON.parse(json) as Publication));
  }
}

/** Oldest version first, then by target: the order `get` promises. */
function sortedPublications(publications: Publication[]): Publication[] {
  return publications.sort((a, b) => a.version - b.version || a.target.localeCompare(b.target));
}

/** One field per version and target: a later approved version gets publications of its own. */
function fieldOf(publication: Pick<Publication, 'version' | 'target'>): string {
  return `${publication.version}/${publication.target}`;
}
