import { createSeededRandom, type Fault, type ScheduledRules } from './fault-injection.js';
import { FakeHttpServer, PlatformRefusal, type FakeReply, type FakeRequest } from './fake-http-server.js';
import { weiboJson, weiboRefusalReply } from './weibo/fake-weibo-errors.js';
import {
  readShareForm,
  readShareInput,
  statusObject,
  userObject,
  type FakeWeiboAccount,
  type FakeWeiboPost,
} from './weibo/fake-weibo-posts.js';

export type { FakeWeiboAccount, FakeWeiboPost } from './weibo/fake-weibo-posts.js';

export const WEIBO_ENDPOINTS = [
  '/2/statuses/share.json',
  '/2/statuses/user_timeline.json',
  '/2/account/get_uid.json',
  '/2/users/show.json',
] as const;
export type WeiboEndpoint = (typeof WEIBO_ENDPOINTS)[number];

export interface FakeWeiboServerOptions {
  readonly accounts?: readonly FakeWeiboAccount[];
  /** Drives probabilistic faults; default a seeded generator, so runs repeat. */
  readonly random?: () => number;
  /** Write error_code as a string, as the official sample does; default a number, as SDKs see it. */
  readonly errorCodeAsString?: boolean;
  readonly now?: () => number;
}

/** Ids start beyond 2^53 (real ones are close to it), so a client reading `id` instead of `idstr` fails. */
const FIRST_POST_ID = 9_007_199_254_740_993n;

/**
 * A loopback Weibo API: statuses/share (facts §2.2), statuses/user_timeline to confirm a post, and
 * account/get_uid with users/show for the follower count, for several accounts at once, with counters and fault injection. Refusals are HTTP 400 `{ request, error_code, error }`.
 */
export class FakeWeiboServer {
  /** Per-endpoint faults, e.g. `faults.add('/2/statuses/share.json', { type: 'error_code', code: 10023 })`. */
  readonly faults: ScheduledRules<WeiboEndpoint, Fault>;
  readonly #http: FakeHttpServer<WeiboEndpoint>;
  readonly #accounts = new Map<string, FakeWeiboAccount>();
  readonly #expiredTokens = new Set<string>();
  readonly #posts: FakeWeiboPost[] = [];
  readonly #now: () => number;
  #nextId = FIRST_POST_ID;

  constructor(options: FakeWeiboServerOptions = {}) {
    for (const account of options.accounts ?? []) this.addAccount(account);
    this.#now = options.now ?? Date.now;
    const replyOptions = { errorCodeAsString: options.errorCodeAsString ?? false };
    this.#http = new FakeHttpServer({
      handle: (request) => this.#handle(request),
      refusalReply: (refusal, request) => weiboRefusalReply(refusal, request, replyOptions),
      random: options.random ?? createSeededRandom(1),
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

  addAccount(account: FakeWeiboAccount): void {
    this.#accounts.set(account.token, account);
  }

  /** The token expires now: the next call with it gets 21327. */
  expireToken(token: string): void {
    this.#expiredTokens.add(token);
  }

  /** A post made outside qianfa (the Weibo app): listed by user_timeline, not counted as ours. */
  plantPost(uid: string, text: string): string {
    return this.#addPost(uid, text, 'planted').id.toString();
  }

  /**
   * A repost (转发) made outside qianfa: listed by user_timeline with `retweeted_status`, the original post
   * (another account's) as Weibo embeds it.
   */
  plantRepost(uid: string, comment: string, original: { text: string; screenName: string }): string {
    const post = this.#addPost(uid, comment, 'planted');
    const index = this.#posts.indexOf(post);
    this.#posts[index] = { ...post, retweeted: { id: this.#nextId++, ...original } };
    return post.id.toString();
  }

  /** Posts made through statuses/share on the account (planted ones excluded). */
  postCount(uid: string): number {
    return this.posts(uid).filter((post) => post.origin === 'api').length;
  }

  /** Every post of the account, planted ones included, oldest first. */
  posts(uid: string): readonly FakeWeiboPost[] {
    return this.#posts.filter((post) => post.uid === uid);
  }

  callCount(endpoint: WeiboEndpoint): number {
    return this.#http.callCount(endpoint);
  }

  async #handle(request: FakeRequest): Promise<FakeReply> {
    if (request.path === '/2/statuses/share.json') return this.#share(request);
    if (request.path === '/2/statuses/user_timeline.json') return this.#timeline(request);
    if (request.path === '/2/account/get_uid.json') return this.#uid(request);
    if (request.path === '/2/users/show.json') return this.#user(request);
    return { status: 404, body: 'Not Found', contentType: 'text/html' };
  }

  async #share(request: FakeRequest): Promise<FakeReply> {
    if (request.method !== 'POST') throw new PlatformRefusal(10021);
    const form = await readShareForm(request);
    const account = this.#authenticate(accessToken(request, form));
    const input = await readShareInput(form, account);
    const recent = this.posts(account.uid).slice(-100);
    if (recent.some((post) => post.text === input.status)) throw new PlatformRefusal(20019);
    const pictureUrl = input.picture
      ? `https://wx1.sinaimg.cn/large/${this.#nextId.toString(36)}.jpg`
      : undefined;
    const post = this.#addPost(account.uid, input.status, 'api', pictureUrl);
    return weiboJson(statusObject(post, account));
  }

  #timeline(request: FakeRequest): FakeReply {
    if (request.method !== 'GET') throw new PlatformRefusal(10021);
    const account = this.#authenticate(accessToken(request));
    const count = Number(request.query.get('count') ?? 20);
    const page = Number(request.query.get('page') ?? 1);
    if (!Number.isInteger(count) || count < 1 || count > 100 || !Number.isInteger(page) || page < 1) {
      throw new PlatformRefusal(10017);
    }
    const newestFirst = [...this.posts(account.uid)].reverse();
    const statuses = newestFirst
      .slice((page - 1) * count, page * count)
      .map((post) => statusObject(post, account));
    return weiboJson({ statuses, total_number: newestFirst.length, previous_cursor: 0, next_cursor: 0 });
  }

  /** account/get_uid: the token owner's uid, as a number (uids stay below 2^53). */
  #uid(request: FakeRequest): FakeReply {
    if (request.method !== 'GET') throw new PlatformRefusal(10021);
    return weiboJson({ uid: Number(this.#authenticate(accessToken(request)).uid) });
  }

  /** users/show by uid (any token may read any account). */
  #user(request: FakeRequest): FakeReply {
    if (request.method !== 'GET') throw new PlatformRefusal(10021);
    this.#authenticate(accessToken(request));
    const uid = request.query.get('uid');
    if (uid === null) throw new PlatformRefusal(10016, 'miss required parameter (uid)');
    const account = [...this.#accounts.values()].find((known) => known.uid === uid);
    if (!account) throw new PlatformRefusal(20003);
    return weiboJson(userObject(account, this.posts(uid).length));
  }

  #authenticate(token: string | null): FakeWeiboAccount {
    if (token === null || token === '') throw new PlatformRefusal(21301);
    const account = this.#accounts.get(token);
    if (!account) throw new PlatformRefusal(21332);
    if (this.#expiredTokens.has(token)) throw new PlatformRefusal(21327);
    return account;
  }

  #addPost(uid: string, text: string, origin: FakeWeiboPost['origin'], pictureUrl?: string): FakeWeiboPost {
    const post: FakeWeiboPost = {
      id: this.#nextId++,
      uid,
      text,
      createdAt: new Date(this.#now()),
      origin,
      ...(pictureUrl === undefined ? {} : { pictureUrl }),
    };
    this.#posts.push(post);
    return post;
  }
}

/** As a parameter (form or query) or as `Authorization: OAuth2 <token>`. */
function accessToken(request: FakeRequest, form?: FormData): string | null {
  const fromForm = form?.get('access_token');
  if (typeof fromForm === 'string') return fromForm;
  const header = /^OAuth2 (\S+)$/.exec(request.headers.authorization ?? '');
  return request.query.get('access_token') ?? header?.[1] ?? null;
}
