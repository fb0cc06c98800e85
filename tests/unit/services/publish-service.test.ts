import { beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/domain/audit/audit-chain.js';
import type { Target } from '../../../src/domain/draft-content.js';
import type { Person } from '../../../src/domain/people.js';
import { buildServices, generalChain, type UnitServices } from './build-services.js';

const CONTENT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: ['wechat:崇川发布', 'weibo:崇川微博'],
} as const;

describe('the publish service, in memory', () => {
  let s: UnitServices;
  let drafter: Person;
  let reviewer: Person;
  let editor: Person;

  beforeEach(async () => {
    s = await buildServices({ publishAttempts: 3 });
    ({ drafter, reviewer, editor } = await generalChain(s));
  });

  async function approved(targets: readonly Target[] = CONTENT.targets): Promise<string> {
    const submitted = await s.review.submit(drafter, { content: { ...CONTENT, targets: [...targets] } });
    if (!submitted.ok) throw new Error(submitted.error.code);
    const id = submitted.value.record.id;
    await s.review.approve(reviewer, id, { version: 1 });
    const signed = await s.review.approve(editor, id, { version: 1 });
    if (!signed.ok) throw new Error(signed.error.code);
    return id;
  }

  const statuses = async (id: string) => (await s.publish.get(id)).map((p) => `${p.target}=${p.status}`);
  const draftStatus = async (id: string) => (await s.drafts.get(id))?.record.review.status;

  it('publishes every target once, links the Weibo post to the WeChat article, and marks the draft published', async () => {
    const id = await approved(['weibo:崇川微博', 'wechat:崇川发布']); // Weibo first: it must wait for WeChat
    await s.drainPublishing();
    expect(await statuses(id)).toEqual(['weibo:崇川微博=published', 'wechat:崇川发布=published']);
    expect(await draftStatus(id)).toBe('published');
    const [article] = s.publishers.wechat.posts;
    expect(s.publishers.weibo.posts.map((post) => post.linkedUrl)).toEqual([
      `https://platform.invalid/${article?.id}`,
    ]);
    expect(article?.body).toContain('拟稿：张三　审核：李四　审签：王五');
    const actions = (await s.audit.forDraft('cc', id)).map((e) => e.action);
    expect(actions.slice(-3)).toEqual(['publish_queued', 'published', 'published']);
    const { entries, head } = await s.audit.snapshot('cc');
    expect(verifyChain(entries, head ? { count: head.seq + 1, hash: head.hash } : undefined).ok).toBe(true);
  });

  it('settles a draft with nothing to publish at approval, not at the next worker start', async () => {
    const id = await approved([]);
    expect(await draftStatus(id)).toBe('published');
    expect(await s.drafts.approvedIds()).not.toContain(id);
    expect(s.queue.runs).toEqual([]);
  });

  describe('scheduled publishing (定时发布)', () => {
    const HOUR = 3_600_000;
    async function scheduled(): Promise<string> {
      const publishAt = new Date(s.clock.now().getTime() + HOUR).toISOString();
      const content = { ...CONTENT, targets: ['wechat:崇川发布' as const], publish_at: publishAt };
      const submitted = await s.review.submit(drafter, { content });
      if (!submitted.ok) throw new Error(submitted.error.code);
      const id = submitted.value.record.id;
      await s.review.approve(reviewer, id, { version: 1 });
      expect((await s.review.approve(editor, id, { version: 1 })).ok).toBe(true);
      return id;
    }

    it('waits until its time, then publishes exactly once', async () => {
      const id = await scheduled();
      await s.publish.releaseDue();
      await s.drainPublishing();
      expect(await statuses(id)).toEqual(['wechat:崇川发布=scheduled']);
      expect(s.publishers.wechat.posts).toHaveLength(0);
      s.clock.advance(HOUR);
      await Promise.all([s.publish.releaseDue(), s.publish.releaseDue()]);
      await s.publish.recover();
      await s.drainPublishing();
      expect(await statuses(id)).toEqual(['wechat:崇川发布=published']);
      expect(s.publishers.wechat.posts).toHaveLength(1);
      expect(await draftStatus(id)).toBe('published');
    });

    it('publishes nothing once a decider withdrew it, even after its time', async () => {
      const id = await scheduled();
      const withdrawn = await s.review.cancelSchedule(editor, id, { version: 1, comment: '暂停发布' });
      expect(withdrawn.ok && withdrawn.value.record.review.status).toBe('withdrawn');
      expect(await statuses(id)).toEqual(['wechat:崇川发布=cancelled']);
      s.clock.advance(2 * HOUR);
      await s.publish.releaseDue();
      await s.drainPublishing();
      expect(s.publishers.wechat.posts).toHaveLength(0);
      const late = await s.review.cancelSchedule(editor, id, { version: 1, comment: '再撤' });
      expect(!late.ok && late.error.code).toBe('schedule_not_pending');
    });

    it('refuses a publish time already past when the draft is stored', async () => {
      const publishAt = new Date(s.clock.now().getTime() - 1000).toISOString();
      const submitted = await s.review.submit(drafter, { content: { ...CONTENT, publish_at: publishAt } });
      expect(!submitted.ok && submitted.error).toEqual({ code: 'publish_time_past', publishAt });
    });
  });

  it('publishes exactly once when the approval repeats and recovery runs again', async () => {
    const id = await approved();
    await s.drainPublishing();
    const committed = await s.drafts.get(id);
    if (committed) await s.publish.enqueue(committed);
    await s.publish.recover();
    await s.drainPublishing();
    expect([s.publishers.wechat.posts.length, s.publishers.weibo.posts.length]).toEqual([1, 1]);
    expect(s.queue.waiting()).toEqual([]);
  });

  it('retries a transient failure and an answer lost after the post went out, without posting twice', async () => {
    s.publishers.wechat.failNext('transient');
    s.publishers.wechat.failNext('answer_lost');
    const id = await approved(['wechat:崇川发布']);
    await s.drainPublishing();
    expect(await statuses(id)).toEqual(['wechat:崇川发布=published']);
    expect(s.publishers.wechat.posts).toHaveLength(1);
    expect((await s.publish.get(id))[0]?.attempts).toBe(3);
  });

  it('fails a permanent refusal at once, explains it and tells the admins; the draft is publish_failed', async () => {
    s.publishers.wechat.failNext('permanent');
    const id = await approved(['wechat:崇川发布']);
    await s.drainPublishing();
    const [failed] = await s.publish.get(id);
    expect(failed).toMatchObject({
      status: 'failed',
      failure: { platformCode: '53503', explanation: '内容被平台拒绝' },
    });
    expect(s.queue.runs).toHaveLength(1);
    expect(await s.alerts.list('cc', 10)).toMatchObject([
      { kind: 'publish_failed', draft: id, target: 'wechat:崇川发布' },
    ]);
    expect(await draftStatus(id)).toBe('publish_failed');
  });

  it('gives a target up once its retries are spent, and records why', async () => {
    s.publishers.weibo.failNext('transient', 3);
    const id = await approved(['weibo:崇川微博']);
    await s.drainPublishing();
    const [failed] = await s.publish.get(id);
    expect(failed).toMatchObject({ status: 'failed', failure: { platformCode: 'retries_exhausted' } });
    expect(s.publishers.weibo.posts).toEqual([]);
    expect(s.queue.runs).toHaveLength(3);
  });

  it('recovers the jobs of approved drafts that a crash lost', async () => {
    const lost = await approved(['wechat:崇川发布']);
    s.queue.loseWaitingJobs();
    expect(await s.publish.recover()).toBe(1);
    await s.drainPublishing();
    expect(await draftStatus(lost)).toBe('published');
    expect(s.publishers.wechat.posts).toHaveLength(1);
  });

  it('settles the draft on the next run when the worker died between publishing and settling', async () => {
    const id = await approved(['wechat:崇川发布']);
    s.drafts.crashOnNextCommit(); // the commit marking the draft published
    await s.drainPublishing();
    expect(await statuses(id)).toEqual(['wechat:崇川发布=published']);
    expect(await draftStatus(id)).toBe('published');
    expect(s.publishers.wechat.posts).toHaveLength(1);
    expect(s.queue.runs).toHaveLength(2);
  });

  it('cancels the approved version’s publication when a new version replaces it before it went out', async () => {
    const id = await approved(['wechat:崇川发布']);
    const revised = await s.review.revise(drafter, id, 1, {
      content: { ...CONTENT, title: '亲子阅读活动通知（更正）' },
    });
    expect(revised.ok && revised.value.record.review.status).toBe('in_review');
    await s.drainPublishing();
    expect(await statuses(id)).toEqual(['wechat:崇川发布=cancelled']);
    expect(s.publishers.wechat.posts).toEqual([]);
  });
});
