import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

const HOUR = 3_600_000;

/** The deciders' desk, finished (issue 12, point 3): queue filters, who submitted, where to, who is next. */
describe('the deciders’ desk pages', () => {
  let t: ReviewApp;
  let cookie: string;
  let drafter: Auth;
  let reviewer: Auth;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startReviewApp();
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    await t.person('王五', ['editor']);
    const admin = await t.person('管理员', ['admin']);
    const account = { platform: 'wechat', name: '崇川发布', appid: 'wx0123456789abcdef', secret: 's' };
    await as(t.app, admin).post('/api/orgs/cc/accounts', account);
    const other = { platform: 'wechat', name: '崇川教育', appid: 'wx0123456789abcdee', secret: 's' };
    await as(t.app, admin).post('/api/orgs/cc/accounts', other);
    const submit = async (title: string, body: string, target = 'wechat:崇川发布') =>
      (
        (
          await as(t.app, drafter).post('/api/drafts', {
            title,
            body,
            kind: 'original',
            targets: [target],
          })
        ).body as { id: string }
      ).id;
    ids.old = await submit('上周的亲子阅读活动回顾', '本周六举办亲子阅读活动，欢迎参加。');
    t.advanceClock(30 * HOUR);
    ids.fresh = await submit('区图书馆开放时间调整', '图书馆自下周起延长开放时间。');
    ids.school = await submit('秋季学期校车线路公布', '秋季学期校车线路已确定。', 'wechat:崇川教育');
    const link = (await as(t.app, reviewer).post('/api/me/login-link', {})).body as { url: string };
    const login = await request(t.app).get(new URL(link.url).pathname);
    cookie = login.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
  });
  afterAll(() => t.close());

  const desk = (path: string) => request(t.app).get(path).set('Cookie', cookie);

  it('filters the queue by waiting time and stage, and says how many pass of how many wait', async () => {
    const all = await desk('/d/queue');
    expect(all.text).toContain('待我处理（3）');
    const waited = await desk('/d/queue?waited=24');
    expect(waited.text).toContain('待我处理（1 / 3）');
    expect(waited.text).toContain('上周的亲子阅读活动回顾');
    expect(waited.text).not.toContain('区图书馆开放时间调整');
    expect(waited.text).toMatch(/<option value="24" selected>/);
    const otherStage = await desk(`/d/queue?stage=${encodeURIComponent('审签')}`);
    expect(otherStage.text).toContain('没有符合筛选条件的稿件。');
    const major = await desk('/d/queue?grade=major');
    expect(major.text).toContain('待我处理（0 / 3）');
    // A value the form never offers filters nothing.
    expect((await desk('/d/queue?grade=urgent&waited=5')).text).toContain('待我处理（3）');
  });

  it('filters the queue by target account, offering the accounts among what waits', async () => {
    const school = await desk(`/d/queue?account=${encodeURIComponent('wechat:崇川教育')}`);
    expect(school.text).toContain('待我处理（1 / 3）');
    expect(school.text).toContain('秋季学期校车线路公布');
    expect(school.text).not.toContain('区图书馆开放时间调整');
    expect(school.text).toContain('<option value="wechat:崇川教育" selected>微信公众号 · 崇川教育</option>');
    expect(school.text).toContain('<option value="wechat:崇川发布">微信公众号 · 崇川发布</option>');
    const news = await desk(`/d/queue?account=${encodeURIComponent('wechat:崇川发布')}`);
    expect(news.text).toContain('待我处理（2 / 3）');
  });

  it('filters a record stored before records carried their targets by its version’s targets', async () => {
    const key = t.keys.draft('cc', ids.school!);
    const stored = JSON.parse((await t.redis.hget(key, 'record'))!) as Record<string, unknown>;
    delete stored.targets;
    await t.redis.hset(key, 'record', JSON.stringify(stored));
    const school = await desk(`/d/queue?account=${encodeURIComponent('wechat:崇川教育')}`);
    expect(school.text).toContain('待我处理（1 / 3）');
    expect(school.text).toContain('秋季学期校车线路公布');
  });

  it('names who submitted when and the target accounts, and after a decision who is next', async () => {
    const page = await desk(`/d/review/${ids.fresh}`);
    expect(page.text).toContain('张三 提交于');
    expect(page.text).toContain('发布到：微信公众号 · 崇川发布');
    const action = /action="(\/d\/review\/[^"]+)"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&');
    const decided = await request(t.app)
      .post(action!)
      .set('Cookie', cookie)
      .type('form')
      .send('decision=approve&stage=review&version=1');
    expect(decided.status).toBe(200);
    expect(decided.text).toContain('已同意，稿件已转入下一环节「审签」，待编辑（审签）处理。');
  });

  it('keeps 已处理: what I decided, newest first, with my decision, when, and where the draft stands now', async () => {
    expect((await desk('/d/history')).text).toContain('已处理');
    const reason = '请补充活动报名方式。';
    await as(t.app, reviewer).post(`/api/drafts/${ids.old}/reject`, { version: 1, comment: reason });
    const page = await desk('/d/history');
    expect(page.status).toBe(200);
    const items = [...page.text.matchAll(/<li class="queue-item">([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('上周的亲子阅读活动回顾');
    expect(items[0]).toContain('我的意见：退回（审核，第 1 版）');
    expect(items[0]).toContain('现状：已退回');
    expect(items[0]).toContain(`href="/d/review/${ids.old}"`);
    expect(items[1]).toContain('区图书馆开放时间调整');
    expect(items[1]).toContain('我的意见：同意（审核，第 1 版）');
    expect(items[1]).toContain('现状：审核中');
    expect(page.text).not.toContain('秋季学期校车线路公布');
    expect(page.text).toMatch(/<a href="\/d\/history"\s+aria-current="page">已处理<\/a>/);
  });

  it('pages 已处理 twenty at a time', async () => {
    for (let n = 1; n <= 19; n++) {
      const body = { title: `第${n}期社区通知`, body: '社区通知正文。', kind: 'original' };
      const id = ((await as(t.app, drafter).post('/api/drafts', body)).body as { id: string }).id;
      t.advanceClock(60_000);
      await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 });
    }
    const first = await desk('/d/history');
    expect(first.text.match(/class="queue-item"/g)).toHaveLength(20);
    expect(first.text).toContain('第19期社区通知');
    expect(first.text).toContain('<a href="/d/history?page=2">下一页</a>');
    const second = await desk('/d/history?page=2');
    expect(second.text.match(/class="queue-item"/g)).toHaveLength(1);
    expect(second.text).toContain('区图书馆开放时间调整');
    expect(second.text).toContain('<a href="/d/history?page=1">上一页</a>');
    expect(second.text).not.toContain('下一页');
  });

  it('shows what changed since the version I last saw, once, when the draft has a newer one', async () => {
    const body = {
      title: '冬季供暖服务热线开通',
      body: '热线自12月1日起开通。\n\n服务时间为每天8时至20时。',
      kind: 'original',
    };
    const id = ((await as(t.app, drafter).post('/api/drafts', body)).body as { id: string }).id;
    const first = await desk(`/d/review/${id}`);
    expect(first.text).not.toContain('与您上次看到的');
    const revised = { ...body, body: '热线自12月1日起开通。\n\n服务时间为每天7时至22时。', base_version: 1 };
    expect((await as(t.app, drafter).put(`/api/drafts/${id}`, revised)).status).toBe(200);
    const second = await desk(`/d/review/${id}`);
    expect(second.text).toContain('与您上次看到的第 1 版相比：1 处改动');
    expect(second.text).toContain('第 1 版（上次看到）');
    expect(second.text).toContain('第 2 版（当前）');
    expect(second.text).toMatch(/<del>8<\/del>/);
    // Seen now: the next visit shows no changes.
    expect((await desk(`/d/review/${id}`)).text).not.toContain('与您上次看到的');
  });

  it('links 我的登录 and posts 退出 from the queue and the editor’s pages (last: it logs out)', async () => {
    const logoutForm =
      /<form method="post" action="(\/d\/logout\?csrf=[^"]+)"><button type="submit">退出<\/button>/;
    for (const path of ['/d/queue', '/d/drafts', '/d/write', '/d/history']) {
      const page = await desk(path);
      expect(page.text, path).toContain('<a href="/d/sessions">我的登录</a>');
      expect(page.text, path).toMatch(logoutForm);
    }
    const action = logoutForm.exec((await desk('/d/queue')).text)![1]!.replaceAll('&amp;', '&');
    const out = await request(t.app).post(action).set('Cookie', cookie).type('form').send('');
    expect([out.status, out.headers.location]).toEqual([303, '/d/login?out=1']);
    expect((await desk('/d/queue')).status).toBe(401);
  });
});
