import type { Target } from '../../domain/draft-content.js';
import type { GatewayMaterial, MaterialKind } from '../../domain/gateway/gateway-material.js';
import type { GatewayPublished } from '../../domain/gateway/gateway-published.js';
import type { GatewayCredential } from '../../domain/gateway/gateway-credential.js';
import type { GatewayDraft } from '../../domain/gateway/gateway-draft.js';
import type { WeiboPendingPost } from '../../domain/gateway/weibo-pending-post.js';

/**
 * The gateway's draft box: the entries existing WeChat tools stored through the gateway (draft/add), before and
 * after they asked to publish them; and the Weibo posts already taken into review.
 *
 * The adapter must guarantee:
 * - `add` stores a new entry; `save` replaces one only if its stored revision is still `expectedRevision`
 *   (otherwise nothing is written: `conflict`), and indexes `submission.publishId` in the same atomic step;
 * - a promise resolves only after the write is durable;
 * - `nextPublishId` never hands out the same number twice (publish ids are what tools poll with).
 * Deliberately not in the contract: which credential may see which entry (the gateway service decides).
 */
export interface GatewayDraftStore {
  add(entry: GatewayDraft): Promise<void>;
  get(mediaId: string): Promise<GatewayDraft | null>;
  save(entry: GatewayDraft, expectedRevision: number): Promise<'saved' | 'conflict'>;
  /** False when there was no such entry. */
  delete(mediaId: string): Promise<boolean>;
  byPublishId(publishId: string): Promise<GatewayDraft | null>;
  /** A new numeric publish id, as WeChat's are (a decimal string). */
  nextPublishId(): Promise<string>;
  /**
   * Binds `key` (a post's credential and text) to the review item `reviewDraftId` unless it is bound already;
   * returns the review item it is bound to. The binding is forgotten after `ttlMs`. Atomic: of racing callers,
   * all get the same review item.
   */
  claimPost(key: string, reviewDraftId: string, ttlMs: number): Promise<string>;

  // Per-account lists (draft/count, draft/batchget, freepublish/batchget): an entry is listed in its account's
  // draft box from `add` until `markPublished`, then among its published articles. `save` keeps the box's order
  // (latest change first) and, once the entry has a submission, lists it as submitted (`submittedOf`) until it is
  // marked published; `delete` removes it from every list. Entries stored before these lists existed are listed
  // too (in the box, and as submitted when they were), before the first list is read.
  /** One page of the account's draft box (latest change first) or published articles (latest first). */
  listByAccount(
    account: GatewayAccount,
    list: 'box' | 'published',
    page: { offset: number; count: number },
  ): Promise<{ total: number; entries: GatewayDraft[] }>;
  /** The account's entries submitted for review and not yet marked published. */
  submittedOf(account: GatewayAccount): Promise<GatewayDraft[]>;
  /**
   * Stores `entry` (with `published` set) and moves it from the box to the published list, indexed by its
   * article id, atomically. Marking it again writes the same.
   */
  markPublished(entry: GatewayDraft & { published: GatewayPublished }): Promise<void>;
  byArticleId(articleId: string): Promise<GatewayDraft | null>;
}

/** The account a credential acts for: entries are listed per organisation and target. */
export interface GatewayAccount {
  org: string;
  target: Target;
}

/**
 * The permanent materials tools uploaded through the gateway (add_material), per account: what
 * get_materialcount and batchget_material answer. Materials uploaded elsewhere (the MP console, qianfa's own
 * covers) or deleted in the console are not known here.
 *
 * The adapter must guarantee: `record` lists a material under its kind atomically, and recording the same
 * media_id again changes nothing but its record; a promise resolves only after the write is durable.
 */
export interface GatewayMaterialStore {
  record(account: GatewayAccount, material: GatewayMaterial): Promise<void>;
  counts(account: GatewayAccount): Promise<Readonly<Record<MaterialKind, number>>>;
  /** One material of the account (draft/get's thumb_url), or null when it was not uploaded through the gateway. */
  get(account: GatewayAccount, mediaId: string): Promise<GatewayMaterial | null>;
  /** One page, latest upload first; `count` ≥ 1. */
  list(
    account: GatewayAccount,
    kind: MaterialKind,
    page: { offset: number; count: number },
  ): Promise<{ total: number; materials: GatewayMaterial[] }>;
}

/** The uploads the gateway passes through to WeChat: images and permanent material, which publish nothing. */
export type ForwardedUpload = '/cgi-bin/media/uploadimg' | '/cgi-bin/material/add_material';

export interface UploadRequest {
  path: ForwardedUpload;
  /** Query parameters besides access_token (add_material's `type`). */
  query: Readonly<Record<string, string>>;
  /** The multipart body exactly as the tool sent it, with its content type (boundary included). */
  body: Uint8Array;
  contentType: string;
}

/**
 * Sends a tool's upload to WeChat with the account's real access token and gives back WeChat's answer as it came
 * (status and body). Throws when WeChat could not be reached or answered 5xx.
 */
export interface UploadForwarder {
  forward(
    upload: UploadRequest,
    account: { appid: string; secret: string },
  ): Promise<{ status: number; text: string }>;
}

/** A gateway access token as issued: the plain token, whose credential it belongs to, and until when. */
export interface IssuedGatewayToken {
  token: string;
  appid: string;
  expiresAt: string;
  /** How long the store keeps it (seconds, at least 1): until `expiresAt`, as the caller's clock sees it. */
  ttlSeconds: number;
}

/**
 * Gateway credentials (网关凭据) and the access tokens issued on them.
 *
 * The adapter must guarantee:
 * - secrets and tokens are stored only as a one-way hash (SHA-256): the plain values are never written, and
 *   cannot be listed or read back; `verify` compares hashes in constant time;
 * - `add` stores the credential, its org's index and (Weibo) its token in one atomic step, and refuses an appid
 *   already taken; `revoke` sets `revokedAt` once (a second call changes nothing) atomically;
 * - a token is kept no longer than its `ttlSeconds`, then forgotten by the store itself;
 * - a promise resolves only after the write is durable (for Redis with `appendfsync always`, after the reply).
 *
 * Deliberately not in the contract: whether a credential or token may be used (revoked, expired, wrong platform,
 * person gone: the gateway credential service decides at every use, so revoking needs to touch no token), who may
 * grant or revoke, and validation of targets and people.
 */
export interface GatewayCredentialStore {
  /** `exists` when the appid is taken; nothing is written then. */
  add(credential: GatewayCredential, secret: string, token?: IssuedGatewayToken): Promise<'added' | 'exists'>;
  get(appid: string): Promise<GatewayCredential | null>;
  /** The credential and whether `secret` is its secret; null when there is no such appid. */
  verify(
    appid: string,
    secret: string,
  ): Promise<{ credential: GatewayCredential; secretMatches: boolean } | null>;
  /** The credentials of an organisation, oldest first (revoked and expired ones too: they are the record). */
  list(org: string): Promise<GatewayCredential[]>;
  /**
   * Sets `revokedAt` to `at` unless already set: the credential as it now stands, and whether this call revoked
   * it (false when it already was); null when there is no such credential.
   */
  revoke(appid: string, at: string): Promise<{ credential: GatewayCredential; revoked: boolean } | null>;
  addToken(token: IssuedGatewayToken): Promise<void>;
  /** What a token was issued for, while the store keeps it; null for a token it does not know. */
  tokenOwner(token: string): Promise<{ appid: string; expiresAt: string } | null>;
}

/**
 * Pending ids of the Weibo posts the gateway took into review (statuses/share, statuses/update): what the tool
 * polls statuses/show with.
 *
 * The adapter must guarantee:
 * - `assign` is idempotent per review item: the first call hands out a new id, every later call for the same
 *   review item (a retried post) answers that same id, also when calls race;
 * - an id is a decimal string of at most 16 digits below 2^53 (exact as a JSON number), never handed out twice;
 * - a promise resolves only after the write is durable.
 */
export interface WeiboPendingIds {
  assign(post: Omit<WeiboPendingPost, 'id'>): Promise<string>;
  get(id: string): Promise<WeiboPendingPost | null>;
}
