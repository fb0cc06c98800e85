import { MARKABLE_RULE_PREFIXES } from '../domain/checks/org-allow.js';
import type { FalsePositiveError } from './false-positive-service.js';
import type { RateLimitedError } from './live-check-service.js';

const markable = MARKABLE_RULE_PREFIXES.map((prefix) => `${prefix}*`).join('、');

/** Chinese text for refusals of check settings, false-positive marks and live checks. */
export function checkSettingsMessageFor(error: FalsePositiveError | RateLimitedError): string {
  switch (error.code) {
    case 'org_not_found':
      return `单位“${error.slug}”不存在，请先用 qianfa org add 创建。`;
    case 'allow_entry_not_found':
      return `没有编号为“${error.id}”的误报条目，可能已被撤销。`;
    case 'allow_entry_too_short':
      return `命中文字规范化后只剩“${error.text}”，不足 2 个字，作为误报条目会放过太多内容，不能标记。`;
    case 'allow_entry_exists':
      return `“${error.text}”已是本单位的误报条目（编号 ${error.id}），无需重复标记。`;
    case 'invalid_source':
      return `稿源单位“${error.source}”无效：须为 2–60 个字符的单位名称。`;
    case 'draft_not_found':
      return `没有编号为“${error.id}”的稿件，或您无权查看。`;
    case 'stale_version':
      return `稿件已有第 ${error.current} 版，您标记的是第 ${error.given} 版；请刷新后在当前版本上标记。`;
    case 'not_decider':
      return '只有当前环节的审核人（或其代理人）可以把命中项标记为误报。';
    case 'finding_not_found':
      return '当前版本没有这条命中项（规则、位置须与机审结果一致），请刷新后重试。';
    case 'finding_not_markable':
      return `“${error.rule}”类命中项不能标记为误报：个人信息、链接（含电商链接）、稿源、标题、平台限制、隐藏内容等一律不得豁免；只有词表（${markable}）、个人观点、表述和定级类命中项可以标记。`;
    case 'rate_limited':
      return `机审请求过于频繁，请 ${error.retryAfterSeconds} 秒后再试。`;
  }
}
