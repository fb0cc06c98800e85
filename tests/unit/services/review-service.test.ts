import { beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/domain/audit/audit-chain.js';
import type { Person } from '../../../src/domain/people.js';
import { buildServices, generalChain, type UnitServices } from './build-services.js';

const CONTENT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: ['wechat:崇川发布'],
} as const;

describe('the review service, in memory', () => {
  let s: UnitServices;
  let drafter: Person;
  let reviewer: Person;
  let editor: Person;

  beforeEach(async () => {
    s = await buildServices();
    ({ drafter, reviewer, editor } = await generalChain(s));
  });

  async function submitted(content: object = CONTENT): Promise<string> {
    const answer = await s.review.submit(drafter, { content: { ...CONTENT, ...content } });
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    return answer.value.record.id;
  }

  async function chainOk(org = 'cc') {
    const { entries, head } = await s.audit.snapshot(org);
    return verifyChain(entries, head ? { count: head.seq + 1, hash: head.hash } : undefined).ok;
  }

  it('submits version 1 into review, waiting for the reviewer, with its trail', async () => {
    const id = await submitted();
    const found = await s.review.get(reviewer, id);
    if (!found.ok) throw new Error(found.error.code);
    expect(found.value.record.review).toMatchObject({
      status: 'in_review',
      grade: 'general',
      version: { number: 1 },
    });
    expect(found.value.record.createdAt).toBe(s.clock.now().toISOString());
    expect((await s.review.list(reviewer, { awaitingMe: true, limit: 10 })).map((r) => r.id)).toEqual([id]);
    expect(await s.review.list(editor, { awaitingMe: true, limit: 10 })).toEqual([]);
    const trail = await s.review.auditOf(reviewer, id);
    expect(trail.ok && trail.value.map((e) => e.action)).toEqual(['created', 'checked']);
    expect(await chainOk()).toBe(true);
  });

  it('approves stage by stage to `approved` with the tail stamped from who signed, and queues publishing', async () => {
    const id = await submitted();
    expect((await s.review.approve(reviewer, id, { version: 1 })).ok).toBe(true);
    const signed = await s.review.approve(editor, id, { version: 1 });
    if (!signed.ok) throw new Error(signed.error.code);
    expect(signed.value.record.review.status).toBe('approved');
    expect(signed.value.record.final?.tail).toBe('拟稿：张三　审核：李四　审签：王五');
    expect(s.queue.waiting()).toEqual([{ org: 'cc', draft: id, version: 1, target: 'wechat:崇川发布' }]);
  });

  it('refuses a drafter approving, a stale version and a stranger, and records each refusal', async () => {
    const id = await submitted();
    const own = await s.review.approve(drafter, id, { version: 1 });
    expect(!own.ok && own.error.code).toBe('approver_is_drafter');
    const stale = await s.review.approve(reviewer, id, { version: 2 });
    expect(!stale.ok && stale.error.code).toBe('stale_version');
    const stranger = s.person('赵六', ['reviewer'], { org: 'hm' });
    const hidden = await s.review.approve(stranger, id, { version: 1 });
    expect(!hidden.ok && hidden.error.code).toBe('draft_not_found');
    const trail = await s.audit.forDraft('cc', id);
    expect(trail.filter((e) => e.action === 'refused')).toHaveLength(2);
    expect(await chainOk()).toBe(true);
  });

  it('rejects with a comment, then a revision starts the chain again on version 2', async () => {
    const id = await submitted();
    const rejected = await s.review.reject(reviewer, id, { version: 1, comment: '活动时间需再确认' });
    expect(rejected.ok && rejected.value.record.review.status).toBe('rejected');
    expect(await s.review.list(drafter, { awaitingMe: true, limit: 10 })).toHaveLength(1);
    s.clock.advance(60_000);
    const revised = await s.review.revise(drafter, id, 1, {
      content: { ...CONTENT, title: '亲子阅读活动通知（更正）' },
    });
    if (!revised.ok) throw new Error(revised.error.code);
    expect(revised.value.record.review).toMatchObject({ status: 'in_review', version: { number: 2 } });
    expect(revised.value.record.review.stages.every((stage) => stage.decision === undefined)).toBe(true);
    expect(revised.value.record.updatedAt).toBe(s.clock.now().toISOString());
    expect((await s.drafts.version(id, 1))?.content.title).toBe(CONTENT.title);
    expect((await s.review.approve(reviewer, id, { version: 1 })).ok).toBe(false);
    expect((await s.review.approve(reviewer, id, { version: 2 })).ok).toBe(true);
  });

  it('takes a new version only from the draft’s drafter or whoever holds its current stage', async () => {
    const id = await submitted();
    const otherDrafter = s.person('赵六', ['drafter']);
    const edited = { content: { ...CONTENT, title: '亲子阅读活动通知（改）' } };
    const stranger = await s.review.revise(otherDrafter, id, 1, edited);
    expect(!stranger.ok && stranger.error.code).toBe('revision_not_allowed');
    expect(!stranger.ok && (await s.drafts.version(id, 2))).toBeNull();
    const editorTooEarly = await s.review.revise(editor, id, 1, edited);
    expect(!editorTooEarly.ok && editorTooEarly.error.code).toBe('revision_not_allowed');
    // The reviewer holding the stage corrects it: version 2, which they may then not approve themselves.
    const corrected = await s.review.revise(reviewer, id, 1, edited);
    if (!corrected.ok) throw new Error(corrected.error.code);
    const own = await s.review.approve(reviewer, id, { version: 2 });
    expect(!own.ok && own.error.code).toBe('approver_is_drafter');
  });

  it('lets a stand-in decide the leader’s stage for the delegated period only, recording for whom', async () => {
    const id = await submitted();
    await s.review.approve(reviewer, id, { version: 1 });
    const standIn = s.person('孙七', ['reviewer']);
    const until = new Date(s.clock.now().getTime() + 3_600_000).toISOString();
    expect((await s.delegations.add(editor, { standIn: '孙七', until })).ok).toBe(true);
    expect((await s.review.list(standIn, { awaitingMe: true, limit: 10 })).map((r) => r.id)).toEqual([id]);
    const signed = await s.review.approve(standIn, id, { version: 1 });
    if (!signed.ok) throw new Error(signed.error.code);
    const decision = signed.value.record.review.stages[1]?.decision;
    expect(decision).toMatchObject({
      verdict: 'approved',
      by: { name: '孙七' },
      onBehalfOf: { name: '王五' },
    });

    const later = await submitted({ title: '第二篇通知' });
    await s.review.approve(reviewer, later, { version: 1 });
    s.clock.advance(2 * 3_600_000); // the delegation has ended
    const refused = await s.review.approve(standIn, later, { version: 1 });
    expect(!refused.ok && refused.error.code).toBe('role_insufficient');
  });

  it('takes only deciders as stand-ins, from now on, and shows a delegation to its two people and admins', async () => {
    const until = new Date(s.clock.now().getTime() + 3_600_000).toISOString();
    s.person('赵六', ['drafter']);
    const clerk = await s.delegations.add(editor, { standIn: '赵六', until });
    expect(!clerk.ok && clerk.error).toMatchObject({ code: 'stand_in_not_allowed', reason: 'not_a_decider' });
    const past = new Date(s.clock.now().getTime() - 3_600_000).toISOString();
    const backdated = await s.delegations.add(editor, { standIn: '李四', from: past, until });
    expect(!backdated.ok && backdated.error.code).toBe('invalid_period');
    expect((await s.delegations.add(editor, { standIn: '李四', until })).ok).toBe(true);
    const admin = s.person('管理员', ['admin']);
    const seen = async (by: Person) => (await s.delegations.list(by)).length;
    expect([await seen(editor), await seen(reviewer), await seen(admin), await seen(drafter)]).toEqual([
      1, 1, 1, 0,
    ]);
  });

  it('lets a stand-in act only on a stage at most one level above their own role', async () => {
    const deputy = s.person('钱二', ['deputy']);
    const principal = s.person('赵一', ['principal']);
    const until = new Date(s.clock.now().getTime() + 3_600_000).toISOString();
    expect((await s.delegations.add(principal, { standIn: '李四', until })).ok).toBe(true);
    const id = await submitted();
    expect((await s.review.raiseGrade(drafter, id, { grade: 'major' })).ok).toBe(true);
    const other = s.person('周八', ['reviewer']);
    expect((await s.review.approve(other, id, { version: 1 })).ok).toBe(true);
    expect((await s.review.approve(deputy, id, { version: 1 })).ok).toBe(true);
    // The reviewer stands in for the principal, two levels up: refused, however the leader is named.
    const refused = await s.review.approve(reviewer, id, { version: 1 });
    expect(!refused.ok && refused.error.code).toBe('role_insufficient');
    expect((await s.review.approve(principal, id, { version: 1 })).ok).toBe(true);
  });

  it('lets exactly one of two racing decisions land; the other is refused as a concurrent change', async () => {
    const id = await submitted();
    const other = s.person('周八', ['reviewer']);
    const answers = await Promise.all([
      s.review.approve(reviewer, id, { version: 1 }),
      s.review.approve(other, id, { version: 1 }),
    ]);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.flatMap((answer) => (answer.ok ? [] : [answer.error.code]))).toEqual([
      'concurrent_change',
    ]);
    const found = await s.drafts.get(id);
    expect(found?.record.revision).toBe(2);
    expect(await chainOk()).toBe(true);
  });

  it('raises the grade, which lengthens the chain to the deputy', async () => {
    const id = await submitted();
    const raised = await s.review.raiseGrade(reviewer, id, { grade: 'important', comment: '涉及重大活动' });
    if (!raised.ok) throw new Error(raised.error.code);
    expect(raised.value.record.review.grade).toBe('important');
    expect(raised.value.record.review.stages.map((stage) => stage.role)).toEqual(['reviewer', 'deputy']);
  });

  it('blocks a draft the checker blocks, and refuses unknown targets without storing anything', async () => {
    const blocked = await s.review.submit(drafter, {
      content: { ...CONTENT, body: '扫码加微信领取澳门赌场优惠，详情见 https://bet365.com' },
    });
    expect(blocked.ok && blocked.value.record.review.status).toBe('blocked');
    const unknown = await s.review.submit(drafter, { content: { ...CONTENT, targets: ['wechat:不存在'] } });
    expect(!unknown.ok && unknown.error).toEqual({ code: 'unknown_targets', targets: ['wechat:不存在'] });
    expect(await s.review.list(drafter, { limit: 10 })).toHaveLength(1);
  });

  it('answers a retried submission with a chosen id with the draft its first attempt created', async () => {
    const first = await s.review.submit(drafter, { id: 'gw-1', content: CONTENT });
    const again = await s.review.submit(drafter, { id: 'gw-1', content: { ...CONTENT, title: '别的标题' } });
    expect(first.ok && again.ok && again.value.record).toEqual(first.ok && first.value.record);
    expect(await s.review.list(drafter, { limit: 10 })).toHaveLength(1);
  });
});
