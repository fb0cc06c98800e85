import type { WechatApiError } from './wechat-api-client.js';

/** The real WeChat account behind the gateway in the gateway tests (the fake WeChat server knows it). */
export const CHONGCHUAN = { appid: 'wx0123456789abcdef', secret: 'chongchuan-real-secret' };

/** An article as a WeChat tool sends it to draft/add, every field set. */
export const GATEWAY_ARTICLE = {
  title: '亲子阅读活动通知',
  author: '区图书馆',
  digest: '',
  content: '<p>本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。</p>',
  content_source_url: '',
  thumb_media_id: 'cover-from-the-tool',
  need_open_comment: 0,
  only_fans_can_comment: 0,
};

/** The error a wechat-api call was refused with; throws when the call succeeded. */
export async function refusalOf(promise: Promise<unknown>): Promise<WechatApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as WechatApiError,
  );
  if (!error) throw new Error('the call was expected to be refused');
  return error;
}
