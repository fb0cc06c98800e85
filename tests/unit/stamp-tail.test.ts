import { describe, expect, it } from 'vitest';
import type { DraftFormat } from '../../src/domain/draft.js';
import type { Role } from '../../src/domain/people.js';
import { previewTail, stampTail } from '../../src/domain/tail/stamp-tail.js';
import type { ReviewState, StageState } from '../../src/domain/workflow/review-state.js';
import type { TailTemplates } from '../../src/domain/workflow/workflow-definition.js';

const TEMPLATES: TailTemplates = {
  original: '拟稿：{drafter}　审核：{reviewer}　审签：{signer}',
  repost: '来源：{source}　审核：{reviewer}',
};

const approved = (id: string, role: Role, name: string): StageState => ({
  id,
  role,
  label: id,
  decision: { verdict: 'approved', by: { id: name, name }, at: '2025-03-01T08:00:00Z' },
});

function reviewState(stages: StageState[], overrides: Partial<ReviewState> = {}): ReviewState {
  return {
    draft: 'd1',
    org: 'cc',
    drafter: { id: 'u1', name: '张三' },
    version: { number: 2, hash: 'a'.repeat(64), author: { id: 'u1', name: '张三' } },
    grade: 'major',
    checkerGrade: 'major',
    status: 'approved',
    stages,
    reviewRules: [],
    acknowledged: [],
    ...overrides,
  };
}

const MAJOR = reviewState([
  approved('review', 'reviewer', '李四'),
  approved('check', 'deputy', '赵六'),
  approved('sign', 'principal', '王五'),
]);

describe('stampTail', () => {
  it.each<[DraftFormat, string, string]>([
    ['text', '正文第一段。\n\n第二段。\n', '正文第一段。\n\n第二段。\n\n拟稿：张三　审核：李四　审签：王五'],
    ['markdown', '# 标题\n\n正文。', '# 标题\n\n正文。\n\n拟稿：张三　审核：李四　审签：王五'],
    ['html', '<p>正文。</p>\n', '<p>正文。</p>\n<p>拟稿：张三　审核：李四　审签：王五</p>'],
    [
      'html',
      '<html><body><p>正文。</p></BODY></html>',
      '<html><body><p>正文。</p><p>拟稿：张三　审核：李四　审签：王五</p>\n</BODY></html>',
    ],
  ])(
    'stamps own content in %s with the reviewer and the last signer, not the middle stage',
    (format, body, expected) => {
      const result = stampTail({ body, format, kind: 'original' }, MAJOR, TEMPLATES);
      expect(result).toEqual({
        ok: true,
        value: { tail: '拟稿：张三　审核：李四　审签：王五', body: expected },
      });
    },
  );

  it('stamps a repost with its source and reviewer', () => {
    const state = reviewState([approved('review', 'reviewer', '李四'), approved('sign', 'editor', '王五')]);
    const result = stampTail({ body: '转载正文', kind: 'repost', source: ' 新华社 ' }, state, TEMPLATES);
    expect(result).toEqual({
      ok: true,
      value: { tail: '来源：新华社　审核：李四', body: '转载正文\n\n来源：新华社　审核：李四' },
    });
  });

  it('escapes names in HTML and Markdown, and keeps a name on one line', () => {
    const state = reviewState(
      [approved('review', 'reviewer', '<b>李*四</b>'), approved('sign', 'editor', '王\n五')],
      {
        drafter: { id: 'u1', name: 'A&B_{signer}' },
      },
    );
    const html = stampTail({ body: '', format: 'html' }, state, TEMPLATES);
    expect(html.ok && html.value.body).toBe(
      '<p>拟稿：A&amp;B_{signer}　审核：&lt;b&gt;李*四&lt;/b&gt;　审签：王 五</p>',
    );
    const markdown = stampTail({ body: '正文', format: 'markdown' }, state, TEMPLATES);
    expect(markdown.ok && markdown.value.body).toBe(
      '正文\n\n拟稿：A&B\\_{signer}　审核：\\<b\\>李\\*四\\</b\\>　审签：王 五',
    );
    expect(markdown.ok && markdown.value.tail).toBe('拟稿：A&B_{signer}　审核：<b>李*四</b>　审签：王 五');
  });

  it('takes the first stage as reviewer when the chain has no reviewer stage', () => {
    const state = reviewState([approved('sign', 'editor', '王五')]);
    const result = stampTail({ body: '正文' }, state, TEMPLATES);
    expect(result.ok && result.value.tail).toBe('拟稿：张三　审核：王五　审签：王五');
  });

  it('refuses a draft that is not approved', () => {
    const state = reviewState(MAJOR.stages.slice(), { status: 'in_review' });
    expect(stampTail({ body: '正文' }, state, TEMPLATES)).toEqual({
      ok: false,
      error: { code: 'not_approved', status: 'in_review' },
    });
  });

  it('names what is missing instead of printing an empty name', () => {
    const { decision: _dropped, ...undecided } = approved('sign', 'editor', '王五');
    const state = reviewState([approved('review', 'reviewer', '李四'), undecided]);
    expect(stampTail({ body: '正文' }, state, TEMPLATES)).toEqual({
      ok: false,
      error: { code: 'tail_incomplete', missing: ['signer'] },
    });
    expect(stampTail({ body: '正文', kind: 'repost', source: '  ' }, state, TEMPLATES)).toEqual({
      ok: false,
      error: { code: 'tail_incomplete', missing: ['source'] },
    });
  });
});

describe('stand-ins and previews in the tail', () => {
  it('marks a stand-in’s signature with （代）', () => {
    const sign = approved('sign', 'principal', '王五');
    const byStandIn = { ...sign, decision: { ...sign.decision!, onBehalfOf: { id: 'p9', name: '周九' } } };
    const state = reviewState([
      approved('review', 'reviewer', '李四'),
      approved('check', 'deputy', '赵六'),
      byStandIn,
    ]);
    const stamped = stampTail({ body: '正文', format: 'text' }, state, TEMPLATES);
    expect(stamped.ok && stamped.value.tail).toBe('拟稿：张三　审核：李四　审签：王五（代）');
  });

  it('previews the tail before signing: who decided so far, the viewer in their stage, placeholders', () => {
    const pending = reviewState(
      [
        approved('review', 'reviewer', '李四'),
        { id: 'check', role: 'deputy', label: '复核' },
        { id: 'sign', role: 'principal', label: '审签' },
      ],
      { status: 'in_review' },
    );
    expect(previewTail({ body: '' }, pending, TEMPLATES)).toBe('拟稿：张三　审核：李四　审签：（待审签）');
    expect(previewTail({ body: '' }, pending, TEMPLATES, { index: 2, name: '王五' })).toBe(
      '拟稿：张三　审核：李四　审签：王五',
    );
  });
});
