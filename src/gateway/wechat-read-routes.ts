import type { Request } from 'express';
import { z } from 'zod';
import type { JsonObject } from '../domain/audit/canonical-json.js';
import type { GatewayArticle, GatewayDraft } from '../domain/gateway/gateway-draft.js';
import type { Result } from '../domain/result.js';
import type {
  GatewayError,
  GatewaySession,
  Page,
  PageRequest,
  PublishedEntry,
  WechatGatewayService,
} from '../services/wechat-gateway-service.js';
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
  /** Registers an endpoint that takes no body, for GET and POST alike. */
  read(path: string, handler: Handler): void;
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
  legacyNewsRoutes(service, kit);
  draftListRoutes(service, kit);
  publishedListRoutes(service, kit);
  materialListRoutes(service, kit);
}

const pageSchema = z.object({
  offset: z.coerce.number('offset 须为整数'),
  count: z.coerce.number('count 须为整数'),
  no_content: z.coerce.number('no_content 须为 0 或 1').optional(),
});
const articleIdSchema = z.object({
  article_id: z.coerce.string('缺少 article_id').min(1, 'article_id 不能为空'),
});

/** draft/count and draft/batchget: the account's gateway draft box (entries not published yet). */
function draftListRoutes(service: WechatGatewayService, kit: WechatRouteKit): void {
  kit.read('/cgi-bin/draft/count', (req) =>
    kit.withSession(req, async (session) => {
      const total = await service.draftCount(session);
      return kit.done({ total_count: total }, session, { total_count: total });
    }),
  );
  batchget(
    kit,
    '/cgi-bin/draft/batchget',
    pageSchema,
    (session, { offset, count }) => service.draftPage(session, { offset, count }),
    (entry, body) => draftItem(entry, body.no_content === 1),
  );
}

/** freepublish/batchget and getarticle: what qianfa published of the account's gateway drafts. */
function publishedListRoutes(service: WechatGatewayService, kit: WechatRouteKit): void {
  batchget(
    kit,
    '/cgi-bin/freepublish/batchget',
    pageSchema,
    (session, { offset, count }) => service.publishedPage(session, { offset, count }),
    (entry, body) => publishedItem(entry, body.no_content === 1),
  );
  kit.post('/cgi-bin/freepublish/getarticle', (req) =>
    kit.withSession(req, async (session) => {
      const { article_id } = kit.parse(articleIdSchema, req.body);
      const found = await service.publishedArticle(session, article_id);
      if (!found.ok) return kit.refused(gatewayRefusal(found.error), session, { article_id });
      return kit.done({ news_item: [publishedNewsItem(found.value, false)] }, session, { article_id });
    }),
  );
}

const materialPageSchema = pageSchema.extend({ type: z.string('缺少 type') });

/** get_materialcount and batchget_material: the permanent materials uploaded through this gateway. */
function materialListRoutes(service: WechatGatewayService, kit: WechatRouteKit): void {
  kit.read('/cgi-bin/material/get_materialcount', (req) =>
    kit.withSession(req, async (session) => {
      const counts = await service.materialCounts(session);
      return kit.done({ ...counts }, session, { ...counts });
    }),
  );
  batchget(
    kit,
    '/cgi-bin/material/batchget_material',
    materialPageSchema,
    (session, { type, offset, count }) => service.materialPage(session, type, { offset, count }),
    (material) => ({
      media_id: material.mediaId,
      name: material.name,
      update_time: unixSeconds(material.uploadedAt),
      ...(material.url === undefined ? {} : { url: material.url }),
    }),
  );
}

/** A batchget endpoint: one page of `load`, answered as `{ total_count, item_count, item }`. */
function batchget<B extends PageRequest, T>(
  kit: WechatRouteKit,
  path: string,
  schema: z.ZodType<B>,
  load: (session: GatewaySession, body: B) => Promise<Result<Page<T>, GatewayError>>,
  itemOf: (found: T, body: B) => Record<string, unknown>,
): void {
  kit.post(path, (req) =>
    kit.withSession(req, async (session) => {
      const body = kit.parse(schema, req.body);
      const details = { offset: body.offset, count: body.count };
      const page = await load(session, body);
      if (!page.ok) return kit.refused(gatewayRefusal(page.error), session, details);
      const item = page.value.items.map((found) => itemOf(found, body));
      const answer = { total_count: page.value.total, item_count: item.length, item };
      return kit.done(answer, session, { ...details, item_count: item.length });
    }),
  );
}

/** A draft/batchget item: the article as draft/get answers it. */
function draftItem(entry: GatewayDraft, noContent: boolean): Record<string, unknown> {
  const updated = unixSeconds(entry.updatedAt);
  const newsItem = withoutContent({ ...entry.article, url: '' }, noContent);
  return {
    media_id: entry.mediaId,
    content: { news_item: [newsItem], create_time: unixSeconds(entry.createdAt), update_time: updated },
    update_time: updated,
  };
}

/** A freepublish/batchget item: the article as published, its URL and article id. */
function publishedItem(entry: PublishedEntry, noContent: boolean): Record<string, unknown> {
  const at = unixSeconds(entry.published.publishedAt);
  return {
    article_id: entry.published.articleId,
    content: { news_item: [publishedNewsItem(entry, noContent)], create_time: at, update_time: at },
    update_time: at,
  };
}

/** `is_deleted` is what qianfa knows: it is not told when an article is deleted in the MP console. */
function publishedNewsItem({ published }: PublishedEntry, noContent: boolean): Record<string, unknown> {
  return withoutContent({ ...published.article, url: published.url, is_deleted: false }, noContent);
}

/** `no_content: 1` leaves out each article's content, as WeChat does. */
function withoutContent(
  item: GatewayArticle & Record<string, unknown>,
  noContent: boolean,
): Record<string, unknown> {
  if (!noContent) return item;
  const { content: _content, ...rest } = item;
  return rest;
}

/** material/add_news and media/uploadnews. */
function legacyNewsRoutes(service: WechatGatewayService, kit: WechatRouteKit): void {
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
