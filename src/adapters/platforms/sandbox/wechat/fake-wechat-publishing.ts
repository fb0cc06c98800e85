import { PlatformRefusal } from '../fake-http-server.js';
import type { FakeNewsItem, WechatDraftBox } from './fake-wechat-drafts.js';
import { randomId } from './fake-wechat-media.js';

/** How a submitted job ends: 0 success, 2 originality check failed, 3 failed, 4 platform review rejected. */
export type PublishOutcome =
  { readonly status: 0 } | { readonly status: 2 | 3 | 4; readonly failIdx?: readonly number[] };

export interface FakePublishedArticle {
  readonly articleId: string;
  readonly appid: string;
  /** `api` through freepublish, `planted` by a test (published outside qianfa). */
  readonly origin: 'api' | 'planted';
  readonly publishId?: string;
  readonly items: readonly (FakeNewsItem & { readonly url: string })[];
  readonly updateTime: number;
  deleted: boolean;
  /** freepublish/delete calls that reached this article (a second one finds it deleted already). */
  deleteCalls: number;
}

interface PublishJob {
  readonly publishId: bigint;
  readonly appid: string;
  readonly draftMediaId: string;
  readonly items: readonly FakeNewsItem[];
  readonly settlesAt: number;
  readonly outcome: PublishOutcome;
  status: number;
  articleId?: string;
}

export interface PublishDeskOptions {
  readonly now: () => number;
  readonly publishDelayMs: number;
  readonly firstPublishId: bigint;
  /** publish_id as a bare JSON number (as in the PUBLISHJOBFINISH XML) instead of the documented string. */
  readonly publishIdAsNumber: boolean;
}

/** msg_data_id starts beyond 2^53 on purpose, so clients that JSON.parse ids lose digits in tests. */
const FIRST_MSG_DATA_ID = 2_247_500_000_000_000_001n;

/**
 * freepublish jobs and published articles of every account. Jobs settle lazily by the clock (checked on each
 * read), so no timers run and a test's fake clock works too.
 */
export class WechatPublishDesk {
  readonly #options: PublishDeskOptions;
  readonly #drafts: WechatDraftBox;
  readonly #jobs = new Map<string, PublishJob>();
  readonly #articles: FakePublishedArticle[] = [];
  #nextPublishId: bigint;
  #nextMsgDataId = FIRST_MSG_DATA_ID;

  constructor(options: PublishDeskOptions, drafts: WechatDraftBox) {
    this.#options = options;
    this.#drafts = drafts;
    this.#nextPublishId = options.firstPublishId;
  }

  /** The job is accepted with status 1; a draft submitted twice is published twice, as nothing prevents it. */
  submit(appid: string, mediaId: unknown, outcome: PublishOutcome): Record<string, unknown> {
    const items = [...this.#drafts.articles(appid, mediaId)]; // a later draft/update must not change the job
    const publishId = this.#nextPublishId++;
    const settlesAt = this.#options.now() + this.#options.publishDelayMs;
    const job: PublishJob = {
      publishId,
      appid,
      draftMediaId: mediaId as string,
      items,
      settlesAt,
      outcome,
      status: 1,
    };
    this.#jobs.set(publishId.toString(), job);
    return {
      errcode: 0,
      errmsg: 'ok',
      publish_id: this.#wireId(publishId),
      msg_data_id: this.#nextMsgDataId++,
    };
  }

  status(appid: string, publishId: unknown): Record<string, unknown> {
    this.settle();
    const job =
      typeof publishId === 'string' || typeof publishId === 'number'
        ? this.#jobs.get(String(publishId))
        : undefined;
    if (!job || job.appid !== appid) throw new PlatformRefusal(53502);
    const base = { publish_id: this.#wireId(job.publishId), publish_status: job.status };
    if (job.status !== 0) return { ...base, fail_idx: failedIndexes(job) };
    const article = this.#articles.find((candidate) => candidate.articleId === job.articleId);
    const urls = (article?.items ?? []).map((item, index) => ({ idx: index + 1, article_url: item.url }));
    const detail = { count: urls.length, item: urls };
    return { ...base, article_id: job.articleId, article_detail: detail, fail_idx: [] };
  }

  /** freepublish/batchget: newest first, planted articles included. */
  list(appid: string, body: Record<string, unknown>): Record<string, unknown> {
    this.settle();
    const { offset, count } = body;
    if (typeof offset !== 'number' || typeof count !== 'number' || count < 1 || count > 20) {
      throw new PlatformRefusal(47003);
    }
    const mine = this.articlesOf(appid).reverse();
    const page = mine.slice(offset, offset + count).map((article) => ({
      article_id: article.articleId,
      update_time: article.updateTime,
      content: {
        news_item: article.items.map((item) => newsItemOut(item, article, body['no_content'] === 1)),
      },
    }));
    return { total_count: mine.length, item_count: page.length, item: page };
  }

  plant(appid: string, items: readonly FakeNewsItem[]): string {
    this.settle(); // jobs due before now come first
    return this.#publish(appid, items, 'planted', this.#options.now()).articleId;
  }

  /** Articles as they stand now, oldest first. */
  articlesOf(appid: string): FakePublishedArticle[] {
    this.settle();
    return this.#articles.filter((article) => article.appid === appid);
  }

  /** freepublish/getarticle: the article's items with is_deleted; 53600 for an article_id it does not know. */
  article(appid: string, articleId: unknown): Record<string, unknown> {
    const article = this.#known(appid, articleId);
    return { news_item: article.items.map((item) => newsItemOut(item, article, false)) };
  }

  /**
   * freepublish/delete (index 0 or absent: every article). The facts list only 48001 for it; an unknown
   * article_id is answered as getarticle answers it (53600). Deleting a deleted article changes nothing.
   */
  delete(appid: string, articleId: unknown): void {
    const article = this.#known(appid, articleId);
    article.deleteCalls += 1;
    article.deleted = true;
    const job = [...this.#jobs.values()].find((candidate) => candidate.articleId === article.articleId);
    if (job?.status === 0) job.status = 5;
  }

  #known(appid: string, articleId: unknown): FakePublishedArticle {
    this.settle();
    const article = this.#articles.find((a) => a.appid === appid && a.articleId === articleId);
    if (!article) throw new PlatformRefusal(53600);
    return article;
  }

  /** After success: 5 the user deleted every article, 6 the platform banned them. */
  remove(publishId: string, status: 5 | 6): void {
    this.settle();
    const job = this.#jobs.get(publishId);
    if (job?.status !== 0) throw new Error(`publish ${publishId} has not succeeded`);
    job.status = status;
    const article = this.#articles.find((candidate) => candidate.articleId === job.articleId);
    if (article) article.deleted = true;
  }

  /**
   * Applies every job whose delay has passed, in the order they became due: success publishes and takes the
   * draft out of the box. Called before every request, so all state reads as of now.
   */
  settle(): void {
    const now = this.#options.now();
    const due = [...this.#jobs.values()].sort((a, b) => a.settlesAt - b.settlesAt);
    for (const job of due) {
      if (job.status !== 1 || job.settlesAt > now) continue;
      job.status = job.outcome.status;
      if (job.status !== 0) continue;
      const publishId = job.publishId.toString();
      job.articleId = this.#publish(job.appid, job.items, 'api', job.settlesAt, publishId).articleId;
      this.#drafts.removePublished(job.draftMediaId);
    }
  }

  #publish(
    appid: string,
    items: readonly FakeNewsItem[],
    origin: 'api' | 'planted',
    at: number,
    publishId?: string,
  ) {
    const articleId = randomId(44);
    const published = items.map((item) => ({ ...item, url: `https://mp.weixin.qq.com/s/${randomId(22)}` }));
    const updateTime = Math.floor(at / 1000);
    const article: FakePublishedArticle = {
      articleId,
      appid,
      origin,
      ...(publishId === undefined ? {} : { publishId }),
      items: published,
      updateTime,
      deleted: false,
      deleteCalls: 0,
    };
    this.#articles.push(article);
    return article;
  }

  #wireId(id: bigint): bigint | string {
    return this.#options.publishIdAsNumber ? id : id.toString();
  }
}

/** fail_idx is set for 2 (originality) and 4 (review): the given articles, else the first. */
function failedIndexes(job: PublishJob): readonly number[] {
  if (job.status !== 2 && job.status !== 4) return [];
  return ('failIdx' in job.outcome ? job.outcome.failIdx : undefined) ?? [1];
}

function newsItemOut(
  item: FakeNewsItem & { url: string },
  article: FakePublishedArticle,
  noContent: boolean,
) {
  const { content, ...rest } = item;
  return { ...rest, ...(noContent ? {} : { content }), is_deleted: article.deleted };
}
