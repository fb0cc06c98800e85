import { readFile } from 'node:fs/promises';
import type { Clock, Sleep } from '../../../domain/clock.js';
import type { CorrectionLink } from '../../../domain/correction.js';
import type { PublicationProgress } from '../../../domain/publishing/publication.js';
import { articleHtml, wechatDigestOf } from '../../../domain/publishing/article-html.js';
import type { PublishItem, PublishOutcome, Publisher } from '../../../services/ports/publishing.js';
import type { ImageFile } from '../platform-http.js';
import { imageDownloader, uploadInlineImages, type ImageAt } from './wechat-article-images.js';
import type { WechatClient } from './wechat-client.js';
import { createWechatError } from './wechat-error-codes.js';
import { WechatCoverCache } from './wechat-cover-cache.js';
import type { TokenCall, WechatTokenCache } from './wechat-token-cache.js';
import type { WechatArticle, WechatPublishStatus, WechatStoredArticle } from './wechat-types.js';

export interface WechatPublisherOptions {
  client: WechatClient;
  tokens: WechatTokenCache;
  /** The cover of every article without its own (WeChat requires one). */
  cover: ImageFile;
  /** Where the cover's media_id is kept per account: uploaded once, reused by every publication. */
  covers: WechatCoverCache;
  timeoutMs: number;
  /** Hosts article images and covers may be downloaded from at private addresses (QIANFA_IMAGE_ALLOW_HOSTS). */
  imageAllowHosts: readonly string[];
  /**
   * How long after an unanswered freepublish/submit we keep looking for its article before concluding that it
   * never took effect and submitting again. Longer than WeChat takes to publish.
   */
  confirmAfterMs: number;
  /** Waits between freepublish/get polls before the job is handed back to the queue to look later. */
  pollDelaysMs: readonly number[];
  /** Dates the submission (`submitted_at`) and tells when `confirmAfterMs` has passed. */
  now: Clock;
  /** The pause between polls. */
  sleep: Sleep;
}

/** batchget pages (20 articles, newest first) searched at most for an unconfirmed submission. */
const MAX_CONFIRM_PAGES = 50;
/** Articles older than the submission by more than this cannot be ours: the search stops there. */
const CLOCK_SKEW_SECONDS = 120;

export const DEFAULT_COVER_PATH = new URL('../../../../assets/default-cover.png', import.meta.url);

export async function readDefaultCover(): Promise<ImageFile> {
  return { data: await readFile(DEFAULT_COVER_PATH), filename: 'cover.png', contentType: 'image/png' };
}

/**
 * Publishes to a WeChat Official Account: cover (add_material, once per account, then reused) → inline images
 * (uploadimg) → draft/add → freepublish/submit → freepublish/get. Progress is saved after each step and, for
 * submit, before it too: a worker resuming an unanswered submit finds the article (its cover, title and digest,
 * listed since the submit) before it would submit again.
 */
export class WechatPublisher implements Publisher {
  readonly platform = 'wechat' as const;

  readonly #defaultCover: Cover;
  readonly #imageAt: ImageAt;

  constructor(private readonly options: WechatPublisherOptions) {
    this.#defaultCover = { image: options.cover, hash: WechatCoverCache.hashOf(options.cover.data) };
    this.#imageAt = imageDownloader({ timeoutMs: options.timeoutMs, allowHosts: options.imageAllowHosts });
  }

  private now(): number {
    return this.options.now().getTime();
  }

  async publish(
    item: PublishItem,
    start: PublicationProgress,
    save: (progress: PublicationProgress) => Promise<void>,
  ): Promise<PublishOutcome> {
    const { client, tokens } = this.options;
    const appid = item.account.appid ?? '';
    const call = tokens.session(appid, item.secret);
    let progress = start;
    /** Progress kept in memory only, saved with the next step: it can be found again without repeating a call. */
    const note = (more: Record<string, string>) => void (progress = { ...progress, ...more });
    const step = async (more: Record<string, string>) => {
      note(more);
      await save(progress);
    };
    if (item.content.corrects?.kind === 'retraction') return this.retract(item.content.corrects, step, call);
    if (!progress.thumb_media_id) {
      // The cover's media_id is the content's own or kept in the cover cache (an upload is remembered there).
      note({ thumb_media_id: item.content.cover_media_id ?? (await this.coverOf(item, call)) });
    }
    if (!progress.draft_media_id) {
      const article = await this.article(item, progress.thumb_media_id ?? '', call);
      const added = await call((token) => client.addDraft(token, [article])).catch(async (error: unknown) => {
        if (!isCode(error, '40007')) throw error;
        // A gateway tool's own cover cannot be uploaded again by qianfa: its tool must upload it anew.
        if (item.content.cover_media_id) throw createWechatError('cover_material_gone');
        // The only media_id of the article is its cover: deleted in the console. Upload it again next try.
        const { hash } = await this.coverImage(item);
        await this.options.covers.forget(appid, hash, article.thumbMediaId);
        await step({ thumb_media_id: '' });
        throw createWechatError('cover_gone');
      });
      // Saved with submitted_at, before the submit: a crash between them repeats only draft/add.
      note({ draft_media_id: added });
    }
    if (!progress.publish_id) {
      const confirmed = progress.submitted_at
        ? await this.confirmSubmission(progress, headingOf(item), call)
        : undefined;
      if (confirmed) return confirmed;
      await step({ submitted_at: String(this.now()) });
      const submitted = await call((token) =>
        client.submitPublish(token, progress.draft_media_id ?? ''),
      ).catch(async (error: unknown) => {
        // WeChat answered with a code: the submit certainly did not take effect, so the next try need not ask.
        if (isPlatformAnswer(error)) await step({ submitted_at: '' });
        throw error;
      });
      await step({ publish_id: submitted.publishId });
    }
    return this.awaitOutcome(progress.publish_id ?? '', call);
  }

  /**
   * 撤回: deletes the original article (freepublish/delete). WeChat is asked first every time, so a delete whose
   * answer was lost (or one done in the console meanwhile) is never sent again.
   */
  private async retract(
    original: CorrectionLink,
    step: (more: Record<string, string>) => Promise<void>,
    call: TokenCall,
  ): Promise<PublishOutcome> {
    const articleId = original.article_id;
    if (!articleId) throw createWechatError('retraction_without_article');
    const { client } = this.options;
    if (!(await call((token) => client.isPublishedDeleted(token, articleId)))) {
      await step({ delete_sent_at: String(this.now()) });
      await call((token) => client.deletePublished(token, articleId));
    }
    return { ids: { deleted_article_id: articleId } };
  }

  /**
   * The cover's media_id on the account: the one uploaded before for the same image, or a new upload
   * remembered for every later article with that image.
   */
  private async coverOf(item: PublishItem, call: TokenCall): Promise<string> {
    const { covers, client } = this.options;
    const appid = item.account.appid ?? '';
    const { image, hash } = await this.coverImage(item);
    const known = await covers.get(appid, hash);
    if (known) return known;
    const uploaded = await call((token) => client.addImageMaterial(token, image));
    return covers.remember(appid, hash, uploaded.mediaId);
  }

  /** The draft's own cover (data: URI or URL, fetched), or the account's default without one. */
  private async coverImage(item: PublishItem): Promise<Cover> {
    const own = item.content.cover;
    if (!own) return this.#defaultCover;
    const image = await this.#imageAt(own, '封面');
    return { image, hash: WechatCoverCache.hashOf(image.data) };
  }

  private async article(item: PublishItem, thumbMediaId: string, call: TokenCall): Promise<WechatArticle> {
    const html = articleHtml(item.final.body, item.content.format);
    const upload = (image: ImageFile) => call((token) => this.options.client.uploadImage(token, image));
    const content = await uploadInlineImages(html, upload, this.#imageAt);
    const { author, need_open_comment, only_fans_can_comment } = item.content;
    return {
      ...headingOf(item),
      ...(author ? { author } : {}),
      content,
      thumbMediaId,
      needOpenComment: need_open_comment === true,
      onlyFansCanComment: only_fans_can_comment === true,
      ...(item.content.source_url && item.content.kind === 'repost'
        ? { contentSourceUrl: item.content.source_url }
        : {}),
    };
  }

  /**
   * A submit was sent but its answer never recorded. The article exists if batchget lists one since the submit
   * with our cover, title and digest. If not, it is safe to submit again only once WeChat has had time to publish
   * and the draft is still in the draft box (a published draft leaves it).
   */
  private async confirmSubmission(
    progress: PublicationProgress,
    heading: Heading,
    call: TokenCall,
  ): Promise<PublishOutcome | undefined> {
    const found = await this.findPublished(progress, heading, call);
    if (found) return found;
    if (this.now() - Number(progress.submitted_at) < this.options.confirmAfterMs) {
      throw createWechatError('submit_unconfirmed');
    }
    const draftGone = await call((token) =>
      this.options.client.getDraft(token, progress.draft_media_id ?? ''),
    ).then(
      () => false,
      (error: unknown) => (error as { platformCode?: unknown }).platformCode === '40007',
    );
    if (draftGone) throw createWechatError('submit_unconfirmed');
    return undefined;
  }

  private async findPublished(
    progress: PublicationProgress,
    heading: Heading,
    call: TokenCall,
  ): Promise<PublishOutcome | undefined> {
    const since = Number(progress.submitted_at) / 1000 - CLOCK_SKEW_SECONDS;
    // The cover is shared by the account's publications: the title and digest tell this one apart.
    const ours = (listed: WechatStoredArticle) =>
      listed.thumbMediaId === progress.thumb_media_id &&
      listed.title === heading.title &&
      listed.digest === heading.digest;
    for (let page = 0; page < MAX_CONFIRM_PAGES; page++) {
      const listed = await call((token) =>
        this.options.client.batchGetPublished(token, { offset: page * 20, count: 20, noContent: true }),
      );
      const found = listed.items.find((entry) => entry.updateTime >= since && entry.articles.some(ours));
      if (found) {
        const url = found.articles[0]?.url;
        return { ids: { article_id: found.articleId }, ...(url ? { url } : {}) };
      }
      const oldest = listed.items.at(-1)?.updateTime ?? 0;
      if (listed.items.length < 20 || oldest < since) return undefined;
    }
    return undefined;
  }

  private async awaitOutcome(publishId: string, call: TokenCall): Promise<PublishOutcome> {
    for (const delay of [0, ...this.options.pollDelaysMs]) {
      if (delay > 0) await this.options.sleep(delay);
      const status = await call((token) => this.options.client.getPublishStatus(token, publishId));
      if (status.state !== 'publishing') return outcomeOf(status);
    }
    throw createWechatError('still_publishing');
  }
}

interface Cover {
  readonly image: ImageFile;
  /** SHA-256 of the image: the cache key of its media_id per account. */
  readonly hash: string;
}

interface Heading {
  readonly title: string;
  readonly digest: string;
}

/** The title and digest the article is published with (the digest cut from the approved body). */
function headingOf(item: PublishItem): Heading {
  return { title: item.final.title, digest: wechatDigestOf(item.content) };
}

function isCode(error: unknown, code: string): boolean {
  return (error as { platformCode?: unknown } | null)?.platformCode === code;
}

/** An errcode from WeChat itself, as opposed to a timeout, a dropped connection or a 5xx (outcome unknown). */
function isPlatformAnswer(error: unknown): boolean {
  const code = (error as { platformCode?: unknown } | null)?.platformCode;
  return typeof code === 'string' && /^-?\d+$/.test(code);
}

function outcomeOf(status: Exclude<WechatPublishStatus, { state: 'publishing' }>): PublishOutcome {
  if (status.state === 'published') {
    const url = status.articleUrls[0]?.url;
    return { ids: { publish_id: status.publishId, article_id: status.articleId }, ...(url ? { url } : {}) };
  }
  const known = [2, 3, 4, 5, 6].includes(status.publishStatus);
  throw createWechatError(known ? `publish_status_${status.publishStatus}` : 'publish_status_unknown');
}
