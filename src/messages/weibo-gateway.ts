/** What the Weibo gateway's statuses/show tells a tool about a post it sent (error text, in Weibo's envelope). */
export const WEIBO_GATEWAY_TEXT = {
  inReview: (draft: string) => `稿件 ${draft} 正在签发审核中，审签通过后由签发发布：请稍后再查`,
  publishing: (draft: string) => `稿件 ${draft} 已审签通过，正在发布：请稍后再查`,
  refused: (draft: string, reason: string) => `稿件 ${draft} 未发布：${reason}`,
  notFound: (id: string) => `没有编号为 ${id} 的待审微博（或不属于本账号）`,
  missingId: '缺少必填参数 id（提交时答复的 idstr）',
};
