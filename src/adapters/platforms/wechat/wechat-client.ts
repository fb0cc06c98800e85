import type { z } from 'zod';
import { parseJsonWithStringIds } from '../parse-json-with-string-ids.js';
import {
  fetchText,
  imageFormData,
  type FetchedText,
  type ImageFile,
  type PlatformErrorFactory,
  type PlatformRequest,
} from '../platform-http.js';
import { createWechatError, type WechatCallContext } from './wechat-error-codes.js';
import type {
  WechatAccessToken,
  WechatArticle,
  WechatImageMaterial,
  WechatPageRequest,
  WechatPublishedPage,
  WechatPublishStatus,
  WechatStoredArticle,
  WechatSubmitResult,
} from './wechat-types.js';
import {
  addDraftResponse,
  batchGetResponse,
  draftResponse,
  followersResponse,
  fromWireArticle,
  imageMaterialResponse,
  okResponse,
  publishStatusResponse,
  publishedArticleResponse,
  submitResponse,
  toPublishedPage,
  toPublishStatus,
  toWireArticle,
  tokenResponse,
  uploadImageResponse,
  WECHAT_ID_FIELDS,
  wechatEnvelope,
} from './wechat-wire.js';

export interface WechatClientOptions {
  /** Default https://api.weixin.qq.com; tests and proxies point it elsewhere. */
  readonly baseUrl?: string;
  /** Deadline per call including the response body; default 10 s. */
  readonly timeoutMs?: number;
}

interface Call {
  readonly path: string;
  readonly token?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly init: PlatformRequest;
  readonly context?: WechatCallContext;
}

/**
 * The WeChat Official Account calls qianfa publishes with (draft → freepublish, facts §1). Tokens are passed in:
 * caching and sharing them is the caller's job. Every failure is a PublisherError classified by
 * wechat-error-codes.ts; a dead token surfaces as kind `token` so the caller refreshes it once and retries.
 */
export class WechatClient {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;

  constructor(options: WechatClientOptions = {}) {
    this.#baseUrl = options.baseUrl ?? 'https://api.weixin.qq.com';
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** cgi-bin/stable_token: the current token while it is valid, a new one (old one revoked) when forced. */
  async getStableToken(appid: string, secret: string, forceRefresh = false): Promise<WechatAccessToken> {
    const body = { grant_type: 'client_credential', appid, secret, force_refresh: forceRefresh };
    const init = jsonPost(body);
    const wire = await this.#call(
      { path: '/cgi-bin/stable_token', init, context: 'token_endpoint' },
      tokenResponse,
    );
    return { accessToken: wire.access_token, expiresInSeconds: wire.expires_in };
  }

  /** media/uploadimg: an image for the article body (jpg/png, < 1 MB); returns its mmbiz URL. */
  async uploadImage(token: string, image: ImageFile): Promise<string> {
    const init: PlatformRequest = { method: 'POST', body: imageFormData('media', image) };
    return (await this.#call({ path: '/cgi-bin/media/uploadimg', token, init }, uploadImageResponse)).url;
  }

  /** material/add_material?type=image: a permanent image, usable as a cover (thumbMediaId). */
  async addImageMaterial(token: string, image: ImageFile): Promise<WechatImageMaterial> {
    const call: Call = {
      path: '/cgi-bin/material/add_material',
      token,
      query: { type: 'image' },
      init: { method: 'POST', body: imageFormData('media', image) },
    };
    const wire = await this.#call(call, imageMaterialResponse);
    return { mediaId: wire.media_id, url: wire.url };
  }

  /** draft/add; returns the draft's media_id. */
  async addDraft(token: string, articles: readonly WechatArticle[]): Promise<string> {
    const init = jsonPost({ articles: articles.map(toWireArticle) });
    return (await this.#call({ path: '/cgi-bin/draft/add', token, init }, addDraftResponse)).media_id;
  }

  /** draft/get; a draft that was published is gone from the draft box (40007, permanent). */
  async getDraft(token: string, mediaId: string): Promise<WechatStoredArticle[]> {
    const init = jsonPost({ media_id: mediaId });
    const wire = await this.#call({ path: '/cgi-bin/draft/get', token, init }, draftResponse);
    return wire.news_item.map(fromWireArticle);
  }

  /** draft/update of the article at 0-based `index`. */
  async updateDraft(token: string, mediaId: string, index: number, article: WechatArticle): Promise<void> {
    const init = jsonPost({ media_id: mediaId, index, articles: toWireArticle(article) });
    await this.#call({ path: '/cgi-bin/draft/update', token, init }, okResponse);
  }

  async deleteDraft(token: string, mediaId: string): Promise<void> {
    await this.#call(
      { path: '/cgi-bin/draft/delete', token, init: jsonPost({ media_id: mediaId }) },
      okResponse,
    );
  }

  /** freepublish/submit: the job is only accepted; poll getPublishStatus for the outcome. */
  async submitPublish(token: string, mediaId: string): Promise<WechatSubmitResult> {
    const init = jsonPost({ media_id: mediaId });
    const wire = await this.#call({ path: '/cgi-bin/freepublish/submit', token, init }, submitResponse);
    return {
      publishId: wire.publish_id,
      ...(wire.msg_data_id === undefined ? {} : { msgDataId: wire.msg_data_id }),
    };
  }

  async getPublishStatus(token: string, publishId: string): Promise<WechatPublishStatus> {
    const init = jsonPost({ publish_id: publishId });
    return toPublishStatus(
      await this.#call({ path: '/cgi-bin/freepublish/get', token, init }, publishStatusResponse),
    );
  }

  /** freepublish/getarticle: whether a published article is deleted (53600 for an unknown article_id). */
  async isPublishedDeleted(token: string, articleId: string): Promise<boolean> {
    const init = jsonPost({ article_id: articleId });
    const wire = await this.#call(
      { path: '/cgi-bin/freepublish/getarticle', token, init },
      publishedArticleResponse,
    );
    return wire.news_item.length > 0 && wire.news_item.every((item) => item.is_deleted);
  }

  /** freepublish/delete of every article of a published item (index 0); irreversible. */
  async deletePublished(token: string, articleId: string): Promise<void> {
    const init = jsonPost({ article_id: articleId, index: 0 });
    await this.#call({ path: '/cgi-bin/freepublish/delete', token, init }, okResponse);
  }

  /** freepublish/batchget: what the account has published, newest first (also articles published elsewhere). */
  async batchGetPublished(token: string, page: WechatPageRequest): Promise<WechatPublishedPage> {
    const init = jsonPost({ offset: page.offset, count: page.count, no_content: page.noContent ? 1 : 0 });
    return toPublishedPage(
      await this.#call({ path: '/cgi-bin/freepublish/batchget', token, init }, batchGetResponse),
    );
  }

  /**
   * cgi-bin/user/get (GET, first page): the account's follower count (its `total`). Unverified 订阅号 lack the
   * user-management permission (48001).
   */
  async followerTotal(token: string): Promise<number> {
    const call: Call = { path: '/cgi-bin/user/get', token, init: { method: 'GET' } };
    return (await this.#call(call, followersResponse)).total;
  }

  async #call<Schema extends z.ZodType>(call: Call, schema: Schema): Promise<z.output<Schema>> {
    const context = call.context ?? 'business';
    const toError: PlatformErrorFactory = (code, details) => createWechatError(code, { ...details, context });
    const fetched = await fetchText(this.#url(call), call.init, this.#timeoutMs, toError);
    const json = acceptedBody(fetched, toError);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw toError('invalid_response', { cause: parsed.error });
    return parsed.data;
  }

  #url(call: Call): URL {
    // Appended rather than resolved, so a base with a path prefix (a proxy) keeps it.
    const url = new URL(this.#baseUrl.replace(/\/+$/, '') + call.path);
    if (call.token !== undefined) url.searchParams.set('access_token', call.token);
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
    return url;
  }
}

/** The parsed body of a 200 answer whose errcode is absent or 0; anything else becomes a PublisherError. */
function acceptedBody(fetched: FetchedText, toError: PlatformErrorFactory): unknown {
  const snippet = { platformMessage: fetched.text.slice(0, 200) };
  if (fetched.status !== 200) throw toError(`http_${fetched.status}`, snippet);
  const json = parseOrUndefined(fetched.text);
  const envelope = wechatEnvelope.safeParse(json);
  if (!envelope.success) throw toError('invalid_response', snippet);
  const { errcode, errmsg } = envelope.data;
  if (errcode !== undefined && errcode !== 0) {
    throw toError(String(errcode), errmsg === undefined ? {} : { platformMessage: errmsg });
  }
  return json;
}

function jsonPost(body: unknown): PlatformRequest {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function parseOrUndefined(text: string): unknown {
  try {
    return parseJsonWithStringIds(text, WECHAT_ID_FIELDS);
  } catch {
    return undefined;
  }
}
