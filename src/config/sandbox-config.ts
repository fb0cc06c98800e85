import { join } from 'node:path';
import type { Config } from './config-schema.js';

/** Settings that would send a sandbox's platform calls elsewhere than its simulated platforms. */
const PLATFORM_BASES = ['QIANFA_WECHAT_API_BASE', 'QIANFA_WEIBO_API_BASE', 'QIANFA_WECOM_API_BASE'] as const;

/**
 * The first platform base the environment sets, which a sandbox (`qianfa serve --sandbox`) refuses to start with:
 * its platforms are the simulated ones in its own process, so any base set points elsewhere (a real platform, or
 * a forwarding proxy to one).
 */
export function platformBaseSet(
  env: NodeJS.ProcessEnv = process.env,
): { key: string; value: string } | undefined {
  const key = PLATFORM_BASES.find((name) => (env[name] ?? '') !== '');
  return key === undefined ? undefined : { key, value: env[key]! };
}

/** Where the simulated WeChat and Weibo of a sandbox listen. */
export interface SandboxBases {
  wechat: string;
  weibo: string;
}

/**
 * A sandbox's settings from the installation's: its own data (the embedded Redis and key file under
 * `<data dir>/sandbox`, whatever REDIS_URL and QIANFA_SECRET_KEY say, so real accounts and secrets are never in
 * reach), the simulated platforms' bases, no WeCom or WeChat template messages, and one process.
 */
export function sandboxConfig(config: Config, bases: SandboxBases): Config {
  const { notifications, publishing } = config;
  return {
    ...config,
    processes: 1,
    redisUrl: undefined,
    dataDir: join(config.dataDir, 'sandbox'),
    secretKey: undefined,
    publishing: { ...publishing, wechatApiBase: bases.wechat, weiboApiBase: bases.weibo },
    // No WeCom app: its messages and sign-in (wecomSso needs it) are off.
    notifications: { ...notifications, wecom: undefined, wechatTemplate: undefined },
  };
}
