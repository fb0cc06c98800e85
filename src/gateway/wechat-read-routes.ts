import type { Request } from 'express';
import type { z } from 'zod';
import type { JsonObject } from '../domain/audit/canonical-json.js';
import type { GatewayArticle } from '../domain/gateway/gateway-draft.js';
import type { GatewaySession, WechatGatewayService } from '../services/wechat-gateway-service.js';
import type { GatewayOutcome } from './gateway-audit.js';
import { gatewayRefusal, type WechatRefusal } from './wechat-gateway-errors.js';

type Handler = (req: Request) => Promise<GatewayOutcome>;

/**
 * What the read routes borrow from the WeChat router (wechat-gateway-routes.ts), so that they parse, audit and
 * answer exactly as its own routes do.
 */
export interface WechatRouteKit {
  /** Registers a POST endpoint with a JSON body. */
  post(path: string, handler: Handler): void;
  withSession(
    req: Request,
    handler: (session: GatewaySession) => Promise<GatewayOutcome>,
  ): Promise<GatewayOutcome>;
  parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S>;
  done(body: Record<string, unknown>, session: GatewaySession, details?: JsonObject): GatewayOutcome;
  refused(refusal: WechatRefusal, session?: GatewaySession, details?: JsonObject): GatewayOutcome;
  /** draft/add's body schema: `{ articles: [Article] }`. */
  articles: z.ZodType<{ articles: GatewayArticle[] }>;
}

/**
 * Older ways of making an mpnews (material/add_news, media/uploadnews, how co-wechat-api and wechat-api prepare
 * a mass send): kept as draft box entries exactly as draft/add keeps them, answered in each call's own shape.
 */
export function wechatReadRoutes(service: WechatGatewayService, kit: WechatRouteKit): void {
  const addNews = (req: Request, answer: (mediaId: string, createdAt: string) => Record<string, unknown>) =>
    kit.withSession(req, async (session) => {
      const { articles } = kit.parse(kit.articles, req.body);
      const added = await service.addDraft(session, articles);
      if (!added.ok) return kit.refused(gatewayRefusal(added.error), session);
      const { mediaId, createdAt } = added.value;
      return kit.done(answer(mediaId, createdAt), session, { media_id: mediaId });
    });
  kit.post('/cgi-bin/material/add_news', (req) => addNews(req, (mediaId) => ({ media_id: mediaId })));
  kit.post('/cgi-bin/media/uploadnews', (req) =>
    addNews(req, (mediaId, createdAt) => ({
      type: 'news',
      media_id: mediaId,
      created_at: unixSeconds(createdAt),
    })),
  );
}

function unixSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}
