import { createHash } from 'node:crypto';
import type { RedisClient } from '../../redis/redis-client.js';
import type { RedisKeys } from '../../redis/redis-keys.js';

// KEYS: 1 the cover's key. ARGV: 1 the media_id to forget. Deletes only that one (another may have replaced it).
const FORGET = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * The media_id of each account's cover image (a permanent material, add_material), uploaded once and reused by
 * every publication, so the account's material library (100,000 images) does not fill with copies. Kept in Redis
 * per appid and SHA-256 of the image, shared by every worker; a changed image is a new key. Each process also
 * keeps the media_ids it read or stored (one Redis read less per publication): one deleted in the console is
 * forgotten by the process whose draft/add WeChat refused with it, and by every other on its own refusal.
 */
export class WechatCoverCache {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  static hashOf(image: Uint8Array): string {
    return createHash('sha256').update(image).digest('hex');
  }

  async get(appid: string, sha256: string): Promise<string | undefined> {
    const key = this.keys.wechatCoverMaterial(appid, sha256);
    const known = this.known.get(key) ?? (await this.redis.get(key)) ?? undefined;
    if (known) this.known.set(key, known);
    return known;
  }

  /** Remembers an uploaded cover unless another worker's upload got there first: the one kept is returned. */
  async remember(appid: string, sha256: string, mediaId: string): Promise<string> {
    const key = this.keys.wechatCoverMaterial(appid, sha256);
    const [[, set], [, kept]] = (await this.redis.multi().set(key, mediaId, 'NX').get(key).exec()) as [
      [null, string | null],
      [null, string | null],
    ];
    const remembered = set === 'OK' ? mediaId : (kept ?? mediaId);
    this.known.set(key, remembered);
    return remembered;
  }

  /** WeChat no longer knows `mediaId` (deleted in the console): the next publication uploads the image again. */
  async forget(appid: string, sha256: string, mediaId: string): Promise<void> {
    const key = this.keys.wechatCoverMaterial(appid, sha256);
    if (this.known.get(key) === mediaId) this.known.delete(key);
    await this.redis.eval(FORGET, 1, key, mediaId);
  }
}
