import type { Clock } from '../../domain/clock.js';
import type { GatewayArticle, GatewayDraft } from '../../domain/gateway/gateway-draft.js';
import { checkWechatArticleLimits } from '../../domain/publishing/wechat-limits.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { GatewayDraftStore, GatewayMaterialStore } from '../ports/gateway.js';
import { refuseChange, type DraftBoxAccess } from './draft-box-access.js';
import type { GatewayError, GatewaySession } from './gateway-session.js';

/** draft/add, draft/update, draft/get and draft/delete: the tool's own entries, one article each. */
export interface WechatDraftBox {
  addDraft(
    session: GatewaySession,
    articles: readonly GatewayArticle[],
  ): Promise<Result<GatewayDraft, GatewayError>>;
  /** Refused while the entry's review item waits for a decision or is being published. */
  updateDraft(
    session: GatewaySession,
    mediaId: string,
    index: number,
    article: GatewayArticle,
  ): Promise<Result<GatewayDraft, GatewayError>>;
  /** The entry, and the URL of its cover when the tool uploaded the cover through the gateway ('' otherwise). */
  getDraft(
    session: GatewaySession,
    mediaId: string,
  ): Promise<Result<GatewayDraft & { thumbUrl: string }, GatewayError>>;
  /** Refused as updateDraft is; the review item, if any, stays (it is qianfa's record). */
  deleteDraft(session: GatewaySession, mediaId: string): Promise<Result<GatewayDraft, GatewayError>>;
}

export interface WechatDraftBoxDeps {
  draftBox: Pick<GatewayDraftStore, 'add' | 'delete'>;
  /** The materials uploaded through the gateway: draft/get's thumb_url is the cover's URL. */
  materials: Pick<GatewayMaterialStore, 'get'>;
  now: Clock;
  newMediaId: () => string;
}

export function createWechatDraftBox(deps: WechatDraftBoxDeps, access: DraftBoxAccess): WechatDraftBox {
  return {
    async addDraft(session, articles) {
      const [article] = articles;
      if (!article || articles.length > 1) return err({ code: 'one_article_only', count: articles.length });
      const overLimit = limitRefusal(article);
      if (overLimit) return err(overLimit);
      const at = deps.now().toISOString();
      const entry: GatewayDraft = {
        mediaId: deps.newMediaId(),
        org: session.credential.org,
        target: session.credential.target,
        credential: session.credential.appid,
        person: session.person.id,
        article,
        revision: 1,
        createdAt: at,
        updatedAt: at,
      };
      await deps.draftBox.add(entry);
      return ok(entry);
    },

    async updateDraft(session, mediaId, index, article) {
      if (index !== 0) return err({ code: 'invalid_index', index });
      const overLimit = limitRefusal(article);
      if (overLimit) return err(overLimit);
      const updated = await access.update(session, mediaId, (found) => {
        const refused = refuseChange(found);
        return refused ? err(refused) : ok({ ...found.entry, article });
      });
      return updated.ok ? ok(updated.value.entry) : updated;
    },

    async getDraft(session, mediaId) {
      const found = await access.load(session, mediaId);
      if (!found.ok) return found;
      const { entry } = found.value;
      const thumb = entry.article.thumb_media_id
        ? await deps.materials.get(entry, entry.article.thumb_media_id)
        : null;
      return ok({ ...entry, thumbUrl: thumb?.url ?? '' });
    },

    async deleteDraft(session, mediaId) {
      const found = await access.load(session, mediaId);
      if (!found.ok) return found;
      const refused = refuseChange(found.value);
      if (refused) return err(refused);
      await deps.draftBox.delete(mediaId);
      return ok(found.value.entry);
    },
  };
}

/** The first of WeChat's article limits the article breaks (empty fields are the schema's to refuse). */
function limitRefusal(article: GatewayArticle): GatewayError | undefined {
  const violations = checkWechatArticleLimits({
    title: article.title,
    author: article.author,
    digest: article.digest,
    content: article.content,
    contentSourceUrl: article.content_source_url,
  });
  for (const violation of violations) {
    if (violation.code !== 'too_long') continue;
    const { field, unit, limit, actual } = violation;
    return { code: 'article_too_long', field, unit, limit, actual };
  }
  return undefined;
}
