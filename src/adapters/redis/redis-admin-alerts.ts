import type { RedisClient } from './redis-client.js';
import type { AdminAlert } from '../../domain/admin-alert.js';
import type { AdminAlerts } from '../../services/ports/alerts.js';
import { RedisKeys } from './redis-keys.js';

/** Alerts kept per organisation; older ones are dropped (the audit trail keeps the facts for good). */
export const MAX_ALERTS = 1_000;

/**
 * AdminAlerts on Redis: a bounded list per organisation, newest first, read by `GET /api/alerts`.
 * Shown on the admin pages and to the API only: nothing pushes them to people's channels (WeCom, webhook) yet.
 */
export class RedisAdminAlerts implements AdminAlerts {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async raise(alert: AdminAlert): Promise<void> {
    const key = this.keys.orgAlerts(alert.org);
    await this.redis
      .multi()
      .lpush(key, JSON.stringify(alert))
      .ltrim(key, 0, MAX_ALERTS - 1)
      .exec();
  }

  async list(org: string, limit: number): Promise<AdminAlert[]> {
    const raw = await this.redis.lrange(this.keys.orgAlerts(org), 0, limit - 1);
    return raw.map((json) => JSON.parse(json) as AdminAlert);
  }
}
