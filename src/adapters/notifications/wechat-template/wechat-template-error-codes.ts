import {
  lookupCode,
  notificationErrorFactory,
  permanent,
  tokenProblem,
  transient,
  type ErrorClassification,
  type ErrorTable,
} from '../notification-error-table.js';

/**
 * Codes of cgi-bin/message/template/send (facts §1.7, §1.0), classified once. Most refusals concern one
 * recipient or the account's eligibility: retrying cannot help, but a person's other channels can.
 */
export const WECHAT_TEMPLATE_ERROR_CODES: ErrorTable = {
  network: transient('连接微信服务器失败（网络中断或连接被断开），稍后重试'),
  timeout: transient('微信服务器在限定时间内没有应答，稍后重试'),
  http_5xx: transient('微信服务器暂时出错（HTTP 5xx），稍后重试'),
  http_error: permanent('微信接口返回了意外的 HTTP 状态，请检查接口地址配置'),
  invalid_response: transient('微信接口的应答无法解析，稍后重试'),

  '-1': transient('微信系统繁忙，稍后重试'),
  '45009': transient('模板消息今日发送量已达上限，次日恢复'),
  '45011': transient('接口调用过于频繁，稍后重试'),

  '40001': tokenProblem('服务号访问令牌（access_token）无效或已不是最新，需重新获取'),
  '40014': tokenProblem('服务号访问令牌（access_token）不合法，需重新获取'),
  '41001': tokenProblem('请求缺少服务号访问令牌（access_token）'),
  '42001': tokenProblem('服务号访问令牌（access_token）已过期，需重新获取'),

  '40003': permanent('收件人的 openid 无效：须是该审签人在本服务号下的 openid'),
  '43004': permanent('收件人未关注本服务号，收不到模板消息；请其关注服务号，或改用企业微信、Webhook 通知'),
  '43019': permanent('收件人已将本服务号拉黑，收不到模板消息；请改用其他通知渠道'),
  '40036': permanent('模板 ID（template_id）长度不合法，请核对配置'),
  '40037': permanent('模板 ID（template_id）无效：须是本服务号“我的模板”中正在使用的模板'),
  '43116': permanent('该模板因滥用被限制使用，请管理员在公众平台查看'),
  '47001': permanent('请求数据格式错误（不是合法的 JSON）'),
  '47003': permanent('模板参数不合法：关键词须与模板一致，且内容符合该关键词的格式和长度'),
  '48001': permanent('该账号无权发送模板消息：仅已认证的服务号可以使用，并须使用该服务号的令牌'),
  '40164': permanent('调用方 IP 不在服务号的 IP 白名单中，请管理员在公众平台添加'),
  '40249': permanent('模板内容被判定含营销信息，不允许发送'),
  '40250': permanent('模板内容不规范（例如有关键词为空），请核对消息内容'),
  '40251': permanent('服务号因历史违规已达发送上限，暂不能发送模板消息'),
  '40252': permanent('模板内容正在审核中，暂不能发送'),
};

/** Unknown codes are permanent: the platform refused for a reason we have not catalogued; admins are told. */
export function classifyWechatTemplateCode(code: string): ErrorClassification {
  return (
    lookupCode(WECHAT_TEMPLATE_ERROR_CODES, code) ??
    permanent(`微信模板消息接口返回了未收录的错误码 ${code}，请管理员查看`)
  );
}

export const createWechatTemplateError = notificationErrorFactory(
  'wechat_template',
  classifyWechatTemplateCode,
);
