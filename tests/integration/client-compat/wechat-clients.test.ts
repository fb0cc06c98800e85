import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { fakeImageBytes } from '../../fakes/image-bytes.js';
import { untilPublishingIdle } from '../../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { until } from '../../helpers/until.js';
import { coWechatApiTool, nodeEasyWechatTool, type WechatAnswer, type WechatTool } from './wechat-tools.js';

/**
 * The client compatibility suite (issue 15): the WeChat gateway driven by npm clients nobody here wrote, each
 * pinned exactly in devDependencies, through the whole flow against the fake WeChat: token → upload → draft →
 * submit → poll (pending) → sign-off in qianfa → poll until published; and the read-only calls tools make to
 * show their lists. wechat-api@1.35.1 is driven by gateway-wechat.test.ts.
 */

const ACCOUNT = { appid: 'wx0123456789abcdef', secret: 'chongchuan-real-secret' };

/**
 * Read-only calls tools make to show their lists, and what this branch answers: refused with 48001 (issue 15,
 * point 6 makes the gateway answer them from qianfa's records; when that lands, these become answers).
 */
/** The read-only calls tools make to show their lists: answered from qianfa's records for the account. */
const READS = [
  'material/get_materialcount',
  'material/batchget_material',
  'draft/count',
  'draft/batchget',
  'freepublish/batchget',
];

const TOOLS: readonly [string, (gateway: string, appid: string, secret: string) => WechatTool][] = [
  ['co-wechat-api', coWechatApiTool],
  ['node-easywechat', nodeEasyWechatTool],
];

describe('npm WeChat clients against the gateway', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let gateway: string;
  let reviewer: Auth;
  let editor: Auth;
  let cover: string;

  beforeAll(async () => {
    wechat = await new FakeWechatServer({ accounts: [ACCOUNT] }).start();
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl });
    const admin = await t.person('管理员', ['admin']);
    await t.person('王五', ['drafter'], { outsourced: true });
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('赵六', ['editor']);
    const added = await as(t.app, admin).post('/api/orgs/cc/accounts', {
      platform: 'wechat',
      name: '崇川发布',
      ...ACCOUNT,
    });
    expect(added.status).toBe(201);
    cover = join(tmpdir(), `client-compat-${process.pid}.png`);
    await writeFile(cover, fakeImageBytes('png', 256));
    await t.startWorker();
    gateway = `${await t.listen()}/gateway/wechat`;
  });

  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  async function toolFor(make: (gateway: string, appid: string, secret: string) => WechatTool) {
    const { appid, secret } = await t.grantGateway('wechat:崇川发布', '王五');
    return { tool: make(gateway, appid, secret), appid };
  }

  /** The gateway endpoints a credential called, in order, from the audit trail. */
  async function endpointsCalledBy(appid: string): Promise<unknown[]> {
    const calls = (await t.audit.all('cc')).filter(
      (e) => e.action.startsWith('gateway_') && e.details['appid'] === appid,
    );
    return calls.map((e) => e.details['endpoint']);
  }

  /** The review item the operator's draft became, as the reviewer finds it waiting. */
  async function waitingItem(title: string): Promise<string> {
    const waiting = await as(t.app, reviewer).get('/api/drafts?awaiting=me');
    const drafts = (waiting.body as { drafts: { id: string; title: string }[] }).drafts;
    const item = drafts.find((d) => d.title === title);
    if (!item) throw new Error(`no review item titled ${title}`);
    return item.id;
  }

  async function signOff(draft: string): Promise<void> {
    for (const person of [reviewer, editor]) {
      const approved = await as(t.app, person).post(`/api/drafts/${draft}/approve`, { version: 1 });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
  }

  describe.each(TOOLS)('%s', (library, make) => {
    it('goes token → upload → draft → submit → pending → sign-off → published, exactly once', async () => {
      const { tool, appid } = await toolFor(make);
      expect(await tool.token()).toMatch(/^\S{20,}$/);
      expect(await endpointsCalledBy(appid)).toEqual([tool.tokenEndpoint]);

      const uploads = wechat.callCount('/cgi-bin/material/add_material');
      const image = await tool.uploadImage(cover);
      expect(wechat.callCount('/cgi-bin/material/add_material')).toBe(uploads + 1);
      expect(image.errcode ?? 0, JSON.stringify(image)).toBe(0);
      expect(image['media_id']).toEqual(expect.any(String));
      expect(image['url']).toMatch(/^https?:\/\//);

      const title = `${library}：周末社区义诊通知`;
      const article = {
        title,
        author: '区卫健委',
        digest: '',
        content: '<p>本周六上午九点在社区卫生服务中心举办义诊，欢迎居民参加。</p>',
        content_source_url: '',
        thumb_media_id: image['media_id'],
        need_open_comment: 0,
        only_fans_can_comment: 0,
      };
      const added = await tool.addDraft(article);
      const mediaId = String(added['media_id']);
      expect(mediaId).toMatch(/^[\w-]{43}$/);
      const stored = await tool.getDraft(mediaId);
      expect(stored).toMatchObject({ news_item: [{ title, author: '区卫健委' }] });

      const submitted = await tool.submit(mediaId);
      const publishId = String(submitted['publish_id']);
      expect(publishId, JSON.stringify(submitted)).toMatch(/^\d{10}$/);
      expect(await tool.publishStatus(publishId)).toMatchObject({ publish_status: 1 });
      const before = wechat.publishedCount(ACCOUNT.appid);

      await signOff(await waitingItem(title));
      const published = await until(`${library}: publish ${publishId} published`, async () => {
        const status = await tool.publishStatus(publishId);
        return status['publish_status'] === 0 ? status : undefined;
      });
      await untilPublishingIdle(t);
      expect(wechat.publishedCount(ACCOUNT.appid)).toBe(before + 1);
      const real = wechat.publishedArticles(ACCOUNT.appid).find((a) => JSON.stringify(a).includes(title));
      expect(published['article_id']).toBe(real?.articleId);
      const detail = published['article_detail'] as { count: number; item: { article_url: string }[] };
      expect(detail.count).toBe(1);
      expect(detail.item[0]?.article_url).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
    });

    it('sends a draft with message/mass/sendall: held for review, then published once (SENDING → SEND_SUCCESS)', async () => {
      const { tool } = await toolFor(make);
      const title = `${library}：冬季供暖开始通知`;
      const added = await tool.addDraft({
        title,
        author: '区住建局',
        digest: '',
        content: '<p>我区集中供暖自十二月十日起开始，请居民注意室内用暖安全。</p>',
        content_source_url: '',
        thumb_media_id: 'cover-from-the-tool',
        need_open_comment: 0,
        only_fans_can_comment: 0,
      });
      const sent = await tool.massSend(String(added['media_id']));
      expect(sent.errcode ?? 0, JSON.stringify(sent)).toBe(0);
      const msgId = sent['msg_id'];
      expect(String(msgId)).toMatch(/^\d+$/);
      expect(await tool.massStatus(msgId)).toMatchObject({ msg_status: 'SENDING' });
      const before = wechat.publishedCount(ACCOUNT.appid);

      await signOff(await waitingItem(title));
      await until(`${library}: mass send ${String(msgId)} sent`, async () => {
        return (await tool.massStatus(msgId))['msg_status'] === 'SEND_SUCCESS';
      });
      await untilPublishingIdle(t);
      expect(wechat.publishedCount(ACCOUNT.appid)).toBe(before + 1);
    });

    it('answers the common read-only list calls in the platform shapes, from qianfa records', async () => {
      const { tool } = await toolFor(make);
      const answers: Record<string, WechatAnswer> = {};
      for (const [endpoint, read] of Object.entries(tool.reads)) answers[endpoint] = await read();
      expect(Object.keys(answers)).toEqual(READS);
      for (const endpoint of READS) expect(answers[endpoint]?.errcode ?? 0, endpoint).toBe(0);
      const kindOf = (answer: WechatAnswer | undefined, field: string) => typeof answer?.[field];
      const counts = answers['material/get_materialcount'];
      expect(
        ['image_count', 'voice_count', 'video_count', 'news_count'].map((f) => kindOf(counts, f)),
      ).toEqual(['number', 'number', 'number', 'number']);
      expect(kindOf(answers['draft/count'], 'total_count')).toBe('number');
      for (const list of ['material/batchget_material', 'draft/batchget', 'freepublish/batchget']) {
        const answer = answers[list];
        expect(
          [kindOf(answer, 'total_count'), kindOf(answer, 'item_count'), Array.isArray(answer?.['item'])],
          list,
        ).toEqual(['number', 'number', true]);
      }
    });
  });
});
