import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/audit/canonical-json.js';
import { contentHash, type DraftContent } from '../../src/domain/draft-content.js';
import { isIsoDate } from '../../src/domain/draft.js';
import { parseMarkdownDraft } from '../../src/domain/text/markdown-draft.js';
import { newDraftSchema } from '../../src/http/draft-schemas.js';

const content: DraftContent = { title: '通知', body: '正文', targets: [] };

describe('the draft date', () => {
  it.each([
    ['2024-05-01', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-5-1', false],
    ['2024-05-01T00:00', false],
  ])('%s is a date: %s', (text, valid) => {
    expect(isIsoDate(text)).toBe(valid);
  });

  it('is accepted by the REST schema when well formed, with a Chinese message otherwise', () => {
    const base = { title: '通知', body: '正文', kind: 'original' };
    expect(newDraftSchema.parse({ ...base, date: '2024-05-01' }).date).toBe('2024-05-01');
    const wrong = newDraftSchema.safeParse({ ...base, date: '2024-02-30' });
    expect(wrong.success).toBe(false);
    const [issue] = wrong.error!.issues;
    expect(issue!.path).toEqual(['date']);
    expect(issue!.message).toContain('YYYY-MM-DD');
  });

  it('is part of the content hash, and a draft without it hashes as before', () => {
    const undated = contentHash(content);
    expect(contentHash({ ...content, date: '2024-05-01' })).not.toBe(undated);
    expect(contentHash({ ...content, date: '2024-05-01' })).not.toBe(
      contentHash({ ...content, date: '2024-05-02' }),
    );
    // The canonical form before the date existed: stored versions keep their hashes.
    const before = canonicalJson({
      title: '通知',
      body: '正文',
      format: 'text',
      kind: 'original',
      targets: [],
    });
    expect(undated).toBe(createHash('sha256').update(before, 'utf8').digest('hex'));
  });

  it('is read from the Markdown front matter', () => {
    const parsed = parseMarkdownDraft('---\ntitle: 通知\ndate: 2024-05-01\n---\n正文');
    expect('draft' in parsed && parsed.draft.date).toBe('2024-05-01');
    expect(parseMarkdownDraft('---\ntitle: 通知\ndate: 2024-05-32\n---\n正文')).toEqual({
      error: 'front matter 第 3 行：date 应为日期 YYYY-MM-DD，不能是“2024-05-32”',
    });
  });
});
