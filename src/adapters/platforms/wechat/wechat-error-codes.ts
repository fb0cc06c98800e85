import { lookupCode, permanent, tokenProblem, transient, type ErrorTable } from '../platform-error-table.js';
import { PublisherError, type ErrorClassification } from '../publisher-error.js';

/** Every WeChat Official Account code qianfa meets, classified once (facts: platform-apis.md §1). */
export const WECHAT_ERROR_CODES: ErrorTable = {
  network: transient('连接微信服务器失败（网络中断或连接被断开），稍后重试'),
  timeout: transient('微信服务器在限定时间内没有应答，稍后重试'),
  http_5xx: transient('微信服务器暂时出错（HTTP 5xx），稍后重试'),
  http_error: permanent('微信接口返回了意外的 HTTP 状态，请检查接口地址配置'),
  invalid_response: transient('微信接口的应答无法解析，稍后重试'),

  '-1': transient('微信系统繁忙，稍后重试'),
  '45009': transient('接口调用已达今日上限，需等到次日或由管理员清零调用额度'),
  '45011': transient('接口调用过于频繁（每分钟限额），稍后重试'),
  '53501': transient('发布请求过于频繁，稍后重试'),

  '40001': tokenProblem('访问令牌（access_token）无效或已不是最新，需重新获取'),
  '40014': tokenProblem('访问令牌（access_token）不合法，需重新获取'),
  '41001': tokenProblem('请求缺少访问令牌（access_token）'),
  '42001': tokenProblem('访问令牌（access_token）已过期，需重新获取'),

  '40002': permanent('请求参数不合法'),
  '40004': permanent('不支持的素材类型'),
  '40005': permanent('文件类型不支持（正文图片仅限 jpg/png）'),
  '40006': permanent('文件大小不合法'),
  '40007': permanent('素材或草稿编号（media_id）无效：封面须为永久图片素材，已发布的草稿会从草稿箱移除'),
  '40009': permanent('图片大小不合法（正文图片须小于 1MB）'),
  '40013': permanent('AppID 无效，请检查公众号配置'),
  '40114': permanent('草稿中的文章序号（index）无效'),
  '40125': permanent('AppSecret 无效，请检查公众号配置'),
  '40164': permanent('调用方 IP 不在公众号的 IP 白名单中，请管理员在公众平台添加'),
  '40227': permanent('标题不能为空'),
  '40243': permanent('AppSecret 已被冻结，请管理员在公众平台处理'),
  '41002': permanent('请求缺少 AppID'),
  '41004': permanent('请求缺少 AppSecret'),
  '41039': permanent('原文链接（content_source_url）不合法'),
  '43001': permanent('该接口须用 GET 请求'),
  '43002': permanent('该接口须用 POST 请求'),
  '44003': permanent('图文内容不能为空'),
  '45001': permanent('素材文件过大'),
  '45002': permanent('正文超过长度限制（须少于 2 万字且小于 1MB）'),
  '45003': permanent('标题超过长度限制（不超过 32 字）'),
  '45004': permanent('摘要超过长度限制（不超过 128 字）'),
  '45103': permanent('该接口已停用：永久图文素材已下线，须改用草稿箱'),
  '45106': permanent('该接口已停用：永久图文素材已下线，须改用草稿箱'),
  '45110': permanent('作者超过长度限制（不超过 16 字）'),
  '45166': permanent('正文内容不合法'),
  '47001': permanent('请求数据格式错误（不是合法的 JSON）'),
  '47003': permanent('请求参数不合法'),
  '48001': permanent('公众号没有该接口权限：发布接口仅限已认证的账号，请确认公众号已完成认证'),
  '48004': permanent('该接口已被封禁，请管理员在公众平台查看原因'),
  '50002': permanent('账号受限，可能因违规被限制调用接口'),
  '50004': permanent('该账号被禁止调用获取令牌接口'),
  '50007': permanent('公众号已被冻结'),
  '53500': permanent('发布功能已被封禁'),
  '53502': permanent('发布任务编号（publish_id）无效'),
  '53503': permanent('稿件未通过微信发布前检查，不能发布'),
  '53504': permanent('该草稿须在公众平台网页端操作'),
  '53505': permanent('请先在公众平台网页端手动保存该草稿'),
  '53600': permanent('文章编号（article_id）无效'),
  '88000': permanent('公众号没有留言权限，不能开启留言'),
  '89503': permanent('本次调用需公众号管理员在手机上确认'),
  '89506': permanent('管理员已两次拒绝该 IP 的调用，24 小时内不可再试'),
  '89507': permanent('管理员已拒绝该 IP 的调用，1 小时内不可再试'),

  // Outcomes of an accepted publish job (freepublish/get publish_status, facts §1.5), and our own waits.
  still_publishing: transient('微信仍在发布中，稍后再查询结果'),
  image_refused: permanent(
    '图片地址是本机或内网地址，出于安全不予下载：请改用公网图片或直接上传图片文件（内网图床须由管理员加入 QIANFA_IMAGE_ALLOW_HOSTS）',
  ),
  cover_material_gone: permanent(
    '工具通过网关上传的封面素材已在公众平台被删除：请在工具中重新上传封面并更新草稿后再提交',
  ),
  cover_gone: transient('封面素材已在公众平台被删除，将重新上传封面后重试'),
  submit_unconfirmed: transient('上次提交发布未收到应答，正在向微信核实是否已提交，稍后再试'),
  retraction_without_article: permanent(
    '撤回的原文没有微信文章编号（article_id），无法通过接口删除，请在公众平台手动删除',
  ),
  publish_status_2: permanent('原创声明校验未通过，微信未发布'),
  publish_status_3: permanent('微信发布失败（常规失败），请管理员在公众平台查看'),
  publish_status_4: permanent('未通过微信平台审核，微信未发布'),
  publish_status_5: permanent('文章发布后已被删除'),
  publish_status_6: permanent('文章发布后已被微信封禁'),
  publish_status_unknown: permanent('微信返回了未收录的发布状态，请管理员在公众平台查看'),
};

/**
 * On the token endpoints themselves 40001 means "wrong AppSecret": fetching another token cannot fix it,
 * so it must not be reported as a token problem (that would loop token → refresh → token).
 */
const TOKEN_ENDPOINT_OVERRIDES: Readonly<Record<string, ErrorClassification>> = {
  '40001': permanent('AppSecret 错误或不属于该公众号，请检查公众号配置'),
};

export type WechatCallContext = 'business' | 'token_endpoint';

/**
 * Unknown codes are permanent: the platform answered and refused, and a refusal we have not catalogued is
 * more likely a request or permission problem than load, which retries would only repeat. Load and outages
 * arrive as -1, 45009/45011, 5xx or timeouts, all classified above. Permanent also means admins are told.
 */
export function classifyWechatCode(
  code: string,
  context: WechatCallContext = 'business',
): ErrorClassification {
  const override = context === 'token_endpoint' ? TOKEN_ENDPOINT_OVERRIDES[code] : undefined;
  return (
    override ??
    lookupCode(WECHAT_ERROR_CODES, code) ??
    permanent(`微信返回了未收录的错误码 ${code}，请管理员查看`)
  );
}

export interface WechatErrorDetails {
  readonly platformMessage?: string;
  readonly cause?: unknown;
  readonly context?: WechatCallContext;
  /** Names what failed ahead of the explanation, for the author to find it (封面（http://…）). */
  readonly subject?: string;
}

export function createWechatError(code: string, details: WechatErrorDetails = {}): PublisherError {
  const classified = classifyWechatCode(code, details.context);
  return new PublisherError({
    platform: 'wechat',
    platformCode: code,
    kind: classified.kind,
    explanation: details.subject ? `${details.subject}：${classified.explanation}` : classified.explanation,
    ...(details.platformMessage === undefined ? {} : { platformMessage: details.platformMessage }),
    cause: details.cause,
  });
}
