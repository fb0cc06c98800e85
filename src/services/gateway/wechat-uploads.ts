import { accountOf } from '../../domain/accounts.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { AccountService } from '../account-service.js';
import type { Clock } from '../../domain/clock.js';
import {
  isMaterialType,
  uploadedFileName,
  type GatewayMaterial,
} from '../../domain/gateway/gateway-material.js';
import type { GatewayMaterialStore, UploadForwarder, UploadRequest } from '../ports/gateway.js';
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
  /** Where add_material uploads WeChat accepted are recorded, for get_materialcount and batchget_material. */
  materials: Pick<GatewayMaterialStore, 'record'>;
  now: Clock;
}

export function createWechatUploads(deps: WechatUploadsDeps): WechatUploads {
  const { accounts, forwarder } = deps;
  return {
    async upload(session, request) {
      const { org, target } = session.credential;
      const opened = await accounts.credentials(org, 'wechat', accountOf(target).name);
      if (!opened.ok) return err({ code: 'account_unavailable' });
      const account = { appid: opened.value.account.appid ?? '', secret: opened.value.secret };
      let reply: { status: number; text: string };
      try {
        reply = await forwarder.forward(request, account);
      } catch (error) {
        return err({ code: 'platform_unreachable', error });
      }
      const material = acceptedMaterial(request, reply.text, deps.now());
      if (material) await deps.materials.record(session.credential, material);
      return ok(reply);
    },
  };
}

/** The permanent material WeChat's answer to an add_material upload created, if it created one. */
function acceptedMaterial(request: UploadRequest, answer: string, at: Date): GatewayMaterial | undefined {
  const type = request.query['type'] ?? '';
  if (request.path !== '/cgi-bin/material/add_material' || !isMaterialType(type)) return undefined;
  let parsed: { media_id?: unknown; url?: unknown };
  try {
    parsed = JSON.parse(answer) as typeof parsed;
  } catch {
    return undefined;
  }
  if (typeof parsed.media_id !== 'string' || parsed.media_id === '') return undefined;
  return {
    mediaId: parsed.media_id,
    type,
    name: uploadedFileName(request.body),
    ...(typeof parsed.url === 'string' ? { url: parsed.url } : {}),
    uploadedAt: at.toISOString(),
  };
}
