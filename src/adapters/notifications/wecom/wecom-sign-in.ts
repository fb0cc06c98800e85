import type { WecomSignIn } from '../../../services/ports/desk-logins.js';
import type { WecomClient } from './wecom-client.js';
import { WecomTokenCache } from './wecom-token-cache.js';

export interface WecomSignInOptions {
  readonly client: WecomClient;
  readonly corpid: string;
  readonly corpsecret: string;
  readonly agentid: number;
  /** Where WeCom's sign-in pages are; default its own hosts (a fake's in tests). */
  readonly authorizeBase?: string | undefined;
}

const OAUTH_BASE = 'https://open.weixin.qq.com';
const QR_LOGIN_BASE = 'https://login.work.weixin.qq.com';

/**
 * WeCom sign-in for the app that sends the cards: inside WeCom's own browser the silent 网页授权
 * (`connect/oauth2/authorize`, scope snsapi_base), elsewhere 扫码登录 (`wwlogin/sso/login`, login_type CorpApp);
 * both come back with a single-use `code`, which `auth/getuserinfo` turns into the member's userid with the
 * app's access token (cached and refreshed once on a token error, as for messages).
 */
export function wecomSignIn(options: WecomSignInOptions): WecomSignIn {
  const { client, corpid, corpsecret, agentid } = options;
  const tokens = new WecomTokenCache({ client, corpid, corpsecret });
  return {
    authorizeUrl({ redirectUri, state, insideWecom }) {
      if (insideWecom) {
        const url = new URL(`${options.authorizeBase ?? OAUTH_BASE}/connect/oauth2/authorize`);
        const query = {
          appid: corpid,
          redirect_uri: redirectUri,
          response_type: 'code',
          scope: 'snsapi_base',
        };
        for (const [name, value] of Object.entries({ ...query, state, agentid: String(agentid) }))
          url.searchParams.set(name, value);
        return `${url.toString()}#wechat_redirect`;
      }
      const url = new URL(`${options.authorizeBase ?? QR_LOGIN_BASE}/wwlogin/sso/login`);
      const query = {
        login_type: 'CorpApp',
        appid: corpid,
        agentid: String(agentid),
        redirect_uri: redirectUri,
      };
      for (const [name, value] of Object.entries({ ...query, state })) url.searchParams.set(name, value);
      return url.toString();
    },
    userIdOf: (code) => tokens.withToken((token) => client.getUserInfo(token, code)),
  };
}
