import type { Account, Platform } from '../domain/accounts.js';
import type { AuditEntry, AuditEvent } from '../domain/audit/audit-event.js';
import type { CheckReport } from '../domain/checks/finding.js';
import type { Delegation } from '../domain/delegation.js';
import type { GatewayCredential } from '../domain/gateway/gateway-credential.js';
import type { GatewayDraft } from '../domain/gateway/gateway-draft.js';
import type { DraftContent, Target } from '../domain/draft-content.js';
import type { ArticleOrigin } from '../domain/publishing/bypass-scan.js';
import type { Publication, PublicationProgress } from '../domain/publishing/publication.js';
import type { Person, PersonRef } from '../domain/people.js';
import type { ReviewState, ReviewStatus } from '../domain/workflow/review-state.js';

/** An organisation (主办单位): a URL-safe slug and its display name. */
export interface Org {
  slug: string;
  name: string;
}

/** A freshly issued API token: the only moment the plain token exists outside the caller's hands. */
export interface IssuedToken {
  person: Person;
  token: string;
}

/**
 * Organisations, people and their API tokens.
 *
 * The adapter must guarantee:
 * - every operation is atomic: a failure or crash leaves either the whole change or none of it;
 * - a promise resolves only after the write is durable (for Redis with `appendfsync always`, after the reply);
 * - tokens are stored only as a one-way hash; `issueToken` is the only place the plain token is returned,
 *   and it revokes every earlier token of that person in the same step;
 * - names are unique within an organisation; slugs are unique overall.
 *
 * Deliberately not in the contract: validation of slugs, names and roles (the people service does that),
 * removing people or organisations, and any notion of who is allowed to call these operations.
 */
export interface PeopleStore {
  /** `exists` when the slug is taken; the existing organisation is left unchanged. */
  addOrg(org: Org): Promise<'added' | 'exists'>;
  getOrg(slug: string): Promise<Org | null>;
  /** True once any organisation exists (the first start creates the `default` org and an admin). */
  hasOrgs(): Promise<boolean>;
  /** Every organisation's slug, sorted. */
  listOrgs(): Promise<string[]>;
  /** Adds a person with no token yet. */
  addPerson(person: Person): Promise<'added' | 'org_not_found' | 'name_taken'>;
  /** A new random token for the named person, revoking the old ones; null when there is no such person. */
  issueToken(org: string, name: string): Promise<IssuedToken | null>;
  /** The holder of a currently valid token, or null. */
  personByToken(token: string): Promise<Person | null>;
  getPerson(id: string): Promise<Person | null>;
  /** The people of an organisation ordered by name, or null when the organisation does not exist. */
  listPeople(org: string): Promise<Person[] | null>;
}

/** The newest entry of an organisation's audit chain; `seq + 1` entries precede and include it. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** One page of an audit chain, oldest first, with the chain's length at the time of reading. */
export interface AuditPage {
  entries: AuditEntry[];
  total: number;
}

/**
 * Append-only, per-organisation audit chains (R43).
 *
 * The adapter must guarantee:
 * - `append` links the event after the organisation's current head (`prev` = its hash, `seq` = its seq + 1,
 *   0 and GENESIS_HASH for the first) and stores entry and head in one atomic step; concurrent appends, also
 *   from other processes, never fork the chain or reuse a seq;
 * - a promise resolves only after the write is durable;
 * - entries are never rewritten or deleted, and the head is stored apart from the entries, so removing the
 *   newest entries is detectable by `verifyChain(entries, head)`;
 * - `snapshot` reads entries and head at one instant.
 *
 * Deliberately not in the contract: who may read or append (the HTTP layer decides), and whether the org exists.
 */
export interface AuditLog {
  append(event: AuditEvent): Promise<AuditEntry>;
  /** Entries from `offset` (0-based position in the chain), at most `limit` of them. */
  list(org: string, page: { offset: number; limit: number }): Promise<AuditPage>;
  /** Every entry, oldest first (for export). */
  all(org: string): Promise<AuditEntry[]>;
  /** The entries of one draft, oldest first. */
  forDraft(org: string, draft: string): Promise<AuditEntry[]>;
  /** Null while the organisation has no entry. */
  head(org: string): Promise<AuditHead | null>;
  /** Every entry and the head, read together (for verification). */
  snapshot(org: string): Promise<{ entries: AuditEntry[]; head: AuditHead | null }>;
}

/** One version of a draft as submitted, with its check report. Written once, never changed. */
export interface StoredVersion {
  number: number;
  /** contentHash(content): approvals are bound to it. */
  hash: string;
  content: DraftContent;
  report: CheckReport;
  author: PersonRef;
  at: string;
}

/** The text that will be published: the approved version with the tail stamped from who signed. */
export interface FinalText {
  title: string;
  body: string;
  tail: string;
}

/** A draft (稿件) as stored: its review state and what lists need, without the versions' content. */
export interface DraftRecord {
  id: string;
  /** 1 when created, +1 on every change: the compare-and-set token. */
  revision: number;
  /** The current version's title, for lists. */
  title: string;
  review: ReviewState;
  createdAt: string;
  updatedAt: string;
  /** Set once every stage has approved. */
  final?: FinalText;
}

/** A stored draft read together with its current version. */
export interface DraftWithVersion {
  record: DraftRecord;
  version: StoredVersion;
}

/** A change to one draft: the record after it, a new version if one was stored, and its audit events. */
export interface DraftChange {
  record: DraftRecord;
  version?: StoredVersion;
  /** Events of `record.review.org` for this draft, linked into the chain in the same atomic step. */
  audit: readonly AuditEvent[];
}

/**
 * Drafts, their versions, and the audit entries of every change to them.
 *
 * The adapter must guarantee:
 * - `commit` stores the record, the new version (if any), the status indexes and the audit entries in one
 *   atomic step, and only if the stored revision is still `expectedRevision` (0: the draft must not exist);
 *   otherwise it writes nothing and answers `conflict`. So of two racing decisions exactly one lands;
 * - a promise resolves only after the write is durable;
 * - versions are never rewritten; `get` reads a record and its current version at one instant.
 *
 * Deliberately not in the contract: whether a change is allowed (the review machine decides), who may read.
 */
export interface DraftStore {
  commit(change: DraftChange, expectedRevision: number): Promise<'committed' | 'conflict'>;
  get(id: string): Promise<DraftWithVersion | null>;
  version(id: string, number: number): Promise<StoredVersion | null>;
  /** Newest first; with `statuses`, only drafts currently in one of them. */
  list(org: string, filter: { statuses?: readonly ReviewStatus[]; limit: number }): Promise<DraftRecord[]>;
  /** Ids of every draft, in any organisation, whose status is `approved` (approved, not yet all published). */
  approvedIds(): Promise<string[]>;
}

/**
 * The gateway's draft box: drafts existing WeChat tools stored through the gateway (draft/add), before and after
 * they asked to publish them.
 *
 * The adapter must guarantee:
 * - `add` stores a new draft; `save` replaces one only if its stored revision is still `expectedRevision`
 *   (otherwise nothing is written: `conflict`), and indexes `submission.publishId` in the same atomic step;
 * - a promise resolves only after the write is durable;
 * - `nextPublishId` never hands out the same number twice (publish ids are what tools poll with).
 * Deliberately not in the contract: which credential may see which draft (the gateway service decides).
 */
export interface GatewayDraftStore {
  add(draft: GatewayDraft): Promise<void>;
  get(mediaId: string): Promise<GatewayDraft | null>;
  save(draft: GatewayDraft, expectedRevision: number): Promise<'saved' | 'conflict'>;
  /** False when there was no such draft. */
  delete(mediaId: string): Promise<boolean>;
  byPublishId(publishId: string): Promise<GatewayDraft | null>;
  /** A new numeric publish id, as WeChat's are (a decimal string). */
  nextPublishId(): Promise<string>;
  /**
   * Binds `key` (a post's credential and text) to `draft` unless it is bound already; returns the draft it is
   * bound to. The binding is forgotten after `ttlMs`. Atomic: of racing callers, all get the same draft.
   */
  claimPost(key: string, draft: string, ttlMs: number): Promise<string>;
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

/** An account with its credential sealed (SecretBox): the AppSecret (WeChat) or the access token (Weibo). */
export interface StoredAccount extends Account {
  sealedSecret: string;
}

/**
 * Platform accounts of organisations.
 *
 * The adapter must guarantee: `add` is atomic and refuses a name already used for that platform in the org;
 * a promise resolves only after the write is durable; secrets are stored exactly as given (already sealed).
 * Deliberately not in the contract: sealing and opening secrets (the account service does that), who may call.
 */
export interface AccountStore {
  add(account: StoredAccount): Promise<'added' | 'exists'>;
  get(org: string, platform: Platform, name: string): Promise<StoredAccount | null>;
  /** Ordered by platform, then name. */
  list(org: string): Promise<StoredAccount[]>;
}

/**
 * Seals secrets for storage and opens them for use. `context` names what the secret belongs to and is bound to
 * it: a sealed value opens only with the same context. `open` throws when the value or the key is wrong.
 */
export interface SecretSealer {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}

/**
 * The publication state of each target of a draft.
 *
 * The adapter must guarantee: `queue` adds only targets the draft does not have yet (a repeated approval event
 * changes nothing) and `save` replaces one target's state; each writes its audit events in the same atomic step,
 * and resolves only once durable.
 * Deliberately not in the contract: the order of states (the publish service keeps it), platform calls.
 */
export interface PublicationStore {
  /** Adds the publications whose (version, target) is new; returns those it added. */
  queue(
    org: string,
    draft: string,
    publications: readonly Publication[],
    audit: (added: readonly Publication[]) => readonly AuditEvent[],
  ): Promise<Publication[]>;
  save(org: string, draft: string, publication: Publication, audit?: AuditEvent): Promise<void>;
  /** Every publication of the draft, of every version, oldest version first. */
  get(draft: string): Promise<Publication[]>;
}

/** One target of one approved version to publish. */
export interface PublishJob {
  org: string;
  draft: string;
  version: number;
  target: Target;
}

/**
 * The durable queue of publish jobs. `add` must be idempotent per (draft, version, target): adding a job that is
 * already queued or running does nothing. Retries, backoff and crash recovery (a job whose worker died runs
 * again) are the queue's; deciding whether a repeat is safe is the publish service's.
 */
export interface PublishQueue {
  add(jobs: readonly PublishJob[]): Promise<void>;
}

/** What a publisher needs for one target: the approved text with its tail and the account to publish to. */
export interface PublishItem {
  draft: string;
  version: number;
  target: Target;
  account: Account;
  /** The account's opened credential (AppSecret or access token). */
  secret: string;
  final: FinalText;
  content: DraftContent;
  /** The WeChat article URL of the same draft once published there (Weibo posts link to it). */
  linkedUrl?: string;
}

export interface PublishOutcome {
  ids: Readonly<Record<string, string>>;
  url?: string;
}

/**
 * Publishes to one platform.
 *
 * The adapter must guarantee, for exactly-once publishing:
 * - `save(progress)` is awaited before any call whose effect on the platform must not happen twice (submitting a
 *   WeChat publish job, posting to Weibo), and again with the platform's answer right after it;
 * - when `progress` shows such a call was started but not answered (a worker died in between), it asks the
 *   platform whether the call took effect before it would make it again;
 * - failures are PublisherErrors classified `transient`, `token` or `permanent` by the platform's code table.
 * Deliberately not in the contract: retries and backoff (the queue's), which version to publish (the service's).
 */
export interface Publisher {
  readonly platform: Platform;
  publish(
    item: PublishItem,
    progress: PublicationProgress,
    save: (progress: PublicationProgress) => Promise<void>,
  ): Promise<PublishOutcome>;
}

/** Something an administrator must see: a publication that failed for good, an article that bypassed qianfa. */
export interface AdminAlert {
  org: string;
  kind: 'publish_failed' | 'bypass_detected' | 'notification_failed';
  /** Chinese, for people. */
  message: string;
  draft?: string;
  target?: Target;
  at: string;
  details?: Readonly<Record<string, string>>;
}

/** Alerts for administrators: kept (newest first, bounded) and delivered on their channels. */
export interface AdminAlerts {
  raise(alert: AdminAlert): Promise<void>;
  list(org: string, limit: number): Promise<AdminAlert[]>;
}

/** Marks that may be set once (single-use links). `claim` is atomic: of racing callers exactly one gets true. */
export interface OneTimeMarks {
  /** True the first time for `mark`; the mark is forgotten after `ttlMs` (once what it guards has expired). */
  claim(mark: string, ttlMs: number): Promise<boolean>;
  isClaimed(mark: string): Promise<boolean>;
}

/** Where one person is reached (per-person settings): a WeCom user, a WeChat follower, or a webhook. */
export type ChannelAddress =
  | { channel: 'wecom'; userId: string }
  | { channel: 'wechat_template'; openid: string }
  | { channel: 'webhook'; url: string; secret: string };

/** One message to a person: what awaits them and the link that opens it. */
export interface Notification {
  title: string;
  description: string;
  url: string;
}

/** People's channel settings. */
export interface ChannelStore {
  get(personId: string): Promise<ChannelAddress[]>;
  set(personId: string, addresses: readonly ChannelAddress[]): Promise<void>;
}

/** One delivery to make: to whom, where, what; `key` identifies it so a repeated event delivers once. */
export interface Delivery {
  key: string;
  person: string;
  address: ChannelAddress;
  message: Notification;
}

/**
 * The durable outbox of deliveries. `add` must be idempotent per `key`; the queue retries transient failures
 * and gives up on permanent ones (recording them).
 */
export interface DeliveryQueue {
  add(deliveries: readonly Delivery[]): Promise<void>;
}

/** Sends one message on one channel; throws NotificationError-like errors (`transient` true or false). */
export interface ChannelSender {
  readonly channel: ChannelAddress['channel'];
  send(address: ChannelAddress, message: Notification): Promise<unknown>;
}

/** A reminder or an escalation due for a stage still waiting. */
export interface ReviewTimer {
  org: string;
  draft: string;
  version: number;
  stage: string;
  level: 'remind' | 'escalate';
}

/** Delayed review timers. `schedule` is idempotent per (draft, version, stage, level). */
export interface ReviewTimers {
  schedule(timer: ReviewTimer, delayMs: number): Promise<void>;
}

/** Delegations (代) of each organisation. `add` and `end` resolve once durable. */
export interface DelegationStore {
  add(delegation: Delegation): Promise<void>;
  /** Every delegation of the organisation, newest first (ended ones too: they are the record). */
  list(org: string): Promise<Delegation[]>;
  /** Ends it at `at`; false when there is no such delegation in the organisation. */
  end(org: string, id: string, at: string): Promise<boolean>;
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

/** One entry of what a WeChat account published (freepublish/batchget), through qianfa or not. */
export interface PublishedEntry {
  articleId: string;
  /** Unix seconds. */
  updateTime: number;
  articles: readonly { title: string; url: string; thumbMediaId: string }[];
}

/** What a WeChat account has published, newest first; failures are PublisherErrors (token errors retried once). */
export interface PublishedFeed {
  page(
    account: { appid: string; secret: string },
    offset: number,
    count: number,
  ): Promise<readonly PublishedEntry[]>;
}

/**
 * What qianfa itself published on each WeChat account (per organisation and account name), to tell its own
 * articles from those that bypassed it.
 *
 * The adapter must guarantee: a publication's cover (progress `thumb_media_id`) is known from the save that
 * records it, and its article id from the save that marks it published, each in the same atomic step as that
 * save (a cover is recorded before the publish call that can make an article of it); publications saved before
 * the index existed are indexed before an organisation is first classified.
 * Deliberately not in the contract: deciding the origin (domain `articleOrigin`), calling WeChat.
 */
export interface PublishedArticleIndex {
  classify(
    org: string,
    account: string,
    article: { articleId: string; thumbMediaIds: readonly string[] },
  ): Promise<ArticleOrigin>;
}

/**
 * The bypass scan's own state: how far back the next scan of each account looks, and which articles were
 * flagged. `flag` records the article and appends its audit event in one atomic step, and only the first time:
 * of racing scans exactly one flags an article, ever. Writes resolve once durable.
 */
export interface BypassLedger {
  /** Unix seconds; null before the account's first scan. */
  watermark(org: string, account: string): Promise<number | null>;
  setWatermark(org: string, account: string, seconds: number): Promise<void>;
  /** False, with nothing written, when the article was flagged before. */
  flag(org: string, account: string, articleId: string, audit: AuditEvent): Promise<boolean>;
}
