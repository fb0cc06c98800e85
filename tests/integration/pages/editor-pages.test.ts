import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody } from '../../helpers/form-body.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

const AD = '本周六上午九点在区图书馆举办亲子阅读活动。另有特价奶粉代购，加微信 abc12345 领取优惠券。';
const CLEAN = '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。';

/**
 * The editor's pages over HTTP, as a browser without script uses them: the form posts and the server answers
 * with findings, errors in Chinese and the input kept; the session's form token guards every post.
 */
describe('the editor pages without script', () => {
  let t: ReviewApp;
  let drafter: Auth;
  let other: Auth;

  beforeAll(async () => {
    t = await startReviewApp();
    drafter = await t.person('张三', ['drafter']);
    other = await t.person('赵六', ['drafter']);
    await t.person('李四', ['reviewer']);
    const admin = await t.person('管理员', ['admin']);
    const account = { platform: 'wechat', name: '崇川发布', appid: 'wx0123456789abcdef', secret: 's' };
    expect((await as(t.app, admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
  });
  afterAll(() => t.close());

  /** A browser logged in as `who`, and the form token its pages carry. */
  async function desk(who: Auth) {
    const agent = request.agent(t.app);
    const link = (await as(t.app, who).post('/api/me/login-link', {})).body as { url: string };
    expect((await agent.get(new URL(link.url).pathname)).status).toBe(303);
    const write = await agent.get('/d/write');
    const csrf = /action="\/d\/write\?csrf=([^"]+)"/.exec(write.text)?.[1] ?? '';
    expect(csrf).not.toBe('');
    return { agent, csrf: decodeURIComponent(csrf) };
  }
  const form = formBody;

  /** Posts the writing form for the preview, then submits it: the preview page and the stored content. */
  async function previewThenSubmit(who: Auth, fields: Record<string, string | string[]>) {
    const { agent, csrf } = await desk(who);
    const action = `/d/write?csrf=${encodeURIComponent(csrf)}`;
    const send = (intent: string) =>
      agent
        .post(action)
        .type('form')
        .send(form({ ...fields, intent }));
    const preview = await send('preview');
    const posted = await send('submit');
    const id = /\/d\/drafts\/([^?]+)/.exec(posted.headers.location ?? '')?.[1] ?? '';
    const stored = (await as(t.app, who).get(`/api/drafts/${id}`)).body as { content: object };
    return { agent, action, preview, content: stored.content };
  }

  it('asks to log in first, and refuses a post without the form token (nothing is stored)', async () => {
    expect((await request(t.app).get('/d/write')).status).toBe(401);
    expect((await request(t.app).get('/d/drafts')).text).toContain('请先登录');
    const { agent } = await desk(drafter);
    const posted = await agent
      .post('/d/write?csrf=forged')
      .type('form')
      .send(form({ title: '通知', body: CLEAN, intent: 'submit' }));
    expect(posted.status).toBe(403);
    expect((await as(t.app, drafter).get('/api/drafts')).body).toEqual({ drafts: [] });
  });

  it('shows the findings marked in the text on 检查, keeping what was typed', async () => {
    const { agent, csrf } = await desk(drafter);
    const page = await agent
      .post(`/d/write?csrf=${encodeURIComponent(csrf)}`)
      .type('form')
      .send(form({ title: '亲子阅读活动', body: AD, format: 'markdown', kind: 'original', intent: 'check' }));
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<mark[^>]*data-finding[^>]*>加微信 abc12345/);
    expect(page.text).toContain('拦截');
    expect(page.text).toContain(`>${AD}</textarea>`);
    expect(page.text).toContain('value="亲子阅读活动"');
  });

  it('answers a refused submission in Chinese with the input kept', async () => {
    const { agent, csrf } = await desk(drafter);
    const post = (fields: Record<string, string | string[]>) =>
      agent
        .post(`/d/write?csrf=${encodeURIComponent(csrf)}`)
        .type('form')
        .send(form(fields));
    const empty = await post({ title: ' ', body: CLEAN, intent: 'submit' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('标题：标题不能为空');
    expect(empty.text).toContain(`>${CLEAN}</textarea>`);
    const past = await post({ title: '通知', body: CLEAN, publish_at: '2020-01-01T08:00', intent: 'submit' });
    expect(past.status).toBe(422);
    expect(past.text).toMatch(/定时发布时间[^<]*已过/);
    expect(past.text).toContain('value="2020-01-01T08:00"');
    const unknown = await post({ title: '通知', body: CLEAN, targets: 'wechat:没有的号', intent: 'submit' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('没有的号');
  });

  it('submits with the targets and a Beijing publish time, as the API would store them', async () => {
    const { agent, csrf } = await desk(drafter);
    const fields = {
      title: '周末停水通知',
      body: CLEAN,
      targets: ['wechat:崇川发布'],
      publish_at: '2099-12-06T08:00',
      author: '崇川发布',
      intent: 'submit',
    };
    const posted = await agent
      .post(`/d/write?csrf=${encodeURIComponent(csrf)}`)
      .type('form')
      .send(form(fields));
    expect(posted.status).toBe(303);
    const id = /\/d\/drafts\/([^?]+)/.exec(posted.headers.location ?? '')?.[1] ?? '';
    const stored = (await as(t.app, drafter).get(`/api/drafts/${id}`)).body as Record<string, unknown>;
    expect(stored).toMatchObject({ title: '周末停水通知', status: 'in_review' });
    expect(stored.content).toMatchObject({
      targets: ['wechat:崇川发布'],
      author: '崇川发布',
      format: 'markdown',
    });
    expect(stored.publish_at).toBe('2099-12-06T00:00:00.000Z');
    const mine = await agent.get('/d/drafts');
    expect(mine.text).toContain('周末停水通知');
  });

  it('takes a digest (摘要): the preview shows it in the phone frame and the submitted draft keeps it', async () => {
    const digest = '下周六上午停水四小时，请提前储水。';
    const write = await (await desk(drafter)).agent.get('/d/write');
    expect(write.text).toMatch(/<input id="digest" name="digest" maxlength="120"/);
    const fields = { title: '周末停水通知（摘要）', body: CLEAN, targets: ['wechat:崇川发布'], digest };
    const { preview, content } = await previewThenSubmit(drafter, fields);
    expect(preview.text).toContain(`<p class="wx-digest"><span class="sr">摘要：</span>${digest}</p>`);
    expect(preview.text).toContain(`value="${digest}"`);
    expect(content).toMatchObject({ digest });
  });

  it('takes a cover (封面): a field and file chooser, the image in the preview’s phone frame, kept on submit', async () => {
    const write = await (await desk(drafter)).agent.get('/d/write');
    expect(write.text).toMatch(/<input id="cover" name="cover"/);
    expect(write.text).toMatch(/<input id="cover-file" type="file" accept="image\/png,image\/jpeg"/);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const cover = `data:image/png;base64,${png.toString('base64')}`;
    const fields = { title: '周末停水通知（封面）', body: CLEAN, targets: ['wechat:崇川发布'], cover };
    const { agent, action, preview, content } = await previewThenSubmit(drafter, fields);
    expect(preview.text).toContain(`<img class="wx-cover" src="${cover}" alt="封面" />`);
    expect(content).toMatchObject({ cover });
    const bad = await agent
      .post(action)
      .type('form')
      .send(form({ ...fields, cover: 'ftp://example.org/a.png', intent: 'submit' }));
    expect(bad.text).toContain('封面：封面须为');
  });

  it('answers the live check with the marked fragment, only with the form token', async () => {
    const { agent, csrf } = await desk(drafter);
    const fields = form({ title: '亲子阅读活动', body: AD });
    expect((await agent.post('/d/check').type('form').send(fields)).status).toBe(403);
    const checked = await agent
      .post(`/d/check?csrf=${encodeURIComponent(csrf)}`)
      .type('form')
      .send(fields);
    expect(checked.status).toBe(200);
    expect((checked.body as { html: string }).html).toMatch(/<mark[^>]*>加微信 abc12345/);
    expect((checked.body as { summary: string }).summary).toContain('其中 2 条须修改');
  });

  it('serves the page with its script as a file under a CSP without inline script', async () => {
    const { agent } = await desk(drafter);
    const page = await agent.get('/d/write');
    const csp = page.headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.text).toContain('<script src="/d/assets/editor.js" defer></script>');
    expect(page.text).toContain('<script src="/d/assets/forms.js" defer></script>');
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    for (const name of ['editor.js', 'forms.js']) {
      const script = await request(t.app).get(`/d/assets/${name}`);
      expect(script.status).toBe(200);
      expect(script.headers['content-type']).toMatch(/javascript/);
    }
  });

  it("lists only my drafts, and sends me to the review page of someone else's, which I cannot withdraw", async () => {
    const body = { title: '赵六的稿件', body: CLEAN, kind: 'original' };
    const id = ((await as(t.app, other).post('/api/drafts', body)).body as { id: string }).id;
    const { agent, csrf } = await desk(drafter);
    expect((await agent.get('/d/drafts')).text).not.toContain('赵六的稿件');
    const page = await agent.get(`/d/drafts/${id}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/d/review/${id}`);
    const review = await agent.get(`/d/review/${id}`);
    expect(review.text).toMatch(/<nav class="desknav" aria-label="工作台">[\s\S]*href="\/d\/drafts"/);
    const withdraw = await agent
      .post(`/d/drafts/${id}/withdraw?csrf=${encodeURIComponent(csrf)}`)
      .type('form')
      .send('version=1');
    expect(withdraw.status).toBe(303);
    const stored = (await as(t.app, other).get(`/api/drafts/${id}`)).body as { status: string };
    expect(stored.status).toBe('in_review');
  });

  it("hides another organisation's drafts: 404 on its page, its edit form and 撤回", async () => {
    const body = { title: '崇川的稿件', body: CLEAN, kind: 'original' };
    const id = ((await as(t.app, drafter).post('/api/drafts', body)).body as { id: string }).id;
    const stranger = await t.person('外单位拟稿', ['drafter'], { org: 'other' });
    const { agent, csrf } = await desk(stranger);
    expect((await agent.get(`/d/drafts/${id}`)).status).toBe(404);
    expect((await agent.get(`/d/drafts/${id}/edit`)).status).toBe(404);
    const withdraw = await agent
      .post(`/d/drafts/${id}/withdraw?csrf=${encodeURIComponent(csrf)}`)
      .type('form')
      .send('version=1');
    expect(withdraw.status).toBe(404);
    expect(withdraw.text).not.toContain('崇川的稿件');
    expect(((await as(t.app, drafter).get(`/api/drafts/${id}`)).body as { status: string }).status).toBe(
      'in_review',
    );
  });
});
