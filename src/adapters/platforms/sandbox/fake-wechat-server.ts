import { createSeededRandom, ScheduledRules, type Fault, type RuleSchedule } from './fault-injection.js';
import { FakeHttpServer } from './fake-http-server.js';
import { WechatDraftBox, type AddedDraft, type FakeNewsItem } from './wechat/fake-wechat-drafts.js';
import { wechatRefusalReply } from './wechat/fake-wechat-errmsgs.js';
import { WechatMediaStore, type StoredMaterial } from './wechat/fake-wechat-media.js';
import {
  WechatPublishDesk,
  type FakePublishedArticle,
  type PublishOutcome,
} from './wechat/fake-wechat-publishing.js';
import {
  handleWechatRequest,
  type FakeWechatAccount,
  type WechatEndpoint,
  type WechatFakeState,
} from './wechat/fake-wechat-routes.js';
import { WechatTokenPool } from './wechat/fake-wechat-tokens.js';

export type { FakeWechatAccount, WechatEndpoint } from './wechat/fake-wechat-routes.js';
export type { FakePublishedArticle, PublishOutcome } from './wechat/fake-wechat-publishing.js';
export type { AddedDraft } from './wechat/fake-wechat-drafts.js';

export interface FakeWechatServerOptions {
  readonly accounts?: readonly FakeWechatAccount[];
  /**
   * How long, on the fake's clock, a freepublish job stays at publish_status 1. Default 0: it settles on the
   * first request after its submit. A delay needs an injected `now` (a test clock the test advances), so the
   * machine's speed never decides what a test sees.
   */
  readonly publishDelayMs?: number;
  /** Lifetime of a new access token; default 7200 s as on the platform. */
  readonly tokenLifetimeSeconds?: number;
  /** Minimum gap between forced stable_token refreshes; default 30 s as on the platform. */
  readonly forceRefreshIntervalMs?: number;
  /** The fake's clock (tokens, jobs); default Date.now. */
  readonly now?: () => number;
  /** Drives probabilistic faults; default a seeded generator, so runs repeat. */
  readonly random?: () => number;
  readonly firstPublishId?: bigint;
  /** Send publish_id as a bare number instead of the documented string (to test precision handling). */
  readonly publishIdAsNumber?: boolean;
}

/** A planted article: what a test needs to describe one published outside qianfa. */
export interface PlantedArticle {
  readonly title: string;
  readonly content: string;
  readonly author?: string;
  /** The cover's media_id; default none. A test reusing a qianfa cover passes that publication's. */
  readonly thumbMediaId?: string;
}

/**
 * A loopback WeChat Official Account API (facts §1): tokens, uploads, draft box and freepublish, for several
 * accounts at once, with counters and fault injection. Answers like the platform: HTTP 200 with
 * `{errcode, errmsg … rid: …}` on refusal, ids beyond 2^53 where the platform sends them.
 */
export class FakeWechatServer {
  /** Per-endpoint faults, e.g. `faults.add('/cgi-bin/freepublish/submit', { type: 'error_code', code: -1 })`. */
  readonly faults: ScheduledRules<WechatEndpoint, Fault>;
  readonly #http: FakeHttpServer<WechatEndpoint>;
  readonly #state: WechatFakeState;

  constructor(options: FakeWechatServerOptions = {}) {
    const publishDelayMs = options.publishDelayMs ?? 0;
    if (publishDelayMs > 0 && !options.now) {
      throw new Error('a publish delay needs an injected clock (`now`) that the test advances');
    }
    const now = options.now ?? Date.now;
    const random = options.random ?? createSeededRandom(1);
    const media = new WechatMediaStore();
    const drafts = new WechatDraftBox(media, now);
    this.#state = {
      accounts: new Map((options.accounts ?? []).map((account) => [account.appid, account])),
      tokens: new WechatTokenPool({
        now,
        lifetimeSeconds: options.tokenLifetimeSeconds ?? 7200,
        forceRefreshIntervalMs: options.forceRefreshIntervalMs ?? 30_000,
      }),
      media,
      drafts,
      desk: new WechatPublishDesk(
        {
          now,
          publishDelayMs,
          firstPublishId: options.firstPublishId ?? 2_247_503_051n,
          publishIdAsNumber: options.publishIdAsNumber ?? false,
        },
        drafts,
      ),
      publishOutcomes: new ScheduledRules(random),
    };
    this.#http = new FakeHttpServer({
      handle: (request) => handleWechatRequest(this.#state, request),
      refusalReply: wechatRefusalReply,
      random,
    });
    this.faults = this.#http.faults;
  }

  async start(): Promise<this> {
    await this.#http.start();
    return this;
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  addAccount(account: FakeWechatAccount): void {
    this.#state.accounts.set(account.appid, account);
  }

  /** The account's tokens expire now: the next business call with one gets 42001. */
  expireTokens(appid: string): void {
    this.#state.tokens.expireAll(appid);
  }

  /** The account's tokens are revoked (another party forced a refresh): the next call gets 40001. */
  revokeTokens(appid: string): void {
    this.#state.tokens.revokeAll(appid);
  }

  /** How the next submitted jobs end (default success), e.g. `{ status: 4, failIdx: [1] }` for a rejection. */
  injectPublishOutcome(outcome: PublishOutcome, schedule?: RuleSchedule, appid = '*'): void {
    this.#state.publishOutcomes.add(appid, outcome, schedule);
  }

  /** After success the user deletes (5) or the platform bans (6) every article of the job. */
  removePublished(publishId: string, status: 5 | 6): void {
    this.#state.desk.remove(publishId, status);
  }

  /** An article published outside qianfa (in the MP console): listed by batchget, not counted as ours. */
  plantArticle(appid: string, article: PlantedArticle): string {
    const item: FakeNewsItem = {
      title: article.title,
      author: article.author ?? '',
      digest: '',
      content: article.content,
      content_source_url: '',
      thumb_media_id: article.thumbMediaId ?? '',
      thumb_url: '',
      need_open_comment: 0,
      only_fans_can_comment: 0,
    };
    return this.#state.desk.plant(appid, [item]);
  }

  /** freepublish jobs of the account that reached success (planted articles excluded). */
  publishedCount(appid: string): number {
    return this.publishedArticles(appid).filter((article) => article.origin === 'api').length;
  }

  /** Everything published on the account, planted articles included, oldest first. */
  publishedArticles(appid: string): readonly FakePublishedArticle[] {
    return this.#state.desk.articlesOf(appid);
  }

  /** freepublish/delete calls that reached the article (each after the first finds it deleted already). */
  deleteCalls(appid: string, articleId: string): number {
    return this.publishedArticles(appid).find((article) => article.articleId === articleId)?.deleteCalls ?? 0;
  }

  /** Permanent materials (add_material) of the account. */
  materialCount(appid: string): number {
    return this.#state.media.materialCount(appid);
  }

  /** The permanent material behind a media_id (its type and the SHA-256 of its bytes), if the account has it. */
  material(appid: string, mediaId: string): StoredMaterial | undefined {
    return this.#state.media.coverOf(appid, mediaId);
  }

  /** Deletes a permanent material, as an operator might in the MP console. */
  deleteMaterial(mediaId: string): void {
    this.#state.media.deleteMaterial(mediaId);
  }

  /** Every draft the account added (draft/add), oldest first, published ones included. */
  addedDrafts(appid: string): readonly AddedDraft[] {
    return this.#state.drafts.addedDrafts(appid);
  }

  draftCount(appid: string): number {
    return this.#state.drafts.count(appid);
  }

  callCount(endpoint: WechatEndpoint): number {
    return this.#http.callCount(endpoint);
  }

  /** Requests to any path: what reached this fake at all. */
  totalCalls(): number {
    return this.#http.totalCalls();
  }
}
