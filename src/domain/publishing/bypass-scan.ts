import { isFinished, type PublicationStatus } from './publication.js';

/**
 * What qianfa knows of a WeChat cover (thumb_media_id): the latest publication that used it, and where that
 * publication stands. The publisher uploads each cover image once per account and reuses it, so the
 * publications still in flight with a cover are kept apart (`inFlight` below).
 */
export interface CoverUse {
  draft: string;
  version: number;
  status: PublicationStatus;
  /** The article the publication became, once published. */
  articleId?: string;
}

/**
 * Where an article listed by freepublish/batchget came from:
 * - `ours`: qianfa published it (its article id is recorded);
 * - `pending`: not recorded, but it carries the cover of a qianfa publication not settled yet (a worker may be
 *   between WeChat publishing it and saving that): decided on a later scan;
 * - `foreign`: it did not pass through qianfa. `coverOf` names the qianfa publication whose cover it reuses,
 *   if any (a settled publication that became another article, or none).
 */
export type ArticleOrigin =
  | { kind: 'ours' }
  | { kind: 'pending'; coverOf: Pick<CoverUse, 'draft' | 'version'> }
  | { kind: 'foreign'; coverOf?: Pick<CoverUse, 'draft' | 'version'> };

/**
 * Decides an article's origin from what the index holds for its id and for each of its covers. `inFlight`: the
 * publications not settled yet whose cover the article carries.
 */
export function articleOrigin(
  articleId: string,
  facts: {
    ours: boolean;
    covers: readonly (CoverUse | undefined)[];
    inFlight?: readonly Pick<CoverUse, 'draft' | 'version'>[];
  },
): ArticleOrigin {
  if (facts.ours) return { kind: 'ours' };
  const known = facts.covers.filter((cover): cover is CoverUse => cover !== undefined);
  if (known.some((cover) => cover.articleId === articleId)) return { kind: 'ours' };
  const flying = facts.inFlight?.[0];
  if (flying) return { kind: 'pending', coverOf: refOf(flying) };
  // A cover's latest use still unsettled (also how publications saved before covers were shared are known).
  const unsettled = known.find((cover) => !isFinished(cover));
  if (unsettled) return { kind: 'pending', coverOf: refOf(unsettled) };
  const reused = known[0];
  return reused ? { kind: 'foreign', coverOf: refOf(reused) } : { kind: 'foreign' };
}

/** Seconds a listed update_time may lag behind one already seen (WeChat's clocks, jobs settling late). */
export const WATERMARK_SKEW_SECONDS = 120;

/**
 * Where the next scan of an account stops looking back (unix seconds): the newest update_time seen less the
 * skew, never behind the previous watermark, and never past an article still pending, so a later scan
 * decides it. `seen` are the articles this scan examined (all at or after `previous`).
 */
export function nextWatermark(
  previous: number,
  seen: readonly { updateTime: number; pending: boolean }[],
  skewSeconds = WATERMARK_SKEW_SECONDS,
): number {
  if (seen.length === 0) return previous;
  const newest = Math.max(...seen.map((article) => article.updateTime));
  const candidate = Math.max(previous, newest - skewSeconds);
  const pending = seen.filter((article) => article.pending).map((article) => article.updateTime);
  return pending.length === 0 ? candidate : Math.min(candidate, ...pending);
}

function refOf(cover: Pick<CoverUse, 'draft' | 'version'>): Pick<CoverUse, 'draft' | 'version'> {
  return { draft: cover.draft, version: cover.version };
}
