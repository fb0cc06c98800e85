import type { RedisClient } from './redis-client.js';
import type { CorrectionLedger, CorrectionRef, OriginalMark } from '../../services/ports/corrections.js';
import { RedisKeys } from './redis-keys.js';

const UNLINK_IF_SAME = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored and cjson.decode(stored).draft == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`;

/** CorrectionLedger on Redis: two hashes per organisation (alerts → corrections, originals → marks). */
export class RedisCorrectionLedger implements CorrectionLedger {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async linkAlert(org: string, alertId: string, correction: CorrectionRef): Promise<CorrectionRef> {
    const key = this.keys.orgAlertCorrections(org);
    const [[, set], [, stored]] = (await this.redis
      .multi()
      .hsetnx(key, alertId, JSON.stringify(correction))
      .hget(key, alertId)
      .exec()) as [[null, number], [null, string]];
    return set === 1 ? correction : (JSON.parse(stored) as CorrectionRef);
  }

  async unlinkAlert(org: string, alertId: string, draft: string): Promise<void> {
    // Compare and delete in one step: a link another request made meanwhile stays.
    await this.redis.eval(UNLINK_IF_SAME, 1, this.keys.orgAlertCorrections(org), alertId, draft);
  }

  async alertCorrections(org: string, alertIds: readonly string[]): Promise<Map<string, CorrectionRef>> {
    if (alertIds.length === 0) return new Map();
    const stored = await this.redis.hmget(this.keys.orgAlertCorrections(org), ...alertIds);
    const found = new Map<string, CorrectionRef>();
    stored.forEach((json, index) => {
      if (json !== null) found.set(alertIds[index]!, JSON.parse(json) as CorrectionRef);
    });
    return found;
  }

  async markOriginal(org: string, original: string, mark: OriginalMark): Promise<void> {
    await this.redis.hset(this.keys.orgCorrectedOriginals(org), original, JSON.stringify(mark));
  }

  async originalMark(org: string, original: string): Promise<OriginalMark | undefined> {
    const json = await this.redis.hget(this.keys.orgCorrectedOriginals(org), original);
    return json === null ? undefined : (JSON.parse(json) as OriginalMark);
  }
}
