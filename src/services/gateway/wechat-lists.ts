import type { GatewayDraft } from '../../domain/gateway/gateway-draft.js';
import { publishedArticleOf, type GatewayPublished } from '../../domain/gateway/gateway-published.js';
import type { Publication } from '../../domain/publishing/publication.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { GatewayDraftStore } from '../ports/gateway.js';
import { sameAccount, type DraftBoxAccess } from './draft-box-access.js';
import type { GatewayError, GatewaySession } from './gateway-session.js';

/** offset and count of a batchget: WeChat serves 1 to 20 items from any offset ≥ 0. */
export interface PageRequest {
  offset: number;
  count: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export type PublishedEntry = GatewayDraft & { published: GatewayPublished };

/** The most items one batchget call returns (WeChat's limit). */
export const MAX_PAGE_COUNT = 20;

/**
 * draft/count, draft/batchget, freepublish/batchget and freepublish/getarticle, answered from qianfa's records of
 * the credential's account: its gateway draft box, and what qianfa published of it. Before answering, entries
 * whose review item has been published since are moved to the published list (the draft box loses them, as on
 * WeChat).
 */
export interface WechatLists {
  draftCount(session: GatewaySession): Promise<number>;
  draftPage(session: GatewaySession, page: PageRequest): Promise<Result<Page<GatewayDraft>, GatewayError>>;
  publishedPage(
    session: GatewaySession,
    page: PageRequest,
  ): Promise<Result<Page<PublishedEntry>, GatewayError>>;
  publishedArticle(session: GatewaySession, articleId: string): Promise<Result<PublishedEntry, GatewayError>>;
}

export interface WechatListsDeps {
  draftBox: Pick<GatewayDraftStore, 'listByAccount' | 'submittedOf' | 'markPublished' | 'byArticleId'>;
  publications: (reviewDraftId: string) => Promise<Publication[]>;
}

export function createWechatLists(deps: WechatListsDeps, access: DraftBoxAccess): WechatLists {
  const page = async (session: GatewaySession, list: 'box' | 'published', request: PageRequest) => {
    if (!isValidPage(request)) return err({ code: 'invalid_page', ...request } as const);
    await settle(deps, access, session);
    const { total, entries } = await deps.draftBox.listByAccount(session.credential, list, request);
    return ok({ total, items: entries });
  };
  return {
    async draftCount(session) {
      await settle(deps, access, session);
      return (await deps.draftBox.listByAccount(session.credential, 'box', { offset: 0, count: 1 })).total;
    },
    draftPage: (session, request) => page(session, 'box', request),
    async publishedPage(session, request) {
      const found = await page(session, 'published', request);
      return found.ok ? ok({ ...found.value, items: found.value.items.filter(isPublished) }) : found;
    },
    async publishedArticle(session, articleId) {
      await settle(deps, access, session);
      const entry = await deps.draftBox.byArticleId(articleId);
      if (!entry || !isPublished(entry) || !sameAccount(entry, session.credential)) {
        return err({ code: 'article_not_found', articleId });
      }
      return ok(entry);
    },
  };
}

export function isValidPage({ offset, count }: PageRequest): boolean {
  return (
    Number.isInteger(offset) &&
    offset >= 0 &&
    Number.isInteger(count) &&
    count >= 1 &&
    count <= MAX_PAGE_COUNT
  );
}

function isPublished(entry: GatewayDraft): entry is PublishedEntry {
  return entry.published !== undefined;
}

/** Marks the account's submitted entries whose review item has been published since. */
async function settle(deps: WechatListsDeps, access: DraftBoxAccess, session: GatewaySession): Promise<void> {
  for (const entry of await deps.draftBox.submittedOf(session.credential)) {
    const published = await publishedOf(deps, access, session, entry);
    if (published) await deps.draftBox.markPublished({ ...entry, published });
  }
}

/** What qianfa published of the entry's submitted version, once it has been published. */
async function publishedOf(
  deps: WechatListsDeps,
  access: DraftBoxAccess,
  session: GatewaySession,
  entry: GatewayDraft,
): Promise<GatewayPublished | undefined> {
  const reviewItem = await access.reviewItemOf(session, entry);
  const final = reviewItem?.record.final;
  if (!reviewItem || !final) return undefined;
  const { record, version } = reviewItem;
  const publication = (await deps.publications(record.id)).find(
    (p) => p.version === version.number && p.target === entry.target && p.status === 'published',
  );
  const articleId = publication?.ids?.['article_id'];
  if (!publication || !articleId) return undefined;
  return {
    articleId,
    url: publication.url ?? '',
    publishedAt: publication.updatedAt,
    article: publishedArticleOf(version.content, final, publication.progress['thumb_media_id'] ?? ''),
  };
}
