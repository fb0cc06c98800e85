import type { Finding } from '../../../src/domain/checks/finding.js';
import type { DraftField } from '../../../src/domain/draft.js';
import type { ReviewPageModel } from '../../../src/pages/review-page-model.js';

/** A finding on the `nth` occurrence of `text` in `field`, with offsets computed like the checker's. */
export function findingOn(
  source: string,
  text: string,
  props: Partial<Finding> & Pick<Finding, 'action'>,
  nth = 0,
  field: DraftField = 'body',
): Finding {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = source.indexOf(text, start + 1);
  if (start === -1) throw new Error(`fixture: “${text}” not in source`);
  return {
    rule: `test:${text}`,
    category: 'wording',
    field,
    start,
    end: start + text.length,
    text,
    message: `关于「${text}」的提示`,
    ...props,
  };
}

/** A finding on every occurrence of `text` in the body. */
export function findingsOn(
  source: string,
  text: string,
  props: Partial<Finding> & Pick<Finding, 'action'>,
): Finding[] {
  const count = source.split(text).length - 1;
  return Array.from({ length: count }, (_unused, nth) => findingOn(source, text, props, nth));
}

export const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';

/** A stand-in photo (an SVG drawing of bookshelves) so screenshots show how images sit in the article. */
const SHELVES = [0, 1, 2]
  .map((row) => {
    const y = 70 + row * 80;
    const books = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
      .map(
        (i) =>
          `<rect x="${60 + i * 52}" y="${y}" width="40" height="62" rx="3" fill="${['#c8553d', '#2d6a8f', '#e0a800', '#4f7942'][(i + row) % 4]}"/>`,
      )
      .join('');
    return `${books}<rect x="40" y="${y + 62}" width="560" height="8" fill="#8a6a4f"/>`;
  })
  .join('');
export const PHOTO = `data:image/svg+xml,${encodeURIComponent(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"><rect width="640" height="360" fill="#eef3f8"/>${SHELVES}</svg>`,
)}`;

export const SAMPLE_TITLE = '区长李明调研全民阅读工作';

/** An HTML article like the ones WeChat editors paste: bold across a finding, an image, a link. */
export const SAMPLE_BODY = `<p>3月1日，区长李明到区图书馆<b>调研全民阅读</b>工作，察看少儿阅览室和数字阅读体验区，与正在参加“书香崇川”亲子共读的家长和孩子们交流。</p>
<p><img src="${PHOTO}" alt="调研现场" width="640" height="360"></p>
<p>他指出，要把亲子阅读活动办到群众身边，让更多家庭享受阅读之美。我觉得这项工作很有意义！！！</p>
<p>活动详情见 <a href="https://example.com/reading">活动页面</a>，咨询电话 0513-12345678。</p>`;

/** The findings the real checker reports for SAMPLE_TITLE and SAMPLE_BODY (offsets recomputed here). */
export function sampleFindings(): Finding[] {
  const leader = {
    rule: 'grade:leader',
    category: 'leader',
    action: 'escalate',
    grade: 'important',
    message:
      '「区长」：领导活动报道，至少须由分管负责人审定签发；以本级党政主要领导为主体的，须由主要负责人审定签发',
  } as const;
  return [
    findingOn(SAMPLE_TITLE, '区长', leader, 0, 'title'),
    findingOn(SAMPLE_BODY, '区长', leader),
    findingOn(SAMPLE_BODY, '调研全民阅读', {
      rule: 'wording:test',
      action: 'info',
      message: '「调研全民阅读」：示例提示，跨越加粗标签',
      suggestion: '可写作“调研全民阅读工作”',
    }),
    findingOn(SAMPLE_BODY, '我觉得', {
      rule: 'opinion:personal',
      category: 'opinion',
      action: 'review',
      message: '「我觉得」：第一人称主观语气，请确认不是代表个人观点的言论（引用他人原话的可保留）',
    }),
    findingOn(SAMPLE_BODY, '！！！', {
      rule: 'opinion:personal',
      category: 'opinion',
      action: 'review',
      message: '「！！！」：连续使用感叹号，语气情绪化，请改用规范标点',
    }),
    findingOn(SAMPLE_BODY, 'https://example.com/reading', {
      rule: 'link:external',
      category: 'link',
      action: 'escalate',
      grade: 'important',
      message:
        '链接指向非白名单网站「example.com」，须分管负责人审签；如非必要，请删除或改用党政机关网站、主流媒体的链接。',
    }),
  ];
}

/** A draft waiting for the viewer's sign-off (审签) after 李四 reviewed it. */
export function sampleModel(overrides: Partial<ReviewPageModel> = {}): ReviewPageModel {
  return {
    layout: 'mobile',
    draft: {
      id: 'd-2025-0301',
      title: SAMPLE_TITLE,
      version: 2,
      status: 'in_review',
      grade: 'important',
      kind: 'original',
      targets: ['微信公众号 · 崇川发布', '微博 · 崇川微博'],
      submitted: { by: '张三', at: '2025-03-01T01:30:00Z' },
    },
    body: SAMPLE_BODY,
    format: 'html',
    findings: sampleFindings(),
    tailPreview: '拟稿：张三\u3000审核：李四\u3000审签：王五（代）',
    stages: [
      {
        label: '审核',
        roleName: '审核人',
        status: 'approved',
        decidedBy: '李四',
        decidedAt: '2025-03-01T02:15:00Z',
        comment: '已核对活动时间和地点。',
      },
      { label: '审签', roleName: '分管领导', status: 'waiting' },
    ],
    decision: {
      stageLabel: '审签',
      stage: 'sign',
      version: 2,
      actionUrl: '/m/review/tok-abc',
      mustAcknowledge: [
        { rule: 'opinion:personal', message: '「我觉得」：第一人称主观语气，请确认不是代表个人观点的言论' },
      ],
      actingFor: '赵局长',
    },
    viewerName: '王五',
    ...overrides,
  };
}
