import { EGRESS_REFUSALS } from '../../../messages/notifications.js';
import {
  lookupCode,
  notificationErrorFactory,
  permanent,
  transient,
  type ErrorClassification,
  type ErrorTable,
} from '../notification-error-table.js';

/**
 * A webhook receiver answers with HTTP statuses only: 2xx delivered, 5xx or no answer transient, 4xx
 * permanent — except 408 and 429, which by definition ask to be tried again later.
 */
export const WEBHOOK_ERROR_CODES: ErrorTable = {
  network: transient('连接 Webhook 地址失败（网络中断、域名无法解析或连接被拒绝），稍后重试'),
  timeout: transient('Webhook 地址在限定时间内没有应答，稍后重试'),
  http_5xx: transient('Webhook 接收方暂时出错（HTTP 5xx），稍后重试'),
  http_error: permanent('Webhook 接收方拒收了消息（HTTP 4xx），请核对地址和签名密钥'),
  invalid_response: transient('Webhook 接收方的应答无法识别，稍后重试'),
  http_408: transient('Webhook 接收方等待请求超时（HTTP 408），稍后重试'),
  http_429: transient('Webhook 接收方限流（HTTP 429），稍后重试'),
  redirected: permanent('Webhook 地址返回了重定向（HTTP 3xx）；签名的 POST 请求不跟随重定向，请填写最终地址'),
  missing_secret: permanent('Webhook 未设置签名密钥，不发送未签名的消息'),
  // The egress policy: refused before connecting (the URL) or at the connect (the resolved address).
  egress_not_https: permanent(EGRESS_REFUSALS.not_https),
  egress_private_address: permanent(EGRESS_REFUSALS.private_address),
  egress_refused: permanent(`${EGRESS_REFUSALS.private_address}；域名解析结果不在允许范围`),
  invalid_url: permanent('Webhook 地址须为 http:// 或 https:// 开头、不含用户名和密码的完整网址'),
};

export function classifyWebhookCode(code: string): ErrorClassification {
  return lookupCode(WEBHOOK_ERROR_CODES, code) ?? permanent(`Webhook 发送失败（${code}），请管理员查看`);
}

export const createWebhookError = notificationErrorFactory('webhook', classifyWebhookCode);
