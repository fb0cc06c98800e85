import { Router } from 'express';
import { wechatGatewayRoutes, type WechatGatewayDeps } from './wechat-gateway-routes.js';
import { weiboGatewayRoutes, type WeiboGatewayDeps } from './weibo-gateway-routes.js';

export interface GatewayDeps {
  /** e.g. `/gateway`: WeChat at `<basePath>/wechat/cgi-bin/…`, Weibo at `<basePath>/weibo/2/…`. */
  basePath: string;
  wechat: WechatGatewayDeps;
  weibo: WeiboGatewayDeps;
}

/** The drop-in endpoints for existing tools, each platform in its own wire format. */
export function gatewayRoutes(deps: GatewayDeps): Router {
  const router = Router();
  router.use(`${deps.basePath}/wechat`, wechatGatewayRoutes(deps.wechat));
  router.use(`${deps.basePath}/weibo`, weiboGatewayRoutes(deps.weibo));
  return router;
}
