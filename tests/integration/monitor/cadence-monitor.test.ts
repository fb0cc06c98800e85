import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminAlert } from '../../../src/domain/admin-alert.js';
import { addDays } from '../../../src/domain/monitor/calendar-days.js';
import { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { FakeWeiboServer } from '../../fakes/fake-weibo-server.js';
import { publishThroughQianfa as publishThrough } from '../../helpers/publish-through-qianfa.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { DayClock } from '../../helpers/test-clock.js';

const WECHAT = { appid: 'wx0123456789abcdef', secret: 'chongchuan-app-secret' };
const WEIBO = {
  uid: '5550001',
  screenName: '崇川微博',
  token: 'weibo-token-cc',
  safeDomain: 'www.example.gov.cn',
};
const MONITOR_KINDS: readonly AdminAlert['kind'][] = ['cadence_warning', 'cadence_failed', 'zombie_account'];

describe('cadence monitor against the fake platforms', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let weibo: FakeWeiboServer;
  let people: { drafter: Auth; reviewer: Auth; editor: Auth };
  /** The app's and the fakes' clock. */
  let clock: DayClock;
  const moveTo = (day: string): void => clock.moveTo(day);
  const monitorAlerts = async () =>
    (await t.alerts.list('cc', 100)).filter((alert) => MONITOR_KINDS.includes(alert.kind));

  beforeEach(async () => {
    clock = new DayClock();
    wechat = await new FakeWechatServer({ accounts: [WECHAT], now: clock.now }).start();
    weibo = await new FakeWeiboServer({ accounts: [WEIBO], now: clock.now }).start();
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl, weiboApiBase: weibo.baseUrl });
    clock.follow(t);
    moveTo('2026-09-01');
    const admin = await t.person('管理员', ['admin']);
    people = {
      drafter: await t.person('张三', ['drafter']),
      reviewer: await t.person('李四', ['reviewer']),
      editor: await t.person('王五', ['editor']),
    };
    const accounts = [
      { platform: 'wechat', name: '崇川发布', ...WECHAT },
      { platform: 'weibo', name: '崇川微博', token: WEIBO.token, link: 'https://www.example.gov.cn/' },
    ];
    for (const account of accounts) {
      expect((await as(t.app, admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    }
    await t.startWorker();
  });

  afterEach(async () => {
    await t.close();
    await wechat.close();
    await weibo.close();
  });

  const publishThroughQianfa = (kind: 'original' | 'repost') =>
    publishThrough(t, people, {
      title: '亲子阅读活动通知',
      body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
      kind,
      ...(kind === 'repost'
        ? { source: '新华社', source_url: 'https://www.news.cn/a.html', original_title: '亲子阅读活动通知' }
        : {}),
      targets: ['wechat:崇川发布'],
    });

  const wechatReport = async () => {
    const report = await t.monitor.report('cc');
    if (!report.ok) throw new Error(report.error.code);
    return report.value.accounts.find((account) => account.target === 'wechat:崇川发布');
  };

  it('warns on the second working day before day 14 across the National Day holiday, fails on day 14, then 僵尸号', async () => {
    moveTo('2026-09-23');
    await publishThroughQianfa('original');
    // qianfa's article is also on WeChat's list: counted once, as qianfa's.
    expect((await wechatReport())?.posts).toEqual({ qianfa: 1, platform: 0 });

    const raisedOn: [string, string][] = [];
    for (let day = '2026-09-24'; day <= '2026-10-08'; day = addDays(day, 1)) {
      moveTo(day);
      for (const alert of await t.monitor.check()) raisedOn.push([day, `${alert.target} ${alert.kind}`]);
    }
    // Failure day 7 Oct lies in the holiday (1–7 Oct): the warning comes two working days before, on 29 Sep.
    expect(raisedOn.filter(([, what]) => what.startsWith('wechat:'))).toEqual([
      ['2026-09-29', 'wechat:崇川发布 cadence_warning'],
      ['2026-10-07', 'wechat:崇川发布 cadence_failed'],
    ]);
    expect((await wechatReport())?.cadence).toMatchObject({
      state: 'failed',
      since: '2026-09-23',
      daysSinceLastPost: 15,
      workingDaysSinceLastPost: 5,
    });
    const warning = (await monitorAlerts()).find(
      (alert) => alert.kind === 'cadence_warning' && alert.target === 'wechat:崇川发布',
    );
    expect(warning?.message).toContain('将于 2026-10-07 达到不更新上限');

    // A post made around qianfa on WeChat counts: the silence ends.
    moveTo('2026-10-09');
    wechat.plantArticle(WECHAT.appid, { title: '直接群发的通知', content: '<p>未经签发。</p>' });
    const after = await wechatReport();
    expect(after?.posts).toEqual({ qianfa: 1, platform: 1 });
    expect(after?.cadence).toMatchObject({ state: 'ok', since: '2026-10-09' });

    // Three months after it (9 Jan 2027, past 9 Jan) the account is a 僵尸号, alerted once.
    moveTo('2027-01-10');
    const zombie = await t.monitor.check();
    expect(zombie.filter((alert) => alert.target === 'wechat:崇川发布').map((alert) => alert.kind)).toEqual([
      'zombie_account',
    ]);
    expect(await t.monitor.check()).toEqual([]);
    expect(await t.monitor.report('cc')).toMatchObject({ ok: true, value: { calendarCovered: false } });
  });

  it('computes the original ratio over a mixed history: own kinds, Weibo reposts, unknown posts apart', async () => {
    moveTo('2026-11-09');
    await publishThroughQianfa('original');
    await publishThroughQianfa('repost');
    wechat.plantArticle(WECHAT.appid, { title: '直接群发的通知', content: '<p>未经签发。</p>' });
    weibo.plantPost(WEIBO.uid, '今日天气晴，欢迎市民出行。');
    weibo.plantRepost(WEIBO.uid, '转发：', { text: '国务院常务会议召开', screenName: '中国政府网' });
    weibo.plantRepost(WEIBO.uid, '转发：', { text: '全国秋冬季森林防火', screenName: '应急管理部' });
    moveTo('2026-11-12');

    const report = await t.monitor.report('cc');
    const [onWechat, onWeibo] = report.ok ? report.value.accounts : [];
    expect(onWechat?.original).toMatchObject({
      total: 3,
      original: 1,
      repost: 1,
      unknown: 1,
      ratio: 0.5,
      verdict: 'pass',
    });
    expect(onWeibo?.original).toMatchObject({
      total: 3,
      original: 0,
      repost: 2,
      unknown: 1,
      verdict: 'undetermined',
    });
    expect(onWeibo?.posts).toEqual({ qianfa: 0, platform: 3 });
  });

  it('answers GET /api/orgs/:slug/monitor/cadence to the organisation admins only, 403 for another organisation', async () => {
    moveTo('2026-11-12');
    const admin = await t.person('监测管理员', ['admin']);
    const answer = await as(t.app, admin).get('/api/orgs/cc/monitor/cadence');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      org: 'cc',
      calendarCovered: true,
      accounts: [
        { target: 'wechat:崇川发布', posts: { qianfa: 0, platform: 0 }, original: { verdict: 'no_posts' } },
        { target: 'weibo:崇川微博', posts: { qianfa: 0, platform: 0 } },
      ],
    });
    expect((await as(t.app, people.editor).get('/api/orgs/cc/monitor/cadence')).status).toBe(403);
    // Another organisation, existing or not, is not an organisation admin's to look at.
    expect((await as(t.app, admin).get('/api/orgs/nowhere/monitor/cadence')).status).toBe(403);
  });
});
