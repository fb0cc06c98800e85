import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderReviewPage } from '../../../src/pages/review-page.js';
import { sampleModel } from './review-fixtures.js';

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

describe('renderReviewPage', () => {
  it('is a complete Chinese HTML5 page that allows zoom', () => {
    const markup = renderReviewPage(sampleModel());
    expect(markup.startsWith('<!doctype html>')).toBe(true);
    const doc = parse(markup);
    expect(attr(all(doc, 'html')[0], 'lang')).toBe('zh-CN');
    const viewport = all(doc, 'meta').find((m) => attr(m, 'name') === 'viewport');
    expect(attr(viewport, 'content')).toBe('width=device-width, initial-scale=1');
    expect(markup).not.toMatch(/user-scalable|maximum-scale/);
    expect(all(doc, 'link').filter((l) => attr(l, 'rel') === 'stylesheet')).toEqual([]);
  });

  it('never turns a hostile title or body into executable markup', () => {
    const base = sampleModel();
    const title = '<script>alert(1)</script>';
    const markup = renderReviewPage(
      sampleModel({ draft: { ...base.draft, title }, body: '<img src=x onerror=alert(1)>', findings: [] }),
    );
    const doc = parse(markup);
    expect(executable(doc)).toEqual([]);
    expect(text(all(doc, 'h1')[0])).toBe(title);
    expect(text(all(doc, 'title')[0])).toBe(`${title} · 签发`);
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes names, comments, the tail and the notice', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const markup = renderReviewPage(
      sampleModel({
        viewerName: evil,
        tailPreview: evil,
        stages: [
          {
            label: evil,
            roleName: evil,
            status: 'rejected',
            decidedBy: evil,
            onBehalfOf: evil,
            comment: evil,
          },
        ],
        notice: { kind: 'error', message: evil, link: { href: 'javascript:alert(1)', text: evil } },
      }),
    );
    const doc = parse(markup);
    expect(executable(doc)).toEqual([]);
    expect(all(doc, 'img').map((img) => attr(img, 'alt'))).toEqual(['调研现场']);
    expect(
      attr(
        all(doc, 'a').find((a) => text(a) === evil),
        'href',
      ),
    ).toBe('#');
  });

  it('has a 同意 form and a 退回 form with the fields the route reads', () => {
    const doc = parse(renderReviewPage(sampleModel()));
    const forms = all(doc, 'form');
    expect(forms.map((f) => [attr(f, 'method'), attr(f, 'action')])).toEqual([
      ['post', '/m/review/tok-abc'],
      ['post', '/m/review/tok-abc'],
    ]);
    const fields = (form: El) =>
      DomUtils.findAll((el) => ['input', 'textarea', 'button'].includes(el.name), [form]).map((el) => [
        el.name,
        attr(el, 'type') ?? '',
        attr(el, 'name'),
        attr(el, 'value') ?? '',
      ]);
    expect(fields(forms[0]!)).toEqual([
      ['input', 'hidden', 'version', '2'],
      ['input', 'hidden', 'stage', 'sign'],
      ['input', 'checkbox', 'acknowledged', 'opinion:personal'],
      ['button', 'submit', 'decision', 'approve'],
    ]);
    expect(fields(forms[1]!)).toEqual([
      ['input', 'hidden', 'version', '2'],
      ['input', 'hidden', 'stage', 'sign'],
      ['textarea', '', 'comment', ''],
      ['button', 'submit', 'decision', 'reject'],
    ]);
    const [approve, reject] = forms.map((form) => DomUtils.findAll((el) => 'required' in el.attribs, [form]));
    expect(approve?.map((el) => attr(el, 'name'))).toEqual(['acknowledged']);
    expect(reject?.map((el) => attr(el, 'name'))).toEqual(['comment']);
  });

  it('labels every control', () => {
    const doc = parse(renderReviewPage(sampleModel()));
    const labels = all(doc, 'label');
    for (const control of [...all(doc, 'textarea'), ...all(doc, 'input')]) {
      if (attr(control, 'type') === 'hidden') continue;
      const label = labels.find((l) => attr(l, 'for') === attr(control, 'id'));
      expect(text(label).trim()).not.toBe('');
    }
    expect(text(labels.find((l) => attr(l, 'for') === 'comment'))).toBe('退回意见（必填）');
    expect(text(labels.find((l) => attr(l, 'for') === 'ack-0'))).toContain('（见第 4、5 条）');
    for (const button of all(doc, 'button')) expect(text(button).trim()).not.toBe('');
  });

  it('shows when a scheduled draft is to be published, in Beijing time', () => {
    const base = sampleModel();
    const page = renderReviewPage({
      ...base,
      draft: { ...base.draft, publishAt: '2026-12-06T00:00:00.000Z' },
    });
    expect(page).toContain('定时发布：2026年12月6日 08:00');
    expect(renderReviewPage(base)).not.toContain('定时发布');
  });

  it('shows no form when the viewer cannot decide', () => {
    const { decision: _decision, ...readOnly } = sampleModel();
    const markup = renderReviewPage(readOnly);
    expect(all(parse(markup), 'form')).toEqual([]);
    expect(markup).not.toContain('去审签');
  });

  it('shows the chain with who decided when, stand-ins marked 代', () => {
    const markup = renderReviewPage(
      sampleModel({
        stages: [
          {
            label: '审核',
            roleName: '审核人',
            status: 'approved',
            decidedBy: '李四',
            decidedAt: '2025-03-01T02:15:00Z',
          },
          {
            label: '审签',
            roleName: '主要负责人',
            status: 'rejected',
            decidedBy: '王五',
            onBehalfOf: '赵局长',
            decidedAt: '2025-03-01T03:00:00Z',
            comment: '请补充活动时间。',
          },
        ],
      }),
    );
    const chain = text(all(parse(markup), 'section').find((s) => attr(s, 'aria-labelledby') === 'chain-h'));
    expect(chain).toContain('2025年3月1日 10:15');
    expect(chain).toContain('王五（代赵局长）');
    expect(chain).toContain('退回意见：请补充活动时间。');
  });

  it('shows the tail as the article’s last paragraph and every finding explained', () => {
    const model = sampleModel();
    const doc = parse(renderReviewPage(model));
    const body = DomUtils.findOne((el) => attr(el, 'class') === 'article-body', doc.children);
    expect(text(body).trim()).toMatch(/拟稿：张三\u3000审核：李四\u3000审签：王五（代）$/);
    const findings = all(doc, 'li').filter((li) => attr(li, 'class') === 'finding');
    expect(findings.map((li) => attr(li, 'id'))).toEqual(model.findings.map((_f, i) => `finding-${i + 1}`));
    expect(text(findings[2])).toContain('建议：可写作“调研全民阅读工作”');
    expect(text(findings[1])).toContain('须按“重要”等级审签。');
    expect(text(findings[5])).toContain('序号标在该链接或图片之后');
  });
});
