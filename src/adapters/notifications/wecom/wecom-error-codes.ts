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
 * Every WeCom code qianfa meets, classified once. Token and IP codes are from the facts file (§3.1, §4);
 * the others from an SDK's copy of WeCom's global error-code page (M), plus our own pre-send checks.
 * Unlike WeChat, 40001 means a wrong corpsecret everywhere, so it is never a token problem.
 */
export const WECOM_ERROR_CODES: ErrorTable = {
  network: transient('连接企业微信服务器失败（网络中断或连接被断开），稍后重试'),
  timeout: transient('企业微信服务器在限定时间内没有应答，稍后重试'),
  http_5xx: transient('企业微信服务器暂时出错（HTTP 5xx），稍后重试'),
  http_error: permanent('企业微信接口返回了意外的 HTTP 状态，请检查接口地址配置'),
  invalid_response: transient('企业微信接口的应答无法解析，稍后重试'),

  '-1': transient('企业微信系统繁忙，稍后重试'),
  '45009': transient('企业微信接口调用超过频率限制，稍后重试'),
  '45033': transient('企业微信接口并发调用过多，稍后重试'),

  '40014': tokenProblem('企业微信访问令牌（access_token）不合法，需重新获取'),
  '41001': tokenProblem('请求缺少企业微信访问令牌（access_token）'),
  '42001': tokenProblem('企业微信访问令牌（access_token）已过期，需重新获取'),

  '40001': permanent('应用 Secret 不正确，请在企业微信管理后台的应用详情中核对'),
  '40013': permanent('企业 ID（corpid）不正确，请在企业微信管理后台“我的企业”中核对'),
  '41002': permanent('请求缺少企业 ID（corpid）'),
  '41004': permanent('请求缺少应用 Secret'),
  '60020': permanent('本服务器 IP 不在企业微信应用的“企业可信IP”中，请管理员在应用设置中添加'),
  '48002': permanent('应用没有调用该接口的权限，请管理员在企业微信后台开通'),
  '48006': permanent('应用长期未使用，接口权限已被收回，需管理员重新启用'),
  '50003': permanent('企业微信应用已被停用'),
  '40056': permanent('应用 AgentId 不正确，或与访问令牌不属于同一应用'),
  '41011': permanent('请求缺少应用 AgentId'),
  '40003': permanent('企业微信成员账号（UserID）无效'),
  '40029': permanent('企业微信登录的授权码（code）无效、已使用或已过期（5 分钟内有效，只能用一次）'),
  '50001': permanent('登录回调地址不在企业微信应用的可信域名内，请管理员在应用的“网页授权及JS-SDK”中设置'),
  '60021': permanent('该成员不在企业微信应用的可见范围内，请管理员调整应用可见范围'),
  '81013': permanent('收件成员全部无效或不在应用可见范围内，消息未发出'),
  '82001': permanent('未指定任何收件成员、部门或标签'),
  '40008': permanent('消息类型（msgtype）不合法'),
  '40058': permanent('请求参数不合法'),
  '41016': permanent('消息缺少标题'),
  '41033': permanent('消息缺少描述'),
  '45002': permanent('消息内容超过长度限制'),
  '82004': permanent('消息内容不合法，被企业微信拒收'),
  '42014': permanent('卡片任务编号（task_id）不合法或已使用'),
  '42015': permanent('要更新的卡片不是本应用发出的'),
  '42016': permanent('要更新的卡片任务编号（task_id）不存在'),
  '42017': permanent('卡片按钮的 key 不存在'),
  '42018': permanent('卡片按钮的 key 不合法'),

  invalid_url: permanent('消息链接须以 http:// 或 https:// 开头且不超过 2048 字节'),
  invalid_task_id: permanent('卡片任务编号须由字母、数字和 _-@ 组成，且不超过 128 字节'),
  invalid_buttons: permanent('卡片须有 1 至 6 个按钮，且按钮 key 互不相同、非空、不超过 1024 字节'),
  invalid_recipients: permanent('收件成员列表为空、超过 1000 人或含有非法字符'),
  recipient_refused: permanent('企业微信拒收该成员（账号不存在、已离职或不在应用可见范围内），消息未送达'),
};

/**
 * Unknown codes are permanent: WeCom answered and refused, and an uncatalogued refusal is likelier a request
 * or permission problem than load, which arrives as -1, 45009/45033, 5xx or timeouts.
 */
export function classifyWecomCode(code: string): ErrorClassification {
  return (
    lookupCode(WECOM_ERROR_CODES, code) ?? permanent(`企业微信返回了未收录的错误码 ${code}，请管理员查看`)
  );
}

export const createWecomError = notificationErrorFactory('wecom', classifyWecomCode);
