import { z } from 'zod';
import { GRADES } from '../domain/checks/finding.js';
import { TARGET_PATTERN, type Target } from '../domain/accounts.js';
import { COVER_DATA_URI, MAX_COVER_BYTES, MAX_DIGEST, type DraftContent } from '../domain/draft-content.js';
import { isIsoDate } from '../domain/draft.js';
import { REVIEW_STATUSES } from '../domain/workflow/review-status.js';
import type { DraftSubmission } from '../services/review-service.js';
import { queryInteger } from './query-schemas.js';

/** Longest title accepted at all; each platform's own, shorter limit is checked separately. */
const MAX_TITLE = 200;

const text = (what: string) => z.string(`${what}须为字符串`);
const grade = z.enum(GRADES, `等级须为 ${GRADES.join('、')} 之一`);
const version = z.number('须为版本号（整数）').int('须为整数').min(1, '须 ≥ 1');
/** A publishing target: parseTarget's own pattern, kept as a regex so the OpenAPI document shows it. */
const targetSchema = () =>
  text('发布目标')
    .regex(TARGET_PATTERN, '发布目标须形如 wechat:账号 或 weibo:账号')
    .transform((value) => value as Target);

const contentFields = {
  title: text('标题').trim().min(1, '标题不能为空').max(MAX_TITLE, `标题不能超过 ${MAX_TITLE} 个字符`),
  body: text('正文').refine((body) => body.trim() !== '', '正文不能为空'),
  format: z.enum(['text', 'html', 'markdown'], '格式须为 text、html 或 markdown').optional(),
  kind: z.enum(['original', 'repost'], '类型须为 original（原创）或 repost（转载）'),
  source: text('来源').trim().min(1, '来源不能为空').optional(),
  source_url: z.url('须为有效网址').optional(),
  original_title: text('原标题').trim().min(1, '原标题不能为空').optional(),
  disclosure: z
    .enum(['punishment', 'mandatory'], '须为 punishment（惩戒公示）或 mandatory（强制披露）')
    .optional(),
  date: text('日期')
    .refine(isIsoDate, '日期须为 YYYY-MM-DD（稿件所述事件的日期，领导人、法律名称等按该日取数）')
    .optional(),
  targets: z.array(targetSchema(), '须为发布目标列表').max(10, '发布目标不能超过 10 个').optional(),
  // 定时发布: any offset is taken and kept as UTC; in the future is checked when the draft is stored.
  publish_at: z.iso
    .datetime({ offset: true, message: '定时发布时间须为 ISO 8601 时间，如 2026-12-06T08:00:00+08:00' })
    .transform((value) => new Date(value).toISOString())
    .optional(),
  grade: grade.optional(),
  // How the WeChat article appears: byline (WeChat takes ≤ 16 characters) and comment switches.
  author: text('作者')
    .trim()
    .min(1, '作者不能为空（不署名时请省略该字段）')
    .max(16, '作者不能超过 16 个字符（微信的限制）')
    .optional(),
  // 摘要 (MAX_DIGEST); absent: the body's first 54 characters.
  digest: text('摘要')
    .trim()
    .min(1, '摘要不能为空（不填写时请省略该字段）')
    .max(MAX_DIGEST, `摘要不能超过 ${MAX_DIGEST} 个字符`)
    .optional(),
  // 封面: a PNG/JPEG data: URI (≤ MAX_COVER_BYTES decoded) or an http(s) URL; absent: the account's default.
  cover: text('封面')
    .refine(isCoverSource, '封面须为 PNG/JPEG 图片的 data: URI（base64）或 http(s) 网址')
    .refine(
      (cover) => decodedSize(cover) <= MAX_COVER_BYTES,
      `封面图片不能超过 ${MAX_COVER_BYTES / 1024} KB（更大的图片请填写网址）`,
    )
    .optional(),
  need_open_comment: z.boolean('须为 true 或 false').optional(),
  only_fans_can_comment: z.boolean('须为 true 或 false').optional(),
};

function isCoverSource(cover: string): boolean {
  const inline = COVER_DATA_URI.exec(cover);
  if (inline) return isPngOrJpeg(Buffer.from(inline[2] ?? '', 'base64'));
  return z.url({ protocol: /^https?$/ }).safeParse(cover).success;
}

/** The image's own first bytes (PNG or JPEG magic), not only the MIME type the URI claims. */
function isPngOrJpeg(bytes: Buffer): boolean {
  const png = bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const jpeg = bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));
  return png || jpeg;
}

function decodedSize(cover: string): number {
  const data = COVER_DATA_URI.exec(cover)?.[2];
  return data ? Buffer.byteLength(data, 'base64') : 0;
}

export const newDraftSchema = z.strictObject(contentFields);
export const revisedDraftSchema = z.strictObject({ ...contentFields, base_version: version });

/** The stage the caller saw: a decision arriving after someone else decided it is refused, not moved on. */
const stage = text('环节').min(1, '环节不能为空').optional();

export const approveSchema = z.strictObject({
  version,
  stage,
  comment: text('意见').optional(),
  acknowledged: z.array(text('规则编号'), '须为规则编号列表').optional(),
});

export const rejectSchema = z.strictObject({
  version,
  stage,
  comment: text('意见').trim().min(1, '退回须填写意见，说明需要修改的内容'),
});

export const withdrawSchema = z.strictObject({ version, comment: text('意见').optional() });

export const cancelScheduleSchema = z.strictObject({
  version,
  comment: text('意见').trim().min(1, '撤销定时发布须填写原因，拟稿人据此修改'),
});

export const raiseGradeSchema = z.strictObject({ grade, comment: text('意见').optional() });

export const listQuerySchema = z.strictObject({
  awaiting: z.literal('me', 'awaiting 只能为 me').optional(),
  status: z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(REVIEW_STATUSES, `状态须为 ${REVIEW_STATUSES.join('、')} 之一`)))
    .optional(),
  org: z.string().optional(),
  limit: queryInteger(1, 200).optional(),
});

export const draftParams = z.object({ id: z.string() });
export const targetParams = z.object({ id: z.string(), target: targetSchema() });

type ContentInput = z.output<typeof newDraftSchema>;

/** The request body as the review service takes it: optional fields left out rather than undefined. */
export function submissionOf(input: ContentInput): DraftSubmission {
  const { grade: requested, targets, ...fields } = input;
  const content = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Omit<DraftContent, 'targets' | 'corrects'>;
  const submission: DraftSubmission = { content: Object.assign(content, { targets: targets ?? [] }) };
  if (requested) submission.grade = requested;
  return submission;
}
