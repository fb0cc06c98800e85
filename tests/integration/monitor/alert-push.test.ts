import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../src/adapters/notifications/webhook/webhook-notifier.js';
import type { AdminAlert } from '../../../src/domain/admin-alert.js';
import { addDays } from '../../../src/domain/monitor/calendar-days.js';
import { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { untilDeliveriesIdle } from '../../helpers/queues-idle.js';
import { as, PUBLIC_URL, startReviewApp, type ReviewApp } from '../../helpers/review-app.js';
import { DayClock } from '../../helpers/test-clock.js';
import { addWechatAccount, WECHAT_ACCOUNT } from '../../helpers/wechat-publishing-app.js';
import { startReceiver } from '../../helpers/webhook-receiver.js';

const SECRET = 'webhook-secret-0123456789';

// Issue 13 point 2: the monitor's alerts reach the organisation's admins on their channels, once each.
describe('admin alerts pushed to the admins’ channels', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let adminHook: Awaited<ReturnType<typeof startReceiver>>;
  let editorHook: Awaited<ReturnType<typeof startReceiver>>;
  let clock: DayClock;

  beforeEach(async () => {
    clock = new DayClock();
    wechat = await new FakeWechatServer({ accounts: [WECHAT_ACCOUNT], now: clock.now }).start();
    adminHook = await startReceiver();
    editorHook = await startReceiver();
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl }, { webhookAllowHosts: ['127.0.0.1'] });
    clock.follow(t);
    clock.moveTo('2026-09-01');
    const admin = await t.person('管理员', ['admin']);
    const editor = await t.person('王五', ['editor']);
    await as(t.app, admin).put('/api/me/channels', { webhook: { url: adminHook.url, secret: SECRET } });
    await as(t.app, editor).put('/api/me/channels', { webhook: { url: editorHook.url, secret: SECRET } });
    await addWechatAccount(t, admin);
    await t.startWorker();
  });

  afterEach(async () => {
    await t.close();
    await wechat.close();
    adminHook.server.close();
    editorHook.server.close();
  });

  /** Runs the daily check from `day` on until it raises an alert of `kind`. */
  async function checkUntil(kind: AdminAlert['kind'], day: string): Promise<AdminAlert> {
    for (; day <= '2026-12-31'; day = addDays(day, 1)) {
      clock.moveTo(day);
      const raised = (await t.monitor.check()).find((alert) => alert.kind === kind);
      if (raised) return raised;
    }
    throw new Error(`no ${kind} alert`);
  }

  it('sends a cadence warning to the admin’s webhook once, and nothing to a non-admin', async () => {
    const warning = await checkUntil('cadence_warning', '2026-09-02');
    await untilDeliveriesIdle(t);

    expect(adminHook.received).toHaveLength(1);
    const [delivered] = adminHook.received;
    expect(verifyWebhookSignature(delivered!.body, delivered!.signature, SECRET)).toBe(true);
    const payload = JSON.parse(delivered!.body) as Record<string, string>;
    expect(payload).toMatchObject({
      event: 'admin_alert',
      title: '告警｜更新频率预警：微信公众号 · 崇川发布',
      url: `${PUBLIC_URL}/d/admin/org/cc/alerts`,
      org: 'cc',
    });
    expect(payload.description).toContain(warning.message);
    expect(editorHook.received).toEqual([]);

    // The next run raises nothing new; the same alert raised again is neither listed nor sent twice.
    expect(await t.monitor.check()).toEqual([]);
    await t.alerts.raise(warning);
    await untilDeliveriesIdle(t);
    expect(adminHook.received).toHaveLength(1);
    expect((await t.alerts.list('cc', 100)).filter((alert) => alert.kind === 'cadence_warning')).toHaveLength(
      1,
    );
    expect(editorHook.received).toEqual([]);
  });
});
