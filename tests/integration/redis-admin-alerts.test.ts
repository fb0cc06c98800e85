import { beforeEach, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { RedisAdminAlerts } from '../../src/adapters/redis/redis-admin-alerts.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import type { AdminAlert } from '../../src/domain/admin-alert.js';
import { guardedRedisEach, KEY_SHAPES, type SlotGuard } from '../helpers/slot-guard.js';

const WARNING: AdminAlert = {
  org: 'cc',
  kind: 'cadence_warning',
  message: '账号 wechat:崇川发布 已连续 12 天未更新。',
  target: 'wechat:崇川发布',
  at: '2026-09-11T02:00:00.000Z',
};

// Raising keeps the alert and writes its notification job in one script over the organisation's slot.
describe.each(KEY_SHAPES)('RedisAdminAlerts, $shape', ({ hashTags }) => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let guard: SlotGuard;
  let alerts: RedisAdminAlerts;
  const outbox = () => redis.xrange(keys.notificationOutbox('cc'), '-', '+');

  const shaped = guardedRedisEach(hashTags);
  beforeEach(() => {
    ({ redis, keys, guard } = shaped);
    alerts = new RedisAdminAlerts(redis, keys);
  });

  it('lists an alert and queues its job once, however often it is raised', async () => {
    await alerts.raise(WARNING);
    await alerts.raise({ ...WARNING });
    expect(await alerts.list('cc', 10)).toEqual([WARNING]);
    const jobs = await outbox();
    expect(jobs.map(([, fields]) => fields)).toEqual([['alert', JSON.stringify(WARNING)]]);

    const later = { ...WARNING, at: '2026-09-12T02:00:00.000Z' };
    await alerts.raise(later);
    expect(await alerts.list('cc', 10)).toEqual([later, WARNING]);
    expect(await outbox()).toHaveLength(2);
    // The raise script's keys were checked for one slot, each run: sent with its source first, then by hash.
    expect([guard.checked.get('eval'), guard.checked.get('evalsha')]).toEqual([1, 2]);
  });

  it('keeps a failed delivery’s alert without queuing it (it would go out on the failing channels)', async () => {
    const failed: AdminAlert = {
      org: 'cc',
      kind: 'notification_failed',
      message: '通知发送失败',
      at: WARNING.at,
    };
    await alerts.raise(failed);
    expect(await alerts.list('cc', 10)).toEqual([failed]);
    expect(await outbox()).toEqual([]);
  });
});
