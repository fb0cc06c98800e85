import { platformOf } from '../accounts.js';
import type { CheckReport, Finding } from '../checks/finding.js';
import type { DraftContent } from '../draft-content.js';
import { articleHtml, plainTextOf } from './article-html.js';
import { countCodePoints, WECHAT_LIMITS } from './wechat-limits.js';
import { fitsWeibo } from './weibo-text.js';

/**
 * The checker's report plus what the draft's targets cannot take (facts §1.4, §2.2): found when the draft is
 * submitted, as blocking findings, rather than when it is published.
 */
export function withPlatformLimits(report: CheckReport, content: DraftContent): CheckReport {
  const findings = platformFindings(content);
  if (findings.length === 0) return report;
  return { ...report, blocked: true, findings: [...report.findings, ...findings] };
}

export function platformFindings(content: DraftContent): Finding[] {
  const platforms = new Set(content.targets.map(platformOf));
  const findings: Finding[] = [];
  const titleLength = countCodePoints(content.title);
  if (platforms.has('wechat') && titleLength > WECHAT_LIMITS.titleMaxChars) {
    const start = [...content.title].slice(0, WECHAT_LIMITS.titleMaxChars).join('').length;
    findings.push(
      finding(
        'platform:wechat-title',
        'title',
        start,
        content.title,
        `公众号文章标题不能超过 ${WECHAT_LIMITS.titleMaxChars} 个字（现为 ${titleLength} 个），请精简标题。`,
      ),
    );
  }
  if (platforms.has('wechat') && mayExceedWechatContent(content)) {
    const text = plainTextOf(articleHtml(content.body, content.format));
    const length = countCodePoints(text);
    if (length > WECHAT_LIMITS.contentMaxChars) {
      findings.push(
        finding(
          'platform:wechat-content',
          'body',
          0,
          content.body,
          `公众号正文不能超过 ${WECHAT_LIMITS.contentMaxChars} 字（现约 ${length} 字），请删减或分篇发布。`,
        ),
      );
    }
  }
  if (platforms.has('weibo') && !fitsWeibo(content.title)) {
    findings.push(
      finding(
        'platform:weibo-title',
        'title',
        0,
        content.title,
        '标题太长，加上链接后超过微博 140 字的上限，请精简标题。',
      ),
    );
  }
  return findings;
}

/**
 * Whether the body's text may be over WeChat's limit, read without rendering it (rendering a 5,000-character body
 * costs a quarter of its check). From text and HTML bodies, rendering only drops units (tags, entities, spacing,
 * blank lines), so a body of no more UTF-16 units than the limit cannot exceed it. Markdown's output is the
 * renderer's to decide, so it is always rendered.
 */
function mayExceedWechatContent({ body, format }: DraftContent): boolean {
  return format === 'markdown' || body.length > WECHAT_LIMITS.contentMaxChars;
}

function finding(
  rule: string,
  field: 'title' | 'body',
  start: number,
  text: string,
  message: string,
): Finding {
  const end = field === 'body' ? Math.min(text.length, start + 20) : text.length;
  return {
    rule,
    category: 'platform',
    action: 'block',
    field,
    start,
    end,
    text: text.slice(start, end),
    message,
  };
}
