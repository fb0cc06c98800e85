import { accountOf } from '../../domain/accounts.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { AccountService } from '../account-service.js';
import type { GatewayDraftStore, UploadForwarder, UploadRequest } from '../ports/gateway.js';
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
  draftBox: Pick<GatewayDraftStore, 'rememberMaterialUrl'>;
}

export function createWechatUploads({ accounts, forwarder, draftBox }: WechatUploadsDeps): WechatUploads {
  return {
    async upload(session, request) {
      const { org, target } = session.credential;
      const opened = await accounts.credentials(org, 'wechat', accountOf(target).name);
      if (!opened.ok) return err({ code: 'account_unavailable' });
      const account = { appid: opened.value.account.appid ?? '', secret: opened.value.secret };
      let reply;
      try {
        reply = await forwarder.forward(request, account);
      } catch (error) {
        return err({ code: 'platform_unreachable', error });
      }
      const material = request.path === '/cgi-bin/material/add_material' ? imageOf(reply.text) : undefined;
      if (material) await draftBox.rememberMaterialUrl(target, material.mediaId, material.url);
      return ok(reply);
    },
  };
}

/** The media_id and URL in WeChat's answer to an image add_material (other types have no URL). */
function imageOf(text: string): { mediaId: string; url: string } | undefined {
  try {
    const answer = JSON.parse(text) as { media_id?: unknown; url?: unknown };
    const { media_id: mediaId, url } = answer;
    return typeof mediaId === 'string' && typeof url === 'string' && url ? { mediaId, url } : undefined;
  } catch {
    return undefined;
  }
}
