import type { DomainError } from '../domain/domain-error.js';
import {
  isCurrentLink,
  REVIEW_LINK_HASH_LENGTH,
  type ReviewLinkClaims,
} from '../domain/links/review-link.js';
import { signToken, verifyToken } from '../domain/links/signed-token.js';
import { credentialsOf, stillHolds, type Person } from '../domain/people.js';
import type { DraftRecord, DraftWithVersion, StoredVersion } from '../domain/draft-record.js';
import type { OneTimeMarks } from './ports/one-time-marks.js';
import type { ReviewService } from './review-service.js';
import type { Clock } from '../domain/clock.js';

export interface ReviewLinkDeps {
  key: Uint8Array;
  ttlMs: number;
  /** Where people reach qianfa, e.g. https://qianfa.example.gov.cn (links in messages are absolute). */
  publicUrl: () => string;
  people: { getPerson(id: string): Promise<Person | null> };
  review: Pick<ReviewService, 'get' | 'approve' | 'reject' | 'mayDecide'>;
  marks: OneTimeMarks;
  now: Clock;
  newNonce: () => string;
}

/** What opening a link found. Only `open` lets the person decide (if `canDecide`). */
export type LinkOpening =
  | {
      kind: 'open';
      person: Person;
      found: DraftWithVersion;
      claims: ReviewLinkClaims;
      canDecide: boolean;
      /** The leader the person would decide for (代). */
      actingFor?: Person;
    }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  /** The person was disabled or their credentials reissued since the link was sent. */
  | { kind: 'revoked' }
  | { kind: 'used'; found: DraftWithVersion }
  /** The draft has a newer version; `currentUrl` when the person may decide that one. */
  | { kind: 'stale'; found: DraftWithVersion; currentUrl?: string };

export interface LinkDecision {
  decision: 'approve' | 'reject';
  stage: string;
  comment?: string;
  acknowledged?: readonly string[];
}

export type LinkDecisionOutcome =
  | { kind: 'decided'; found: DraftWithVersion; decision: LinkDecision['decision'] }
  | { kind: 'refused'; error: DomainError; opening: Extract<LinkOpening, { kind: 'open' }> }
  | Exclude<LinkOpening, { kind: 'open' }>;

/** Signs a review link for one person and draft; it needs no review service (notifications issue them). */
export function issueReviewLink(
  deps: Pick<ReviewLinkDeps, 'key' | 'ttlMs' | 'publicUrl' | 'now' | 'newNonce'>,
  person: Person,
  found: { record: Pick<DraftRecord, 'id'>; version: Pick<StoredVersion, 'number' | 'hash'> },
): { token: string; url: string } {
  const claims: ReviewLinkClaims = {
    person: person.id,
    draft: found.record.id,
    version: found.version.number,
    hash: found.version.hash.slice(0, REVIEW_LINK_HASH_LENGTH),
    nonce: deps.newNonce(),
    credentials: credentialsOf(person),
    exp: deps.now().getTime() + deps.ttlMs,
  };
  const token = signToken('review_link', claims, deps.key);
  return { token, url: `${deps.publicUrl()}${reviewLinkPath(token)}` };
}

const reviewLinkPath = (token: string) => `/m/review/${token}`;

/** Signed review links for deciders on their phones (/m/review/…). */
export interface ReviewLinks {
  /** A new link for `person` to this version of the draft. */
  issue(person: Person, found: DraftWithVersion): { token: string; url: string };
  /** What a link opens: the draft to decide, or why not (expired, invalid, used, stale). */
  open(token: string): Promise<LinkOpening>;
  /** Decides through a link; once a decision went through, the link is spent. */
  decide(token: string, input: LinkDecision): Promise<LinkDecisionOutcome>;
}

/**
 * Signed review links: bound to a person, a draft and one version's content, expiring, and single-use for a
 * decision. Opening one never needs a password: the link is the credential, so it is short-lived and narrow.
 */
export function createReviewLinks(deps: ReviewLinkDeps): ReviewLinks {
  const issue = (person: Person, found: DraftWithVersion) => issueReviewLink(deps, person, found);

  async function open(token: string): Promise<LinkOpening> {
    const checked = verifyToken<ReviewLinkClaims>('review_link', token, deps.key, deps.now().getTime());
    if (!checked.ok) return { kind: checked.reason === 'expired' ? 'expired' : 'invalid' };
    const { claims } = checked;
    const person = await deps.people.getPerson(claims.person);
    if (person && !stillHolds(person, claims.credentials ?? 0)) return { kind: 'revoked' };
    const read = person ? await deps.review.get(person, claims.draft) : undefined;
    if (!person || !read?.ok) return { kind: 'invalid' };
    const found = read.value;
    if (await deps.marks.isClaimed(claims.nonce)) return { kind: 'used', found };
    const role = await deps.review.mayDecide(person, found);
    if (!isCurrentLink(claims, found.record.review.version)) {
      return role ? { kind: 'stale', found, currentUrl: issue(person, found).url } : { kind: 'stale', found };
    }
    const actingFor = role?.onBehalfOf;
    return {
      kind: 'open',
      person,
      found,
      claims,
      canDecide: role !== undefined,
      ...(actingFor ? { actingFor } : {}),
    };
  }

  return {
    issue,
    open,
    async decide(token: string, input: LinkDecision): Promise<LinkDecisionOutcome> {
      const opening = await open(token);
      if (opening.kind !== 'open') return opening;
      const { person, claims } = opening;
      const base = { version: claims.version, stage: input.stage };
      const result =
        input.decision === 'approve'
          ? await deps.review.approve(person, claims.draft, {
              ...base,
              ...(input.comment ? { comment: input.comment } : {}),
              acknowledged: input.acknowledged ?? [],
            })
          : await deps.review.reject(person, claims.draft, { ...base, comment: input.comment ?? '' });
      if (!result.ok) return { kind: 'refused', error: result.error, opening };
      await deps.marks.claim(claims.nonce, Math.max(1, claims.exp - deps.now().getTime()));
      return { kind: 'decided', found: result.value, decision: input.decision };
    },
  };
}
