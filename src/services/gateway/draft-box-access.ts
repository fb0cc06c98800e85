import type { Clock } from '../../domain/clock.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import type { GatewayCredential } from '../../domain/gateway/gateway-credential.js';
import type { GatewayDraft } from '../../domain/gateway/gateway-draft.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { GatewayDraftStore } from '../ports/gateway.js';
import type { ReviewService } from '../review-service.js';
import type { GatewayError, GatewaySession } from './gateway-session.js';

/** A box entry and, once submitted, its review item, as read at the start of one call. */
export interface EntryWithReview {
  entry: GatewayDraft;
  reviewItem: DraftWithVersion | undefined;
}

/** The entry as it should be after a call, or the same object when nothing is to change. */
export type EntryChange = (
  found: EntryWithReview,
) => Result<GatewayDraft, GatewayError> | Promise<Result<GatewayDraft, GatewayError>>;

/** Reading and changing one session's box entries, shared by the draft box, submitting and status queries. */
export interface DraftBoxAccess {
  /** The session's own entry and its review item; unless unknown, another account's, or already published. */
  load(session: GatewaySession, mediaId: string): Promise<Result<EntryWithReview, GatewayError>>;
  reviewItemOf(session: GatewaySession, entry: GatewayDraft): Promise<DraftWithVersion | undefined>;
  /** Applies `change` with compare-and-set, re-reading on a conflict; writes nothing for an unchanged entry. */
  update(
    session: GatewaySession,
    mediaId: string,
    change: EntryChange,
  ): Promise<Result<EntryWithReview, GatewayError>>;
}

export interface DraftBoxAccessDeps {
  draftBox: GatewayDraftStore;
  review: Pick<ReviewService, 'get'>;
  now: Clock;
}

/** Compare-and-set rounds when two calls change the same entry at once. */
const MAX_ROUNDS = 4;

export function createDraftBoxAccess({ draftBox, review, now }: DraftBoxAccessDeps): DraftBoxAccess {
  const access: DraftBoxAccess = {
    // A published entry has left the draft box, as on WeChat.
    async load(session, mediaId) {
      const entry = await draftBox.get(mediaId);
      if (!entry) return err({ code: 'media_not_found', mediaId, reason: 'unknown' });
      if (!sameAccount(entry, session.credential)) {
        return err({ code: 'media_not_found', mediaId, reason: 'other_account' });
      }
      const reviewItem = await access.reviewItemOf(session, entry);
      if (reviewItem?.record.review.status === 'published') {
        return err({ code: 'media_not_found', mediaId, reason: 'published' });
      }
      return ok({ entry, reviewItem });
    },

    async reviewItemOf(session, entry) {
      if (!entry.submission) return undefined;
      const found = await review.get(session.person, entry.submission.reviewDraftId);
      return found.ok ? found.value : undefined;
    },

    async update(session, mediaId, change) {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const found = await access.load(session, mediaId);
        if (!found.ok) return found;
        const { entry, reviewItem } = found.value;
        const changed = await change(found.value);
        if (!changed.ok) return changed;
        if (changed.value === entry) return found;
        const next = { ...changed.value, revision: entry.revision + 1, updatedAt: now().toISOString() };
        if ((await draftBox.save(next, entry.revision)) === 'saved') return ok({ entry: next, reviewItem });
      }
      return err({ code: 'concurrent_change' });
    },
  };
  return access;
}

/** Refuses changes to an entry whose review item waits for a decision or is being published. */
export function refuseChange({ entry, reviewItem }: EntryWithReview): GatewayError | undefined {
  const status = reviewItem?.record.review.status;
  const draft = entry.submission?.reviewDraftId ?? '';
  if (status === 'in_review') return { code: 'draft_in_review', draft };
  if (status === 'approved') return { code: 'draft_approved', draft };
  return undefined;
}

export function sameAccount(entry: GatewayDraft, credential: GatewayCredential): boolean {
  return entry.org === credential.org && entry.target === credential.target;
}
