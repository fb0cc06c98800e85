import type { UploadForwarder, UploadRequest } from '../../../services/ports/gateway.js';
import { fetchText, type FetchedText, type PlatformRequest } from '../platform-http.js';
import { createWechatError } from './wechat-error-codes.js';
import type { WechatTokenCache } from './wechat-token-cache.js';

/** errcodes meaning the access token is dead (facts §1.0): refresh once and send again. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

/**
 * Sends a tool's upload to WeChat with the account's real access token and returns WeChat's answer unchanged.
 * The body is not parsed: the tool's multipart bytes go out as they came. A network failure, timeout or 5xx is
 * thrown as a PublisherError (the gateway answers -1, system busy, as WeChat would).
 */
export class WechatUploadForwarder implements UploadForwarder {
  constructor(private readonly options: { baseUrl: string; timeoutMs: number; tokens: WechatTokenCache }) {}

  async forward(upload: UploadRequest, account: { appid: string; secret: string }): Promise<FetchedText> {
    const { tokens } = this.options;
    const token = await tokens.token(account.appid, account.secret);
    const first = await this.send(upload, token);
    if (!TOKEN_ERRCODES.has(errcodeOf(first.text))) return first;
    return this.send(upload, await tokens.refresh(account.appid, account.secret, token));
  }

  private send(upload: UploadRequest, token: string): Promise<FetchedText> {
    const url = new URL(this.options.baseUrl.replace(/\/+$/, '') + upload.path);
    url.searchParams.set('access_token', token);
    for (const [name, value] of Object.entries(upload.query)) url.searchParams.set(name, value);
    const init: PlatformRequest = {
      method: 'POST',
      headers: { 'content-type': upload.contentType },
      body: Buffer.from(upload.body),
    };
    return fetchText(url, init, this.options.timeoutMs, (code, details) =>
      createWechatError(code, { ...details, context: 'business' }),
    );
  }
}

function errcodeOf(text: string): number {
  try {
    const parsed = JSON.parse(text) as { errcode?: unknown };
    return typeof parsed.errcode === 'number' ? parsed.errcode : 0;
  } catch {
    return 0;
  }
}
