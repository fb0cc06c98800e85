import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/domain/audit/audit-chain.js';
import { GENESIS_HASH, type AuditEvent } from '../../src/domain/audit/audit-event.js';
import type { DraftRecord, StoredVersion } from '../../src/domain/draft-record.js';
import type { ReviewStatus } from '../../src/domain/workflow/review-state.js';
import type { AuditLog } from '../../src/services/ports/audit.js';
import type { DraftStore } from '../../src/services/ports/drafts.js';

/**
 * The contracts of DraftStore and AuditLog (services/ports) as shared cases, run against every implementation:
 * the Redis adapters (integration) and the in-memory fakes (unit), so the fakes the unit tests rely on cannot
 * drift from what production does.
 */
export interface PortsUnderTest {
  drafts: DraftStore;
  audit: AuditLog;
}

const AT = '2026-11-02T01:00:00.000Z';

function event(draft: string, n: number, org = 'cc'): AuditEvent {
  return { action: 'checked', org, draft, actor: 'p1', at: AT, version: 1, details: { n } };
}

function version(number: number, title: string): StoredVersion {
  return {
    number,
    hash: `hash-${number}`,
    content: { title, body: '正文', targets: ['wechat:崇川发布'] },
    report: { blocked: false, grade: 'general', findings: [] },
    author: { id: 'p1', name: '张三' },
    at: AT,
  };
}

function record(
  id: string,
  revision: number,
  options: { status?: ReviewStatus; createdAt?: string; version?: number; org?: string } = {},
): DraftRecord {
  const number = options.version ?? 1;
  const org = options.org ?? 'cc';
  return {
    id,
    revision,
    title: `稿件${id}`,
    review: {
      draft: id,
      org,
      drafter: { id: 'p1', name: '张三' },
      version: { number, hash: `hash-${number}`, author: { id: 'p1', name: '张三' } },
      grade: 'general',
      checkerGrade: 'general',
      status: options.status ?? 'in_review',
      stages: [{ id: 'review', role: 'reviewer', label: '审核' }],
      reviewRules: [],
      acknowledged: [],
    },
    createdAt: options.createdAt ?? AT,
    updatedAt: AT,
  };
}

async function chainOf(audit: AuditLog, org = 'cc') {
  const { entries, head } = await audit.snapshot(org);
  return verifyChain(entries, head ? { count: head.seq + 1, hash: head.hash } : undefined);
}

export function draftStoreContract(name: string, setUp: () => PortsUnderTest): void {
  describe(`DraftStore contract: ${name}`, () => {
    it('creates only at revision 0, and answers a stale revision with conflict, writing nothing', async () => {
      const { drafts, audit } = setUp();
      const first = { record: record('d1', 1), version: version(1, '初稿'), audit: [event('d1', 1)] };
      expect(await drafts.commit(first, 0)).toBe('committed');
      expect(await drafts.commit({ ...first, audit: [event('d1', 2)] }, 0)).toBe('conflict');
      const stale = { record: { ...record('d1', 2), title: '改了' }, audit: [event('d1', 3)] };
      expect(await drafts.commit(stale, 5)).toBe('conflict');
      expect((await drafts.get('d1'))?.record).toEqual(record('d1', 1));
      expect((await audit.all('cc')).map((e) => e.details['n'])).toEqual([1]);
    });

    it('keeps every version as written and reads a record with its current version', async () => {
      const { drafts } = setUp();
      await drafts.commit({ record: record('d1', 1), version: version(1, '初稿'), audit: [] }, 0);
      await drafts.commit(
        { record: record('d1', 2, { version: 2 }), version: version(2, '二稿'), audit: [] },
        1,
      );
      const found = await drafts.get('d1');
      expect([found?.record.revision, found?.version.content.title]).toEqual([2, '二稿']);
      expect((await drafts.version('d1', 1))?.content.title).toBe('初稿');
      expect(await drafts.version('d1', 3)).toBeNull();
      expect(await drafts.get('nope')).toBeNull();
    });

    it('lists newest first, by status and within the limit, and knows the approved drafts of every org', async () => {
      const { drafts } = setUp();
      const add = (id: string, status: ReviewStatus, minute: number, org = 'cc') =>
        drafts.commit(
          {
            record: record(id, 1, {
              status,
              org,
              createdAt: `2026-11-02T01:${String(minute).padStart(2, '0')}:00.000Z`,
            }),
            version: version(1, id),
            audit: [],
          },
          0,
        );
      await add('a', 'in_review', 1);
      await add('b', 'approved', 2);
      await add('c', 'rejected', 3);
      await add('x', 'approved', 4, 'hm');
      expect((await drafts.list('cc', { limit: 10 })).map((r) => r.id)).toEqual(['c', 'b', 'a']);
      expect((await drafts.list('cc', { limit: 2 })).map((r) => r.id)).toEqual(['c', 'b']);
      const open = await drafts.list('cc', { statuses: ['in_review', 'approved'], limit: 10 });
      expect(open.map((r) => r.id)).toEqual(['b', 'a']);
      expect((await drafts.approvedIds()).sort()).toEqual(['b', 'x']);
      await drafts.commit(
        { record: record('b', 2, { status: 'published', createdAt: '2026-11-02T01:02:00.000Z' }), audit: [] },
        1,
      );
      expect((await drafts.approvedIds()).sort()).toEqual(['x']);
    });

    it('indexes what awaits whom: longest-waiting first per deciding role, paged, and drafts back with their drafter', async () => {
      const { drafts } = setUp();
      const at = (minute: number) => `2026-11-02T02:${String(minute).padStart(2, '0')}:00.000Z`;
      const submitted = (id: string, minute: number, role: 'reviewer' | 'editor' = 'reviewer') => {
        const base = record(id, 1);
        const stages = [{ id: 'review', role, label: '审核' }];
        const review = { ...base.review, stages };
        return drafts.commit(
          { record: { ...base, review }, version: { ...version(1, id), at: at(minute) }, audit: [] },
          0,
        );
      };
      await submitted('late', 30);
      await submitted('early', 10);
      await submitted('middle', 20, 'editor');
      expect(await drafts.waitingFor('cc', ['reviewer', 'editor'], { offset: 0, count: 10 })).toEqual([
        'early',
        'middle',
        'late',
      ]);
      expect(await drafts.waitingFor('cc', ['reviewer', 'editor'], { offset: 1, count: 1 })).toEqual([
        'middle',
      ]);
      expect(await drafts.waitingFor('cc', ['editor', 'drafter'], { offset: 0, count: 10 })).toEqual([
        'middle',
      ]);
      expect(await drafts.waitingFor('hm', ['reviewer'], { offset: 0, count: 10 })).toEqual([]);

      const rejected = record('early', 2, { status: 'rejected' });
      await drafts.commit({ record: { ...rejected, updatedAt: at(40) }, audit: [] }, 1);
      expect(await drafts.waitingFor('cc', ['reviewer'], { offset: 0, count: 10 })).toEqual(['late']);
      expect(await drafts.returnedTo('cc', 'p1', 10)).toEqual(['early']);
      expect(await drafts.returnedTo('cc', 'someone-else', 10)).toEqual([]);
      expect((await drafts.records(['late', 'nope', 'early'])).map((r) => r.id)).toEqual(['late', 'early']);
    });

    it('keeps what each person decided (已处理) with the commit that decided it, newest first, paged', async () => {
      const { drafts } = setUp();
      const decided = (action: 'approved' | 'rejected', minute: number, actor = 'p2'): AuditEvent => ({
        action,
        org: 'cc',
        draft: `d${minute}`,
        actor,
        at: `2026-11-02T03:${String(minute).padStart(2, '0')}:00.000Z`,
        version: 1,
        details: { stage: 'review' },
      });
      const commit = (id: string, audit: AuditEvent[]) =>
        drafts.commit({ record: record(id, 1), version: version(1, id), audit }, 0);
      await commit('d1', [decided('approved', 1)]);
      await commit('d2', [decided('rejected', 2), event('d2', 1)]);
      await commit('d3', [event('d3', 1)]);
      await commit('d4', [decided('approved', 4, 'p3')]);
      const page = await drafts.decidedBy('cc', 'p2', { offset: 0, count: 10 });
      expect(page).toEqual([
        { draft: 'd2', version: 1, stage: 'review', verdict: 'rejected', at: '2026-11-02T03:02:00.000Z' },
        { draft: 'd1', version: 1, stage: 'review', verdict: 'approved', at: '2026-11-02T03:01:00.000Z' },
      ]);
      expect(await drafts.decidedBy('cc', 'p2', { offset: 1, count: 1 })).toEqual([page[1]]);
      expect((await drafts.decidedBy('cc', 'p3', { offset: 0, count: 10 })).map((e) => e.draft)).toEqual([
        'd4',
      ]);
      expect(await drafts.decidedBy('hm', 'p2', { offset: 0, count: 10 })).toEqual([]);
    });

    it('links a commit’s audit entries into the organisation’s chain', async () => {
      const { drafts, audit } = setUp();
      await drafts.commit(
        { record: record('d1', 1), version: version(1, '初稿'), audit: [event('d1', 1), event('d1', 2)] },
        0,
      );
      await audit.append(event('other', 3));
      expect((await audit.forDraft('cc', 'd1')).map((e) => e.seq)).toEqual([0, 1]);
      expect(await chainOf(audit)).toMatchObject({ ok: true, count: 3 });
    });
  });
}

export function auditLogContract(name: string, setUp: () => PortsUnderTest): void {
  describe(`AuditLog contract: ${name}`, () => {
    it('links each entry after the head, from the genesis hash, one chain per organisation', async () => {
      const { audit } = setUp();
      const first = await audit.append(event('d1', 1));
      const second = await audit.append(event('d2', 2));
      await audit.append(event('d9', 9, 'hm'));
      expect([first.seq, first.prev, second.seq, second.prev]).toEqual([0, GENESIS_HASH, 1, first.hash]);
      expect(await audit.head('cc')).toEqual({ seq: 1, hash: second.hash });
      expect(await audit.head('none')).toBeNull();
      expect(await chainOf(audit)).toMatchObject({ ok: true, count: 2 });
      expect((await audit.all('hm')).map((e) => e.seq)).toEqual([0]);
    });

    it('pages with the chain’s length and picks out one draft’s entries', async () => {
      const { audit } = setUp();
      for (let n = 0; n < 5; n++) await audit.append(event(n % 2 === 0 ? 'even' : 'odd', n));
      const page = await audit.list('cc', { offset: 1, limit: 2 });
      expect([page.total, page.entries.map((e) => e.seq)]).toEqual([5, [1, 2]]);
      expect((await audit.forDraft('cc', 'even')).map((e) => e.details['n'])).toEqual([0, 2, 4]);
    });

    it('reads the chain in pages as it stood when asked, later appends left out', async () => {
      const { audit } = setUp();
      for (let n = 0; n < 5; n++) await audit.append(event('d1', n));
      const chain = await audit.pages('cc', 2);
      await audit.append(event('d1', 5));
      const pages: number[][] = [];
      for await (const page of chain.entries) pages.push(page.map((e) => e.seq));
      expect(pages).toEqual([[0, 1], [2, 3], [4]]);
      expect(chain.head?.seq).toBe(4);
      expect((await audit.pages('none', 2)).head).toBeNull();
    });

    it('never forks the chain under concurrent appends', async () => {
      const { audit } = setUp();
      await Promise.all(Array.from({ length: 20 }, (_, n) => audit.append(event('d1', n))));
      const { entries } = await audit.snapshot('cc');
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, n) => n));
      expect(await chainOf(audit)).toMatchObject({ ok: true, count: 20 });
    });
  });
}
