import { accountOf } from '../../domain/accounts.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { AccountService } from '../account-service.js';
import type { UploadForwarder, UploadRequest } from '../ports/gateway.js';
import type { GatewaySession } from './gateway-session.js';

/** Why an upload did not reach WeChat: the account has no usable secret, or WeChat did not answer. */
export type UploadError = { code: 'account_unavailable' } | { code: 'platform_unreachable'; error: unknown };

export interface WechatUploads {
  /**
   * uploadimg and add_material, which publish nothing: sent to WeChat with the account's real token, and
   * WeChat's answer given back as it came.
   */
  upload(
    session: GatewaySession,
    request: UploadRequest,
  ): Promise<Result<{ status: number; text: string }, UploadError>>;
}

export interface WechatUploadsDeps {
  accounts: Pick<AccountService, 'credentials'>;
  forwarder: UploadForwarder;
}

export function createWechatUploads({ accounts, forwarder }: WechatUploadsDeps): WechatUploads {
  return {
    async upload(session, request) {
      const { org, target } = session.credential;
      const opened = await accounts.credentials(org, 'wechat', accountOf(target).name);
      if (!opened.ok) return err({ code: 'account_unavailable' });
      const account = { appid: opened.value.account.appid ?? '', secret: opened.value.secret };
      try {
        return ok(await forwarder.forward(request, account));
      } catch (error) {
        return err({ code: 'platform_unreachable', error });
      }
    },
  };
}
