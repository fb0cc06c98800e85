import type { CadenceReport } from '../domain/monitor/cadence.js';
import type { OriginalRatioReport } from '../domain/monitor/original-ratio.js';

/** The admin alert for an account whose update cadence crossed a threshold of its organisation's profile. */
export function cadenceAlertText(target: string, cadence: CadenceReport): string {
  const silence = `已连续 ${cadence.daysSinceLastPost} 天（${cadence.workingDaysSinceLastPost} 个工作日）未更新`;
  switch (cadence.state) {
    case 'warning':
      return `账号 ${target} ${silence}，将于 ${cadence.failureDay} 达到不更新上限，请及时发布。`;
    case 'failed':
      return `账号 ${target} ${silence}，已达到不更新上限，存在“不合格”风险。`;
    case 'zombie':
      return `账号 ${target} 自 ${cadence.since} 起未更新，已超过期限（${cadence.zombieAfterDay}），视为“僵尸类”账号，应进入关停注销流程。`;
    default:
      return `账号 ${target} 更新正常。`;
  }
}

const STATE_NAMES: Record<CadenceReport['state'], string> = {
  ok: '正常',
  warning: '预警',
  failed: '不合格风险',
  zombie: '僵尸号',
};
const VERDICT_NAMES: Record<OriginalRatioReport['verdict'], string> = {
  pass: '达标',
  fail: '未达标',
  undetermined: '待定（有类别未知的发布）',
  no_posts: '无发布',
};

/** One account on one line for `qianfa monitor cadence`. */
export function monitorLine(account: {
  target: string;
  cadence: CadenceReport;
  original: OriginalRatioReport;
  listFailure?: string;
}): string {
  const { cadence, original } = account;
  const ratio = original.ratio === null ? '—' : `${Math.round(original.ratio * 100)}%`;
  const failure =
    account.listFailure === undefined ? '' : `；平台列表读取失败（${account.listFailure}），只计签发发布的`;
  return (
    `${account.target}\t${STATE_NAMES[cadence.state]}\t最近更新 ${cadence.since}，` +
    `${cadence.daysSinceLastPost} 天（${cadence.workingDaysSinceLastPost} 个工作日）\t` +
    `上周 ${cadence.lastWeek.posts} 条\t原创 ${original.original}/转载 ${original.repost}/未知 ${original.unknown}，` +
    `比例 ${ratio}：${VERDICT_NAMES[original.verdict]}${failure}`
  );
}
