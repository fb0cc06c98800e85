import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderConfirmationPage, renderQueuePage } from '../../../src/pages/review-page.js';

type Doc = ReturnType<typeof parseDocument>;
type El = ReturnType<typeof DomUtils.getElementsByTagName>[number];

const parse = (markup: string): Doc => parseDocument(markup);
const all = (doc: Doc, name: string): El[] => DomUtils.getElementsByTagName(name, doc);
const attr = (el: El | undefined, name: string): string | undefined => el?.attribs[name];
const text = (el: El | Doc | null | undefined): string => (el ? DomUtils.textContent(el) : '');

/** Every script-capable thing in a page: script elements, on* attributes, javascript: URLs. */
function executable(doc: Doc): string[] {
  return DomUtils.findAll(() => true, doc.children).flatMap((el) => [
    ...(el.name === 'script' ? ['script'] : []),
    ...Object.entries(el.attribs)
      .filter(([name, value]) => /^on/i.test(name) || /^\s*javascript:/i.test(value))
      .map(([name]) => `${el.name}@${name}`),
  ]);
}

describe('renderConfirmationPage', () => {
  it('escapes everything and keeps only safe links', () => {
    const evil = '<script>alert(1)</script>';
    const markup = renderConfirmationPage({
      title: evil,
      message: evil,
      verdict: undefined,
      draftTitle: evil,
      links: [
        { href: 'javascript:alert(1)', text: evil },
        { href: '/m/review/next', text: '查看最新版本' },
      ],
    });
    const doc = parse(markup);
    expect(executable(doc)).toEqual([]);
    expect(all(doc, 'a').map((a) => attr(a, 'href'))).toEqual(['#', '/m/review/next']);
    expect(text(all(doc, 'h1')[0])).toBe(evil);
  });
});

describe('renderQueuePage', () => {
  it('lists each waiting draft as a link, and says when nothing waits', () => {
    const item = {
      title: '<b>稿</b>',
      grade: 'important' as const,
      gradeName: '重要',
      stageLabel: '审签',
      targets: [],
      waitingSince: '2025-03-01T02:15:00Z',
      href: '/d/review/1',
    };
    const doc = parse(
      renderQueuePage({
        viewerName: '王五',
        items: [item],
        total: 1,
        filters: {},
        stageLabels: ['审签'],
        accounts: [],
      }),
    );
    expect(all(doc, 'a').map((a) => [attr(a, 'href'), text(a).includes('<b>稿</b>')])).toEqual([
      ['/d/review/1', true],
    ]);
    expect(
      text(
        parse(
          renderQueuePage({
            viewerName: '王五',
            items: [],
            total: 0,
            filters: {},
            stageLabels: [],
            accounts: [],
          }),
        ),
      ),
    ).toContain('目前没有待您处理的稿件。');
  });
});
