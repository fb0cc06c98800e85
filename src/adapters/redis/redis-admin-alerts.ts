import type { RedisClient } from './redis-client.js';
import { alertIdOf, isPushedToAdmins, type AdminAlert } from '../../domain/admin-alert.js';
import type { AdminAlerts } from '../../services/ports/alerts.js';
import { RedisKeys } from './redis-keys.js';
import { withScripts } from './redis-scripts.js';

/** Alerts kept per organisation; older ones are dropped (the audit trail keeps the facts for good). */
export const MAX_ALERTS = 1_000;

// KEYS: alerts, alert ids, notification outbox (all in the organisation's slot). ARGV: alert JSON, its id, when
// (ms), most kept, '1' to push it to the admins. An alert already raised writes nothing: it is neither listed nor
// sent twice.
const RAISE = `
if redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[2]) == 0 then return 0 end
local kept = tonumber(ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -kept - 1)
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, kept - 1)
if ARGV[5] == '1' then redis.call('XADD', KEYS[3], '*', 'alert', ARGV[1]) end
return 1`;

/**
 * AdminAlerts on Redis: a bounded list per organisation, newest first, read by `GET /api/alerts` and the admin
 * 告警 page. Raising an alert also writes its notification job to the organisation's notification outbox in the
 * same script, so an alert is never kept without its job; the worker's drain sends it to the organisation's admins
 * on their channels (NotificationService.fanOut). Raising is idempotent per alert id (alertIdOf).
 */
export class RedisAdminAlerts implements AdminAlerts {
  private readonly scripts;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {
    this.scripts = withScripts(redis, { qianfaRaiseAlert: RAISE });
  }

  async raise(alert: AdminAlert): Promise<void> {
    const { keys } = this;
    await this.scripts.qianfaRaiseAlert(
      3,
      keys.orgAlerts(alert.org),
      keys.orgAlertIds(alert.org),
      keys.notificationOutbox(alert.org),
      JSON.stringify(alert),
      alertIdOf(alert),
      Date.parse(alert.at) || 0,
      MAX_ALERTS,
      isPushedToAdmins(alert) ? '1' : '0',
    );
  }

  async list(org: string, limit: number): Promise<AdminAlert[]> {
    const raw = await this.redis.lrange(this.keys.orgAlerts(org), 0, limit - 1);
    return raw.map((json) => JSON.parse(json) as AdminAlert);
  }
}
