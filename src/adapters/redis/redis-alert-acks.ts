import type { RedisClient } from './redis-client.js';
import type { AlertAck, AlertAcks } from '../../services/ports/alert-acks.js';
import { RedisKeys } from './redis-keys.js';

/** AlertAcks on Redis: one hash per organisation, alert id → acknowledgement (JSON), first one wins (HSETNX). */
export class RedisAlertAcks implements AlertAcks {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async acknowledge(org: string, alertId: string, ack: AlertAck): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.orgAlertAcks(org), alertId, JSON.stringify(ack))) === 1;
  }

  async of(org: string, alertIds: readonly string[]): Promise<Map<string, AlertAck>> {
    if (alertIds.length === 0) return new Map();
    const found = await this.redis.hmget(this.keys.orgAlertAcks(org), ...alertIds);
    return new Map(
      alertIds.flatMap((id, index) => {
        const json = found[index];
        return json ? [[id, JSON.parse(json) as AlertAck] as const] : [];
      }),
    );
  }
}
