import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { WECHAT_ACCOUNT, WECHAT_DRAFT } from '../../helpers/publishing-fixtures.js';
import { untilPublishingIdle } from '../../helpers/queues-idle.js';
import { deleteKeys } from '../../helpers/redis-test-keys.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { runQianfa } from '../../helpers/run-qianfa.js';
import { until } from '../../helpers/until.js';

/** A deadline for tests that start qianfa's CLI half a dozen times (each a Node process compiling the sources). */
const CLI_HEAVY_MS = 180_000;

/**
 * docs/operations.md, "Backup and restore": back up with `qianfa backup`, lose Redis, `qianfa restore` into an
 * empty one, `qianfa audit verify`. Every acknowledged decision must come back and every chain verify.
 */
describe('backup and restore of Redis', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qianfa-backup-test-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('with REDIS_URL, after the service made decisions', () => {
    let t: ReviewApp;
    let wechat: FakeWechatServer;
    let people: Record<'admin' | 'drafter' | 'reviewer' | 'editor', Auth>;

    beforeEach(async () => {
      wechat = await new FakeWechatServer({ accounts: [WECHAT_ACCOUNT] }).start();
      t = await startReviewApp({ wechatApiBase: wechat.baseUrl });
      people = {
        admin: await t.person('管理员', ['admin']),
        drafter: await t.person('张三', ['drafter']),
        reviewer: await t.person('李四', ['reviewer']),
        editor: await t.person('王五', ['editor']),
      };
      const account = { platform: 'wechat', name: '崇川发布', ...WECHAT_ACCOUNT };
      expect((await as(t.app, people.admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    });

    afterEach(async () => {
      await t.close();
      await wechat.close();
    });

    const qianfa = (args: string[]) => runQianfa(args, t.keys.prefix);

    /** One published draft, one half-approved, one returned: the decisions the backup must keep. */
    async function decide(): Promise<string[]> {
      const { drafter, reviewer, editor } = people;
      const submit = async (title: string) =>
        ((await as(t.app, drafter).post('/api/drafts', { ...WECHAT_DRAFT, title })).body as { id: string })
          .id;
      const approve = (who: Auth, id: string) =>
        as(t.app, who).post(`/api/drafts/${id}/approve`, { version: 1 });
      const [published, halfway, returned] = [
        await submit('已发布'),
        await submit('审核中'),
        await submit('退回'),
      ];
      for (const [who, id] of [
        [reviewer, published],
        [editor, published],
        [reviewer, halfway],
      ] as const) {
        expect((await approve(who, id)).status).toBe(200);
      }
      const reject = { version: 1, comment: '请补充活动地点' };
      expect((await as(t.app, reviewer).post(`/api/drafts/${returned}/reject`, reject)).status).toBe(200);
      const worker = await t.startWorker();
      await until(
        'the approved draft to be published',
        () => wechat.publishedCount(WECHAT_ACCOUNT.appid) === 1,
      );
      await untilPublishingIdle(t);
      await worker.close();
      return [published, halfway, returned];
    }

    const readAll = (app: ReviewApp['app'], ids: string[]) =>
      Promise.all(
        ids.map(async (id) => (await as(app, people.editor).get(`/api/drafts/${id}`)).body as object),
      );

    it(
      'brings back every decision and a chain that verifies',
      async () => {
        const ids = await decide();
        const before = await readAll(t.app, ids);
        expect(before.map((draft) => (draft as { status: string }).status)).toEqual([
          'published',
          'in_review',
          'rejected',
        ]);
        const verifiedBefore = await qianfa(['audit', 'verify', '--org', 'cc']);
        expect(verifiedBefore.stdout).toMatch(/^审计链完整：\d{2,} 条\n$/);

        // What expires (limits, nonces) keeps its time to live rather than living forever.
        const expiring = `${t.keys.prefix}expiring`;
        await t.redis.set(expiring, 'x', 'PX', 3_600_000);
        const file = join(dir, 'qianfa.rdb');
        expect(await qianfa(['backup', '--out', file])).toMatchObject({ code: 0 });

        // qianfa stopped (docs/operations.md: restore only into an empty Redis, the service down; its background
        // workers would otherwise write their queue keys into the emptied Redis), then Redis lost.
        await t.stopServices();
        await deleteKeys(t.redis, t.keys);
        expect((await qianfa(['audit', 'verify', '--org', 'cc'])).stdout).toBe('审计链完整：0 条\n');

        const restored = await qianfa(['restore', '--from', file]);
        expect(restored, restored.stderr).toMatchObject({ code: 0 });

        const again = await t.secondInstance(); // a qianfa started again on the restored Redis
        expect(await readAll(again, ids)).toEqual(before);
        expect(await qianfa(['audit', 'verify', '--org', 'cc'])).toEqual({ ...verifiedBefore, code: 0 });
        const token = await request(again)
          .get('/api/drafts?awaiting=me')
          .set('Authorization', people.editor.header);
        expect(token.status).toBe(200); // people and their tokens came back too
        expect(await t.redis.pttl(expiring)).toBeGreaterThan(0);

        // The published draft is not published a second time by a worker on the restored data.
        await t.startWorker();
        await untilPublishingIdle(t);
        expect(wechat.publishedCount(WECHAT_ACCOUNT.appid)).toBe(1);
      },
      CLI_HEAVY_MS,
    );

    it('refuses to restore over data, so restored and newer decisions never mix', async () => {
      const file = join(dir, 'qianfa.rdb');
      expect(await qianfa(['backup', '--out', file])).toMatchObject({ code: 0 });
      const refused = await qianfa(['restore', '--from', file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('只能恢复到空库');
    });
  });

  it('says what is wrong with the command line or the file, changing nothing', async () => {
    const qianfa = (args: string[]) => runQianfa(args, 'qianfa-test-unused:');
    const noOut = await qianfa(['backup']);
    expect([noOut.code, noOut.stderr]).toEqual([2, 'qianfa: 缺少 --out。用法：qianfa backup --out FILE\n']);
    const missing = await qianfa(['restore', '--from', join(dir, 'nothing.rdb')]);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      `qianfa: 找不到备份文件 ${join(dir, 'nothing.rdb')}\n`,
    ]);
  });

  it(
    'works on the embedded Redis of a data directory (wiped by deleting its redis directory)',
    async () => {
      const env = { REDIS_URL: '', QIANFA_DATA_DIR: join(dir, 'data'), QIANFA_REDIS_PREFIX: 'qianfa:' };
      const qianfa = (args: string[]) => runQianfa(args, 'qianfa:', env);
      expect((await qianfa(['org', 'add', 'nantong', '--name', '南通市人民政府办公室'])).code).toBe(0);
      expect(
        (await qianfa(['user', 'add', '--org', 'nantong', '--name', '王五', '--roles', 'reviewer'])).code,
      ).toBe(0);
      const verified = await qianfa(['audit', 'verify', '--org', 'nantong']);
      expect(verified.stdout).toBe('审计链完整：2 条\n');

      const file = join(dir, 'embedded.rdb');
      expect(await qianfa(['backup', '--out', file])).toMatchObject({ code: 0 });
      await rm(join(dir, 'data', 'redis'), { recursive: true });
      expect(await qianfa(['restore', '--from', file])).toMatchObject({ code: 0 });

      expect(await qianfa(['audit', 'verify', '--org', 'nantong'])).toEqual(verified);
    },
    CLI_HEAVY_MS,
  );
});
