import { PlatformRefusal } from '../fake-http-server.js';
import { randomId, type WechatMediaStore } from './fake-wechat-media.js';

/** An article as the fake stores it, in wire field names. */
export interface FakeNewsItem {
  readonly title: string;
  readonly author: string;
  readonly digest: string;
  readonly content: string;
  readonly content_source_url: string;
  readonly thumb_media_id: string;
  readonly thumb_url: string;
  readonly need_open_comment: 0 | 1;
  readonly only_fans_can_comment: 0 | 1;
}

/** A draft as it was added (draft/add), kept after it is published or deleted: what the sandbox page lists. */
export interface AddedDraft {
  readonly appid: string;
  readonly mediaId: string;
  readonly addedAt: Date;
  readonly articles: readonly FakeNewsItem[];
}

interface StoredDraft {
  readonly appid: string;
  articles: FakeNewsItem[];
}

/**
 * The draft box of every account. Validation follows facts §1.4; the errcodes for over-long fields are
 * the global list's (45003 title, 45110 author, 45004 digest, 45002 content), which the facts mark as a guess.
 */
export class WechatDraftBox {
  readonly #media: WechatMediaStore;
  readonly #now: () => number;
  readonly #drafts = new Map<string, StoredDraft>();
  readonly #added: AddedDraft[] = [];

  constructor(media: WechatMediaStore, now: () => number = Date.now) {
    this.#media = media;
    this.#now = now;
  }

  add(appid: string, body: Record<string, unknown>): { media_id: string } {
    const articles = body['articles'];
    if (!Array.isArray(articles) || articles.length === 0) throw new PlatformRefusal(44003);
    const mediaId = randomId(43);
    const validated = articles.map((raw) => this.#validate(appid, raw));
    this.#drafts.set(mediaId, { appid, articles: validated });
    this.#added.push({ appid, mediaId, addedAt: new Date(this.#now()), articles: [...validated] });
    return { media_id: mediaId };
  }

  /** Every draft the account added, oldest first, published or deleted ones included. */
  addedDrafts(appid: string): readonly AddedDraft[] {
    return this.#added.filter((draft) => draft.appid === appid);
  }

  /** The draft's articles, or 40007 (also once it has been published: it leaves the draft box). */
  articles(appid: string, mediaId: unknown): FakeNewsItem[] {
    const draft = typeof mediaId === 'string' ? this.#drafts.get(mediaId) : undefined;
    if (!draft || draft.appid !== appid) throw new PlatformRefusal(40007);
    return draft.articles;
  }

  update(appid: string, body: Record<string, unknown>): void {
    const articles = this.articles(appid, body['media_id']);
    const index = body['index'];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= articles.length) {
      throw new PlatformRefusal(40114);
    }
    articles[index] = this.#validate(appid, body['articles']);
  }

  delete(appid: string, mediaId: unknown): void {
    this.articles(appid, mediaId);
    this.#drafts.delete(mediaId as string);
  }

  /** A published draft is removed from the draft box (facts §1.4). */
  removePublished(mediaId: string): void {
    this.#drafts.delete(mediaId);
  }

  count(appid: string): number {
    return [...this.#drafts.values()].filter((draft) => draft.appid === appid).length;
  }

  #validate(appid: string, raw: unknown): FakeNewsItem {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PlatformRefusal(47003);
    const article = raw as Record<string, unknown>;
    const type = article['article_type'] ?? 'news';
    if (type !== 'news')
      throw new PlatformRefusal(47003, `article_type ${JSON.stringify(type)} not modelled`);
    const text = (field: string): string => (typeof article[field] === 'string' ? article[field] : '');
    checkTexts(text('title'), text('author'), text('digest'), text('content'), text('content_source_url'));
    const cover = this.#media.coverOf(appid, text('thumb_media_id'));
    if (!cover) throw new PlatformRefusal(40007, 'invalid media_id: thumb_media_id');
    return {
      title: text('title'),
      author: text('author'),
      digest: text('digest') || [...stripTags(text('content'))].slice(0, 54).join(''),
      content: filterContent(text('content')),
      content_source_url: text('content_source_url'),
      thumb_media_id: cover.mediaId,
      thumb_url: cover.url,
      need_open_comment: article['need_open_comment'] === 1 ? 1 : 0,
      only_fans_can_comment: article['only_fans_can_comment'] === 1 ? 1 : 0,
    };
  }
}

function checkTexts(title: string, author: string, digest: string, content: string, sourceUrl: string): void {
  if (title.trim() === '') throw new PlatformRefusal(40227);
  if (chars(title) > 32) throw new PlatformRefusal(45003);
  if (chars(author) > 16) throw new PlatformRefusal(45110);
  if (chars(digest) > 128) throw new PlatformRefusal(45004);
  if (content.trim() === '') throw new PlatformRefusal(44003);
  // 20,000 characters of text, 1 MB of HTML (see WECHAT_LIMITS for why this reading).
  if (chars(stripTags(content)) >= 20_000 || Buffer.byteLength(content) >= 1024 * 1024) {
    throw new PlatformRefusal(45002);
  }
  if (Buffer.byteLength(sourceUrl) > 1024) throw new PlatformRefusal(41039);
}

function chars(text: string): number {
  return [...text].length;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

/** WeChat strips scripts and drops images not hosted on mmbiz.qpic.cn (facts §1.2, §1.4). */
function filterContent(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/<img\b[^>]*>/gi, (tag) => (/\ssrc=["']https?:\/\/mmbiz\.qpic\.cn\//i.test(tag) ? tag : ''));
}
