import { z } from 'zod';
import type {
  WechatArticle,
  WechatPublishedPage,
  WechatPublishFailure,
  WechatPublishStatus,
  WechatStoredArticle,
} from './wechat-types.js';

/** Fields that may carry integers above 2^53; parsed as strings (see parseJsonWithStringIds). */
export const WECHAT_ID_FIELDS = ['msgid', 'msg_id', 'msg_data_id', 'publish_id'] as const;

/** errcode absent or 0 means success; errmsg often ends with " rid: …". */
export const wechatEnvelope = z.object({
  errcode: z.coerce.number().optional(),
  errmsg: z.string().optional(),
});

export const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number() });
export const uploadImageResponse = z.object({ url: z.string().min(1) });
export const imageMaterialResponse = z.object({ media_id: z.string().min(1), url: z.string().default('') });
export const addDraftResponse = z.object({ media_id: z.string().min(1) });
export const submitResponse = z.object({ publish_id: z.string().min(1), msg_data_id: z.string().optional() });
export const okResponse = z.object({});
/** user/get: `total` is every follower, whatever page of openids this answer holds. */
export const followersResponse = z.object({ total: z.number().int().nonnegative() });

const flag = z.union([z.number(), z.boolean()]).transform(Boolean).default(false);

const newsItem = z.object({
  title: z.string(),
  author: z.string().default(''),
  digest: z.string().default(''),
  content: z.string().default(''),
  content_source_url: z.string().default(''),
  thumb_media_id: z.string().default(''),
  need_open_comment: flag,
  only_fans_can_comment: flag,
  url: z.string().default(''),
  is_deleted: flag,
});

export const draftResponse = z.object({ news_item: z.array(newsItem) });

/** freepublish/getarticle: only whether the article is deleted matters to a retraction. */
export const publishedArticleResponse = z.object({
  news_item: z.array(z.object({ is_deleted: flag })),
});

export const publishStatusResponse = z
  .object({
    publish_id: z.string(),
    publish_status: z.number().int(),
    article_id: z.string().optional(),
    article_detail: z
      .object({ item: z.array(z.object({ idx: z.number(), article_url: z.string() })).default([]) })
      .optional(),
    // One official sample carries fail_idx even while publishing: tolerated, read only for failures.
    fail_idx: z.array(z.number()).default([]),
  })
  .refine(
    (wire) => wire.publish_status !== 0 || wire.article_id !== undefined,
    'published without article_id',
  );

export const batchGetResponse = z.object({
  total_count: z.number(),
  item: z
    .array(
      z.object({
        article_id: z.string(),
        update_time: z.number(),
        content: z.object({ news_item: z.array(newsItem) }),
      }),
    )
    .default([]),
});

export function toWireArticle(article: WechatArticle): Record<string, unknown> {
  return {
    article_type: 'news',
    title: article.title,
    author: article.author,
    digest: article.digest,
    content: article.content,
    content_source_url: article.contentSourceUrl,
    thumb_media_id: article.thumbMediaId,
    need_open_comment: article.needOpenComment ? 1 : 0,
    only_fans_can_comment: article.onlyFansCanComment ? 1 : 0,
  };
}

export function fromWireArticle(item: z.output<typeof newsItem>): WechatStoredArticle {
  return {
    title: item.title,
    author: item.author,
    digest: item.digest,
    content: item.content,
    contentSourceUrl: item.content_source_url,
    thumbMediaId: item.thumb_media_id,
    needOpenComment: item.need_open_comment,
    onlyFansCanComment: item.only_fans_can_comment,
    url: item.url,
    isDeleted: item.is_deleted,
  };
}

const FAILURE_STATES: Readonly<Record<2 | 3 | 4, WechatPublishFailure['state']>> = {
  2: 'originality_check_failed',
  3: 'failed',
  4: 'review_rejected',
};

export function toPublishStatus(wire: z.output<typeof publishStatusResponse>): WechatPublishStatus {
  const publishId = wire.publish_id;
  const status = wire.publish_status;
  switch (status) {
    case 0:
      return {
        state: 'published',
        publishStatus: 0,
        publishId,
        articleId: wire.article_id ?? '', // present: the schema refuses status 0 without it
        articleUrls: (wire.article_detail?.item ?? []).map((item) => ({
          index: item.idx,
          url: item.article_url,
        })),
      };
    case 1:
      return { state: 'publishing', publishStatus: 1, publishId };
    case 2:
    case 3:
    case 4:
      return {
        state: FAILURE_STATES[status],
        publishStatus: status,
        publishId,
        failedIndexes: wire.fail_idx,
      };
    case 5:
      return { state: 'deleted_by_user', publishStatus: 5, publishId };
    case 6:
      return { state: 'banned_by_platform', publishStatus: 6, publishId };
    default:
      return { state: 'unrecognised', publishStatus: status, publishId };
  }
}

export function toPublishedPage(wire: z.output<typeof batchGetResponse>): WechatPublishedPage {
  return {
    totalCount: wire.total_count,
    items: wire.item.map((item) => ({
      articleId: item.article_id,
      updateTime: item.update_time,
      articles: item.content.news_item.map(fromWireArticle),
    })),
  };
}
