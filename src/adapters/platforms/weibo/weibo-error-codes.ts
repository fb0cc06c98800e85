import { lookupCode, permanent, tokenProblem, transient, type ErrorTable } from '../platform-error-table.js';
import { PublisherError, type ErrorClassification } from '../publisher-error.js';

/**
 * Every Weibo error_code qianfa meets, classified once (facts: platform-apis.md §2.3, §4).
 * Weibo gives server apps no refresh_token, so `token` here means "the stored user token is dead": reloading
 * it helps only if an admin has re-authorised the account meanwhile.
 */
export const WEIBO_ERROR_CODES: ErrorTable = {
  network: transient('连接微博服务器失败（网络中断或连接被断开），稍后重试'),
  timeout: transient('微博服务器在限定时间内没有应答，稍后重试'),
  http_5xx: transient('微博服务器暂时出错（HTTP 5xx），稍后重试'),
  http_error: permanent('微博接口返回了意外的 HTTP 状态，请检查接口地址配置'),
  invalid_response: transient('微博接口的应答无法解析，稍后重试'),

  '10001': transient('微博系统错误，稍后重试'),
  '10002': transient('微博服务暂停，稍后重试'),
  '10003': transient('微博远程服务出错，稍后重试'),
  '10022': transient('本 IP 请求过于频繁，稍后重试'),
  '10023': transient('本账号请求过于频繁，稍后重试'),
  '10024': transient('本账号调用该接口过于频繁，稍后重试'),
  '20016': transient('发微博过于频繁，稍后重试'),

  '21301': tokenProblem('微博授权认证失败，需重新授权'),
  '21314': tokenProblem('微博访问令牌已被使用，需重新授权'),
  '21315': tokenProblem('微博访问令牌已过期，需重新授权'),
  '21316': tokenProblem('微博访问令牌已被撤销，需重新授权'),
  '21317': tokenProblem('微博访问令牌被拒绝，需重新授权'),
  '21319': tokenProblem('微博账号已取消对本应用的授权，需重新授权'),
  '21327': tokenProblem('微博访问令牌已过期，需管理员重新授权'),
  '21332': tokenProblem('微博访问令牌无效，需重新授权'),

  '10004': permanent('本 IP 被限制访问微博接口，请检查服务器出口 IP'),
  '10005': permanent('应用权限不足，需更高级别的微博接口权限'),
  '10006': permanent('请求缺少应用标识（source/appkey）'),
  '10008': permanent('请求参数错误'),
  '10014': permanent('应用接口权限不足'),
  '10016': permanent('请求缺少必选参数'),
  '10017': permanent('参数值不合法：正文须含本应用安全域名下的链接，且不能带 #话题#'),
  '10018': permanent('请求内容过长'),
  '10021': permanent('请求方法不被该接口支持'),
  '20003': permanent('微博用户不存在'),
  '20005': permanent('图片类型不支持（仅限 JPG/GIF/PNG）'),
  '20006': permanent('图片过大（须小于 5MB）'),
  '20007': permanent('带图片的请求须用 multipart 格式上传'),
  '20008': permanent('微博正文为空'),
  '20012': permanent('微博正文超过 140 字'),
  '20017': permanent('提交了相似的内容'),
  '20018': permanent('正文包含非法网址'),
  '20019': permanent('重复发布了相同内容'),
  '20020': permanent('正文包含广告信息'),
  '20021': permanent('正文包含违规内容，未通过微博审核'),
  '20022': permanent('本 IP 有异常行为，已被微博限制'),
  '20031': permanent('微博要求输入验证码，需在网页端处理'),
  '20111': permanent('不能重复发布同一条微博'),
  '21321': permanent('未审核应用的授权用户数已达上限'),
  '21602': permanent('正文含有微博禁止的词语'),

  // Our own outcomes while publishing.
  post_unconfirmed: transient('上次发微博未收到确认，正在核实是否已发出，稍后再试'),
  no_link: permanent(
    '微博须带本应用安全域名下的链接，该微博账号未配置：请管理员配置（qianfa account set-link）后重新发布',
  ),
  too_long: permanent('标题加链接已超过微博 140 字的上限，请精简标题'),
};

/** Unknown codes are permanent, for the same reason as on WeChat (see classifyWechatCode). */
export function classifyWeiboCode(code: string): ErrorClassification {
  return lookupCode(WEIBO_ERROR_CODES, code) ?? permanent(`微博返回了未收录的错误码 ${code}，请管理员查看`);
}

export interface WeiboErrorDetails {
  readonly platformMessage?: string;
  readonly cause?: unknown;
}

export function createWeiboError(code: string, details: WeiboErrorDetails = {}): PublisherError {
  return new PublisherError({
    platform: 'weibo',
    platformCode: code,
    ...classifyWeiboCode(code),
    ...(details.platformMessage === undefined ? {} : { platformMessage: details.platformMessage }),
    cause: details.cause,
  });
}
