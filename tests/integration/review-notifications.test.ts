import { Queue } from 'bullmq';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/adapters/crypto/secret-box.js';
import { wechatTokenContext } from '../../src/adapters/platforms/wechat/wechat-token-cache.js';
import { verifyWebhookSignature } from '../../src/adapters/notifications/webhook/webhook-notifier.js';
import { TIMER_QUEUE_NAME } from '../../src/adapters/queue/bullmq-notification-queues.js';
import {
  bullmqConnection,
  bullmqPrefix,
  endBullmqConnection,
} from '../../src/adapters/queue/bullmq-publish-queue.js';
import { FakeWechatTemplateServer } from '../fakes/fake-wechat-template-server.js';
import { FakeWecomServer } from '../fakes/fake-wecom-server.js';
import { untilDeliveriesIdle } from '../helpers/queues-idle.js';
import { as, PUBLIC_URL, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const WECOM = { corpid: 'ww0123456789abcdef', corpsecret: 'wecom-app-secret', agentid: 1000002 };
const WEBHOOK_SECRET = 'webhook-secret-0123456789';
const DRAFT = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };
const MINUTE = 60_000;

describe('notifying the people a stage waits for', () => {
  let t: ReviewApp;
  let wecom: FakeWecomServer;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let drafter: Auth;
  let reviewer: Auth;
  let editor: Auth;

  beforeEach(async () => {
    wecom = await new FakeWecomServer({
      apps: [{ ...WECOM, members: ['zhangsan', 'lisi', 'wangwu', 'admin'] }],
    }).start();
    hook = await startReceiver();
    t = await startReviewApp(
      {},
      {
        wecomApiBase: wecom.baseUrl,
        wecom: { corpid: WECOM.corpid, secret: WECOM.corpsecret, agentid: WECOM.agentid },
        webhookAllowHosts: ['127.0.0.1'], // the loopback receiver, allowed explicitly (egress policy)
      },
    );
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('王五', ['editor']);
    const admin = await t.person('管理员', ['admin']);
    await as(t.app, reviewer).put('/api/me/channels', {
      wecom: { user_id: 'lisi' },
      webhook: { url: hook.url, secret: WEBHOOK_SECRET },
    });
    await as(t.app, editor).put('/api/me/channels', { wecom: { user_id: 'wangwu' } });
    await as(t.app, drafter).put('/api/me/channels', {
      wecom: { user_id: 'zhangsan' },
      webhook: { url: hook.url, secret: WEBHOOK_SECRET },
    });
    await as(t.app, admin).put('/api/me/channels', { wecom: { user_id: 'admin' } });
    await t.startWorker();
  });

  afterEach(async () => {
    await t.close();
    await wecom.close();
    hook.server.close();
  });

  it('sends each eligible person a card with their own link, and a signed webhook', async () => {
    const id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;
    const card = await until('the WeCom card', () => wecom.lastMessageTo('lisi'));
    expect(card).toMatchObject({ msgtype: 'textcard', title: '待审签：亲子阅读活动通知' });
    expect(card.url.startsWith(`${PUBLIC_URL}/m/review/`)).toBe(true);
    await untilDeliveriesIdle(t); // every card of this step is out: one for the editor would be there by now
    expect(wecom.lastMessageTo('wangwu')).toBeUndefined();
    const delivered = await until('the webhook', () => hook.received[0]);
    expect(verifyWebhookSignature(delivered.body, delivered.signature, WEBHOOK_SECRET)).toBe(true);
    // The receiver can file it by draft and stage without recognising the title (issue 15, point 5).
    expect(JSON.parse(delivered.body)).toMatchObject({
      event: 'review_awaiting',
      title: '待审签：亲子阅读活动通知',
      draft: id,
      version: 1,
      stage: 'review',
      stage_name: '审核',
      grade: 'general',
      grade_name: '一般',
      org: 'cc',
      org_name: '单位cc',
    });
    expect(card.description).toContain('审核环节');
    // Each message carries a link of its own, minted as it is sent, to the same page for the same person.
    const { url } = JSON.parse(delivered.body) as { url: string };
    expect(url.startsWith(`${PUBLIC_URL}/m/review/`)).toBe(true);
    expect(url).not.toBe(card.url);
    for (const link of [url, card.url]) {
      const page = await request(t.app).get(new URL(link).pathname);
      expect(page.status).toBe(200);
      expect(page.text).toContain('亲子阅读活动通知');
    }
    const form = new URLSearchParams({ decision: 'approve', stage: 'review', version: '1' }).toString();
    expect((await request(t.app).post(new URL(card.url).pathname).type('form').send(form)).status).toBe(200);
    const next = await until('the editor card', () => wecom.lastMessageTo('wangwu'));
    expect(next.title).toBe('待审签：亲子阅读活动通知');
    expect(next.url).not.toBe(card.url);
    expect(id).toBeTruthy();
  });

  it('refuses a webhook the egress policy forbids when it is set, naming the reason in Chinese', async () => {
    const refused = [
      ['http://hook.example.gov.cn/x', /https/],
      ['https://127.0.0.2/x', /本机、内网/], // 127.0.0.1 itself is allowed here (the receiver)
      ['https://[::1]/x', /本机、内网/],
      ['https://[::ffff:127.0.0.1]/x', /本机、内网/],
      ['https://169.254.169.254/latest', /本机、内网/],
      ['https://10.1.2.3/x', /本机、内网/],
      ['https://172.16.0.1/x', /本机、内网/],
      ['https://192.168.1.1/x', /本机、内网/],
      ['https://[fc00::1]/x', /本机、内网/],
      ['https://[fe80::1]/x', /本机、内网/],
    ] as const;
    for (const [url, reason] of refused) {
      const answer = await as(t.app, editor).put('/api/me/channels', {
        webhook: { url, secret: WEBHOOK_SECRET },
      });
      expect(answer.status, url).toBe(400);
      expect(JSON.stringify(answer.body), url).toMatch(reason);
    }
    const kept = await as(t.app, editor).get('/api/me/channels');
    expect(JSON.stringify(kept.body)).not.toContain('webhook');
    // The allowed host (this installation's loopback receiver) and a public https name are accepted.
    const allowed = await as(t.app, editor).put('/api/me/channels', {
      webhook: { url: hook.url, secret: WEBHOOK_SECRET },
    });
    expect(allowed.status).toBe(200);
    const open = { url: 'https://hook.example.gov.cn/x', secret: WEBHOOK_SECRET };
    expect((await as(t.app, editor).put('/api/me/channels', { webhook: open })).status).toBe(200);
  });

  it('tells the drafter which stage returned the draft, on WeCom and in the webhook', async () => {
    const id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;
    await until('the reviewer card', () => wecom.lastMessageTo('lisi'));
    const rejected = await as(t.app, reviewer).post(`/api/drafts/${id}/reject`, {
      version: 1,
      comment: '活动时间请核实',
    });
    expect(rejected.status).toBe(200);
    const card = await until('the drafter card', () => wecom.lastMessageTo('zhangsan'));
    expect(card.title).toBe('稿件被退回：亲子阅读活动通知');
    expect(card.description).toContain('审核环节');
    expect(card.description).toContain('活动时间请核实');
    const returned = await until('the returned webhook', () =>
      hook.received
        .map((r) => JSON.parse(r.body) as { event: string })
        .find((b) => b.event === 'draft_rejected'),
    );
    expect(returned).toMatchObject({ draft: id, version: 1, stage: 'review', stage_name: '审核', org: 'cc' });
  });

  /** The WeCom messages sent so far whose title starts with `title`. */
  const sentTitled = (title: string) => wecom.messages().filter((m) => m.title.startsWith(title));
  const REMINDER = '提醒：仍待审签';
  const ESCALATION = '超时未审签';
  const submit = async () => {
    const id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;
    await until('the reviewer card', () => wecom.lastMessageTo('lisi'));
    return id;
  };

  it('reminds after the grade’s delay, then escalates to the next level and the admins; never decides', async () => {
    const id = await submit();
    // A general draft: due 240 minutes after it started waiting, found by the patrol's next run.
    t.advanceClock(239 * MINUTE);
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 0 });
    t.advanceClock(MINUTE);
    expect(await t.reminders.run()).toEqual({ reminded: 1, escalated: 0 });
    const reminder = await until('the reminder', () => sentTitled(REMINDER)[0]);
    expect(reminder.to).toEqual(['lisi']);
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 0 });
    // As long again after the reminder: the escalation.
    t.advanceClock(239 * MINUTE);
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 0 });
    t.advanceClock(MINUTE);
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 1 });
    const escalated = await until('the escalation', () => {
      const sent = sentTitled(ESCALATION);
      return sent.length >= 2 ? sent : undefined;
    });
    expect(escalated.flatMap((m) => m.to).sort()).toEqual(['admin', 'wangwu']);
    t.advanceClock(24 * 60 * MINUTE);
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 0 });
    await untilDeliveriesIdle(t);
    expect([sentTitled(REMINDER).length, sentTitled(ESCALATION).length]).toEqual([1, 2]);
    const draft = (await as(t.app, reviewer).get(`/api/drafts/${id}`)).body as {
      status: string;
      stages: { status: string }[];
    };
    expect([draft.status, draft.stages[0]?.status]).toEqual(['in_review', 'waiting']);

    await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 });
    const timer = { org: 'cc', draft: id, version: 1, stage: 'review', level: 'remind' } as const;
    expect(await t.notifications.fire(timer)).toBe('moot');
  });

  it('reminds once when two processes’ patrols run at the same time', async () => {
    await submit();
    const other = await t.secondServices();
    t.advanceClock(240 * MINUTE);
    const runs = await Promise.all([t.reminders.run(), other.reminders.run(), t.reminders.run()]);
    expect(runs.reduce((sum, run) => sum + run.reminded, 0)).toBe(1);
    await untilDeliveriesIdle(t);
    expect(sentTitled(REMINDER)).toHaveLength(1);
    const webhooks = hook.received.filter((r) => r.body.includes('"review_reminder"'));
    expect(webhooks).toHaveLength(1);
  });

  it('never reminds of a stage decided before its reminder was due; the next stage waits on its own clock', async () => {
    const id = await submit();
    t.advanceClock(100 * MINUTE);
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 0 }); // the patrol has seen it waiting
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    t.advanceClock(140 * MINUTE); // the review stage's reminder would be due now
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 0 });
    t.advanceClock(100 * MINUTE); // 240 minutes after the editor's stage started waiting
    expect(await t.reminders.run()).toEqual({ reminded: 1, escalated: 0 });
    expect((await until('the editor’s reminder', () => sentTitled(REMINDER)[0])).to).toEqual(['wangwu']);
    expect((await as(t.app, editor).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    t.advanceClock(24 * 60 * MINUTE);
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 0 });
    await untilDeliveriesIdle(t);
    expect([sentTitled(REMINDER).length, sentTitled(ESCALATION).length]).toEqual([1, 0]);
  });

  it('drops a reminder job queued before the patrol existed: the patrol sends what it would have', async () => {
    const id = await submit();
    const connection = bullmqConnection(t.redisUrl);
    const prefix = bullmqPrefix(t.keys.prefix, t.redisUrl, TIMER_QUEUE_NAME);
    const queue = new Queue(TIMER_QUEUE_NAME, { connection, prefix });
    try {
      const timer = { org: 'cc', draft: id, version: 1, stage: 'review', level: 'remind' };
      const job = await queue.add('remind', timer, { jobId: 't.legacy' });
      const done = await until('the old job to be done with', async () => {
        const read = await queue.getJob(job.id!);
        return read?.finishedOn ? read : undefined;
      });
      expect(done.returnvalue).toBe('moot');
    } finally {
      await queue.close();
      endBullmqConnection(connection);
    }
    await untilDeliveriesIdle(t);
    expect(sentTitled(REMINDER)).toEqual([]);
  });

  it('reminds of a revised draft on the clock of its new version', async () => {
    const id = await submit();
    t.advanceClock(240 * MINUTE);
    expect(await t.reminders.run()).toEqual({ reminded: 1, escalated: 0 });
    const reject = { version: 1, comment: '活动时间请核实' };
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/reject`, reject)).status).toBe(200);
    t.advanceClock(10 * MINUTE);
    const revised = { ...DRAFT, body: `${DRAFT.body}时间为上午九点。`, base_version: 1 };
    expect((await as(t.app, drafter).put(`/api/drafts/${id}`, revised)).status).toBe(200);
    t.advanceClock(230 * MINUTE); // version 1's escalation would be due now
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 0 });
    t.advanceClock(10 * MINUTE); // 240 minutes after version 2 started waiting
    expect(await t.reminders.run()).toEqual({ reminded: 1, escalated: 0 });
    const reminders = await until('version 2’s reminder', () => {
      const sent = hook.received
        .map((r) => JSON.parse(r.body) as { event: string; version: number })
        .filter((b) => b.event === 'review_reminder');
      return sent.length >= 2 ? sent : undefined;
    });
    expect(reminders.map((b) => b.version)).toEqual([1, 2]);
  });
});

describe('notifying by WeChat template message', () => {
  const SERVICE = { appid: 'wx9988776655443322', secret: 'service-account-secret' };
  const TEMPLATE = 'tmpl-review-awaiting';

  it('sends the follower a template message from the configured 服务号, with their own link', async () => {
    const fake = await new FakeWechatTemplateServer({
      accounts: [
        {
          appid: SERVICE.appid,
          templates: { [TEMPLATE]: ['thing1', 'thing2'] },
          followers: ['o6_bmjrPTlm6_2sgVt7hMZOPfL2M'],
        },
      ],
    }).start();
    const t = await startReviewApp(
      { wechatApiBase: fake.baseUrl },
      { wechatTemplate: { org: 'cc', account: '崇川服务号', templateId: TEMPLATE } },
    );
    try {
      const drafter = await t.person('张三', ['drafter']);
      const reviewer = await t.person('李四', ['reviewer']);
      const admin = await t.person('管理员', ['admin']);
      await as(t.app, admin).post('/api/orgs/cc/accounts', {
        platform: 'wechat',
        name: '崇川服务号',
        ...SERVICE,
      });
      // The fake issues tokens itself; the shared token cache holds it (sealed) as it would after stable_token.
      const token = fake.issueToken(SERVICE.appid);
      const sealed = new SecretBox(t.secretKey).seal(token, wechatTokenContext(SERVICE.appid));
      await t.redis.set(t.keys.wechatToken(SERVICE.appid), sealed);
      await as(t.app, reviewer).put('/api/me/channels', {
        wechat: { openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' },
      });
      await t.startWorker();
      await as(t.app, drafter).post('/api/drafts', DRAFT);
      const sent = await until('the template message', () => fake.sent()[0]);
      expect(sent).toMatchObject({ touser: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', templateId: TEMPLATE });
      expect(sent.data.thing1).toContain('待审签');
      expect(sent.url?.startsWith(`${PUBLIC_URL}/m/review/`)).toBe(true);
    } finally {
      await t.close();
      await fake.close();
    }
  });
});
