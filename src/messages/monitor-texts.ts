import type { CadenceReport } from '../domain/monitor/cadence.js';

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
