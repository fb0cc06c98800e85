/** What the Weibo gateway's statuses/show tells a tool about a post it sent (error text, in Weibo's envelope). */
export const WEIBO_GATEWAY_TEXT = {
  inReview: (draft: string) => `稿件 ${draft} 正在签发审核中，审签通过后由签发发布：请稍后再查`,
  publishing: (draft: string) => `稿件 ${draft} 已审签通过，正在发布：请稍后再查`,
  refused: (draft: string, reason: string) => `稿件 ${draft} 未发布：${reason}`,
  notFound: (id: string) => `没有编号为 ${id} 的待审微博（或不属于本账号）`,
  missingId: '缺少必填参数 id（提交时答复的 idstr）',
  // Issue 14, point 2: a body is read only after its token is checked.
  tokenInLargeBody: (limitKb: number) =>
    `请求体过大或未声明长度：access_token 在请求体中时，请求体须声明 Content-Length 且不超过 ${limitKb} KB；请把 access_token 放在查询参数或 Authorization: OAuth2 头中`,
};
