import { describe, expect, it } from 'vitest';
import type { ParsedDraft } from '../../src/domain/text/markdown-draft.js';
import {
  parseDraftFile,
  parseHtmlDraft,
  parseMarkdownDraft,
  parseTextDraft,
} from '../../src/domain/text/markdown-draft.js';

function parsed(source: string): ParsedDraft {
  const result = parseMarkdownDraft(source);
  if ('error' in result) throw new Error(result.error);
  return result;
}

describe('parseMarkdownDraft', () => {
  it('reads every known front matter key and ignores unknown ones', () => {
    const source = [
      '---',
      'title: 国务院常务会议召开',
      'kind: repost',
      'source: 新华社',
      'source_url: https://www.news.cn/a.html',
      'original_title: "国务院常务会议召开"',
      'disclosure: punishment',
      'tags: [会议]',
      '---',
      '正文第一段。',
      '',
    ].join('\n');
    const { draft, bodyOffset, titleOffset } = parsed(source);
    expect(draft).toEqual({
      title: '国务院常务会议召开',
      body: '正文第一段。\n',
      format: 'markdown',
      kind: 'repost',
      source: '新华社',
      source_url: 'https://www.news.cn/a.html',
      original_title: '国务院常务会议召开',
      disclosure: 'punishment',
    });
    expect(source.slice(bodyOffset)).toBe(draft.body);
    expect(source.slice(titleOffset, titleOffset + draft.title.length)).toBe(draft.title);
  });

  it('points the title offset inside the quotes of a quoted title', () => {
    const source = "---\ntitle: '引号 标题'\n---\n正文";
    const { draft, titleOffset } = parsed(source);
    expect(draft.title).toBe('引号 标题');
    expect(source.slice(titleOffset, titleOffset + 5)).toBe('引号 标题');
  });

  it.each([
    ['a heading', '# 关于开展培训的通知\n\n正文', '关于开展培训的通知', '\n正文'],
    ['a closed heading', '## 标题 ##\n正文', '标题', '正文'],
    ['the first non-empty line', '\n\n  普通第一行  \n第二行', '普通第一行', '第二行'],
    ['the only line', '# 只有标题', '只有标题', ''],
    ['nothing', '', '', ''],
    ['a CRLF line', '# 标题\r\n正文\r\n', '标题', '正文\r\n'],
  ])('takes the title from %s without front matter', (_name, source, title, body) => {
    const { draft, bodyOffset, titleOffset } = parsed(source);
    expect(draft.title).toBe(title);
    expect(draft.body).toBe(body);
    expect(source.slice(bodyOffset)).toBe(body);
    expect(source.slice(titleOffset, titleOffset + title.length)).toBe(title);
  });

  it('takes the first line as title when the front matter has none', () => {
    const source = '---\nkind: original\n---\n# 标题\n正文';
    const { draft, bodyOffset, titleOffset } = parsed(source);
    expect(draft).toEqual({ title: '标题', body: '正文', format: 'markdown', kind: 'original' });
    expect(bodyOffset).toBe(source.indexOf('正文'));
    expect(titleOffset).toBe(source.indexOf('标题'));
  });

  it.each([
    ['empty front matter', '---\n---\n标题\n正文'],
    ['front matter with nulls', '---\nsource:\ntitle:\n---\n标题\n正文'],
    ['a byte-order mark', '\uFEFF---\n---\n标题\n正文'],
  ])('accepts %s', (_name, source) => {
    const { draft } = parsed(source);
    expect(draft).toEqual({ title: '标题', body: '正文', format: 'markdown' });
  });

  it('reads a thematic break later in the text as body, not front matter', () => {
    const source = '标题\n---\n正文';
    expect(parsed(source).draft.body).toBe('---\n正文');
  });

  it.each([
    ['invalid YAML', '---\ntitle: 标题\nkind: repost: x\n---\n正文', 'front matter 第 3 行：YAML 格式错误'],
    [
      'an unknown kind',
      '---\ntitle: 标题\nkind: 原创\n---\n',
      'front matter 第 3 行：kind 只能是 original 或 repost，不能是“原创”',
    ],
    [
      'an unknown disclosure',
      '---\n\ndisclosure: yes\n---\n',
      'front matter 第 3 行：disclosure 只能是 punishment 或 mandatory',
    ],
    ['a title that is not text', '---\ntitle: [甲, 乙]\n---\n', 'front matter 第 2 行：title 应为文本'],
    ['a number as source', '---\nsource: 12345\n---\n', 'front matter 第 2 行：source 应为文本'],
    ['no closing line', '---\ntitle: 标题\n正文', 'front matter 没有结束行“---”'],
    ['a list instead of a mapping', '---\n- 甲\n- 乙\n---\n', 'front matter 应为“键: 值”形式的映射'],
  ])('rejects %s', (_name, source, message) => {
    const result = parseMarkdownDraft(source);
    expect('error' in result ? result.error : 'no error').toContain(message);
  });
});

describe('parseTextDraft', () => {
  it('takes the first non-empty line as title and the rest as body', () => {
    const source = '\n  关于印发办法的通知 \n各单位：\n正文';
    const { draft, bodyOffset, titleOffset } = parseTextDraft(source);
    expect(draft).toEqual({ title: '关于印发办法的通知', body: '各单位：\n正文', format: 'text' });
    expect(bodyOffset).toBe(source.indexOf('各单位'));
    expect(titleOffset).toBe(source.indexOf('关于'));
  });

  it('keeps a leading # in plain text', () => {
    expect(parseTextDraft('# 不是标题标记\n正文').draft.title).toBe('# 不是标题标记');
  });
});

describe('parseHtmlDraft', () => {
  it('takes <title> as title and the whole document as body', () => {
    const source = '<html><title>通知</title><body><h1>大标题</h1>正文</body></html>';
    const { draft, bodyOffset, titleOffset } = parseHtmlDraft(source);
    expect(draft).toEqual({ title: '通知', body: source, format: 'html' });
    expect(bodyOffset).toBe(0);
    expect(titleOffset).toBe(source.indexOf('通知'));
  });

  it('has an empty title without <title> or <h1>', () => {
    expect(parseHtmlDraft('<p>正文</p>').draft.title).toBe('');
  });
});

describe('parseDraftFile', () => {
  it.each([
    ['markdown', '# 标题\n正文', 'markdown'],
    ['html', '<h1>标题</h1>正文', 'html'],
    ['text', '标题\n正文', 'text'],
  ] as const)('dispatches %s', (format, source, expected) => {
    const result = parseDraftFile(source, format);
    expect('draft' in result && [result.draft.title, result.draft.format]).toEqual(['标题', expected]);
  });
});
