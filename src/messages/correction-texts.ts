import type { CorrectionError } from '../services/correction-service.js';

/** The corrections' refusals (issue 13 point 6). */
export function correctionErrorMessage(error: CorrectionError): string {
  switch (error.code) {
    case 'alert_not_found':
      return `没有编号为“${error.id}”的告警（告警只保留最近 1000 条），请刷新告警列表后再试。`;
    case 'not_correctable':
      return error.reason === 'alert_kind'
        ? '只有巡检发现的已发布内容问题（在线问题、失效链接）可以发起更正或撤回。'
        : '只能更正或撤回已发布的稿件（及其已发布的账号）。';
  }
}
