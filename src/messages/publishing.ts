/** What publishing and its workers tell administrators (alerts) and record as failures. */
export const PUBLISHING_TEXT = {
  publishFailed: (title: string, target: string, explanation: string) =>
    `稿件“${title}”发布到 ${target} 失败：${explanation}`,
  weiboWaitsForWechat: (wechatTarget: string) => `微博等待公众号文章（${wechatTarget}）发布后再发`,
  cannotPublishTo: (target: string) => `无法发布到 ${target}`,
  accountMissing: (target: string) => `发布账号 ${target} 不存在，请管理员添加`,
  accountDisabled: (target: string) =>
    `发布账号 ${target} 已被管理员停用，未发布到该账号；重新启用后可在稿件页“重新发布”`,
  notificationFailed: (channel: string, person: string, error: string) =>
    `向 ${channel} 渠道发送通知失败（人员 ${person}）：${error}`,
  templateAccountMissing: (org: string, account: string) => `模板消息账号 ${org}/${account} 不存在`,
  // The notification outbox (issue 17): a fan-out job that kept failing is set aside.
  notificationJobGivenUp: (title: string, attempts: number, error: string) =>
    `稿件“${title}”的审签通知连续 ${attempts} 次未能发出，已停止重试：${error}`,
  alertNotificationGivenUp: (alert: string, attempts: number, error: string) =>
    `告警“${alert}”连续 ${attempts} 次未能发给管理员，已停止重试：${error}`,
};

/** Why a gateway publish (freepublish/get) did not go out, as WeChat tools show it to their user. */
export const GATEWAY_PUBLISH_TEXT = {
  blocked: (rules: readonly string[]) => `未通过签发检查：${rules.join('；')}`,
  rejected: (comment: string | undefined) => `审核退回：${comment ?? '（未说明理由）'}`,
  failed: (explanation: string | undefined) => `发布失败：${explanation ?? '原因未知'}`,
};
