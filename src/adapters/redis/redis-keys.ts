/**
 * Every Redis key qianfa uses, spelled in one place. All keys start with the prefix, so installations (and
 * tests, each with a random prefix) can share one Redis and clean up with a single SCAN.
 */
export class RedisKeys {
  /**
   * `hashTags` (Redis Cluster, issue 17 point 4): every key of one organisation carries the hash tag `{o:<slug>}`,
   * so the organisation's keys live in one slot and a script over them is one slot's. Off, key names are exactly
   * the single-node ones, so existing data needs no migration.
   */
  constructor(
    readonly prefix = 'qianfa:',
    readonly options: { hashTags?: boolean } = {},
  ) {}

  /** The organisation's part of its keys: the slug, or under hashTags `{o:<slug>}`. */
  private tag(org: string): string {
    return this.options.hashTags ? `{o:${org}}` : org;
  }

  /**
   * Under hashTags `{o:<slug>}:`, else nothing: put right after the prefix of a key named by an id alone (a draft,
   * a person) or shared by every organisation on a single node (the approved set, the outbox), it moves that key
   * into the organisation's slot while the single-node name stays exactly as it was.
   */
  private within(org: string): string {
    return this.options.hashTags ? `{o:${org}}:` : '';
  }

  /**
   * True under hashTags: keys shared by every organisation on a single node are one per organisation (walk
   * `orgs()`), and keys named by an id alone need the organisation (`draftOrg`, `personOrg`) to be found.
   */
  get perOrg(): boolean {
    return this.options.hashTags === true;
  }

  /** Set of every organisation slug. */
  orgs(): string {
    return `${this.prefix}orgs`;
  }

  /** Hash `{ slug, name }` of one organisation. */
  org(slug: string): string {
    return `${this.prefix}org:${this.tag(slug)}`;
  }

  /** Hash person name → person id, for the people of one organisation (names are unique per org). */
  orgPeople(slug: string): string {
    return `${this.prefix}org:${this.tag(slug)}:people`;
  }

  /** String: the Person as JSON. */
  person(org: string, id: string): string {
    return `${this.prefix}${this.within(org)}person:${id}`;
  }

  /** String (hashTags only): the slug of the person's organisation, written once, for lookups by id alone. */
  personOrg(id: string): string {
    return `${this.prefix}person-org:${id}`;
  }

  /** Set of the token keys currently valid for one person (so issuing a new token can revoke them). */
  personTokens(org: string, id: string): string {
    return `${this.prefix}${this.within(org)}person:${id}:tokens`;
  }

  /** String: the person id a token belongs to, keyed by the token's SHA-256 (the token itself is never stored). */
  token(org: string, tokenHash: string): string {
    return `${this.prefix}${this.within(org)}token:${tokenHash}`;
  }

  /** String (hashTags only): the slug of the organisation of the token's holder, for lookups by token alone. */
  tokenOrg(tokenHash: string): string {
    return `${this.prefix}token-org:${tokenHash}`;
  }

  /** List of one organisation's audit entries, oldest first, each as canonical JSON. */
  auditLog(org: string): string {
    return `${this.prefix}audit:${this.tag(org)}:entries`;
  }

  /** String `{"hash","seq"}`: the newest audit entry of one organisation (compare-and-set on append). */
  auditHead(org: string): string {
    return `${this.prefix}audit:${this.tag(org)}:head`;
  }

  /** String `{"seq","hash"}`: the last entry retention removed from one organisation's chain (verify from it). */
  auditCheckpoint(org: string): string {
    return `${this.prefix}audit:${this.tag(org)}:checkpoint`;
  }

  /** List of the seqs of one draft's entries in its organisation's audit chain, oldest first. */
  draftAudit(org: string, draft: string): string {
    return `${this.prefix}audit:${this.tag(org)}:draft:${draft}`;
  }

  /** Hash: `record` (the DraftRecord as JSON) and `current` (its current version number). */
  draft(org: string, id: string): string {
    return `${this.prefix}${this.within(org)}draft:${id}`;
  }

  /** Hash version number → StoredVersion as JSON; a version is written once and never changed. */
  draftVersions(org: string, id: string): string {
    return `${this.prefix}${this.within(org)}draft:${id}:versions`;
  }

  /** String (hashTags only): the slug of the draft's organisation, written once, for lookups by id alone. */
  draftOrg(id: string): string {
    return `${this.prefix}draft-org:${id}`;
  }

  /** Sorted set of one organisation's draft ids, scored by creation time (ms). */
  orgDrafts(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:drafts`;
  }

  /** Sorted set of one organisation's draft ids whose waiting stage needs `role`, scored by since when (ms). */
  orgAwaiting(org: string, role: string): string {
    return `${this.prefix}org:${this.tag(org)}:awaiting:${role}`;
  }

  /**
   * Hash draft id → its review reminder mark as JSON (ReminderMark): how far the reminder patrol has gone with the
   * draft's current wait, so each level is sent once. Only drafts the patrol has taken in have one, until their
   * wait ends or a while after their escalation.
   */
  reminderMarks(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:reminders`;
  }

  /**
   * Sorted set of draft ids the reminder patrol must look at again, scored by when (ms): a mark's `next`, or for a
   * wait just taken in from the awaiting index, since when it waits (due at once).
   */
  reminderDue(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:reminders:due`;
  }

  /**
   * String: up to when (ms, an awaiting index score) the reminder patrol has taken in the organisation's waits;
   * absent before its first run (then it takes in every wait, page by page, marks of the format before it met
   * with their waits).
   */
  reminderCursor(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:reminders:cursor`;
  }

  /** Set once the awaiting indexes hold the drafts stored before they existed. */
  awaitingIndexBuilt(): string {
    return `${this.prefix}index:awaiting:built`;
  }

  /** Sorted set of one organisation's draft ids returned or blocked that are back with `person`, by time (ms). */
  orgReturned(org: string, person: string): string {
    return `${this.prefix}org:${this.tag(org)}:returned:${person}`;
  }

  /** Set of one organisation's draft ids currently in `status`. */
  orgDraftsByStatus(org: string, status: string): string {
    return `${this.prefix}org:${this.tag(org)}:drafts:${status}`;
  }

  /**
   * Set of the ids of every draft still being published (approved or publish_failed): across organisations on a
   * single node, one per organisation under hashTags (the draft commit writes it with the organisation's keys).
   */
  approvedDrafts(org: string): string {
    return `${this.prefix}${this.within(org)}drafts:approved`;
  }

  /**
   * Hash of the shared crash recovery of publish jobs (RedisSharedRecovery): starts counted (`requested`), the
   * last count a finished recovery covers (`done`), and who runs one now (`holder`, lease end `until`).
   */
  publishRecovery(): string {
    return `${this.prefix}publications:recovery`;
  }

  /** Sorted set of the ids of drafts with publications scheduled for later (定时发布), scored by due time (ms). */
  scheduledPublications(): string {
    return `${this.prefix}publications:scheduled`;
  }

  /** Hash `<version>/<target>` → Publication as JSON: where each target of a draft's approved versions stands. */
  draftPublications(org: string, id: string): string {
    return `${this.prefix}${this.within(org)}draft:${id}:publications`;
  }

  /** List of AdminAlert JSON, newest first, bounded. */
  orgAlerts(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:alerts`;
  }

  /** Sorted set: the ids of the organisation's alerts raised (score: when), so raising one again does nothing. */
  orgAlertIds(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:alerts:ids`;
  }

  /** String: a WeChat access token shared by every worker, with the token's own expiry as TTL. */
  wechatToken(appid: string): string {
    return `${this.prefix}wechat:token:${appid}`;
  }

  /** Hash delegation id → Delegation as JSON. */
  orgDelegations(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:delegations`;
  }

  /** String: the person's channel settings (ChannelAddress[] as JSON). */
  personChannels(org: string, id: string): string {
    return `${this.prefix}${this.within(org)}person:${id}:channels`;
  }

  /** String set once: a single-use mark (a review link's nonce once a decision went through it). */
  oneTimeMark(mark: string): string {
    return `${this.prefix}once:${mark}`;
  }

  /** Hash `<platform>:<name>` → StoredAccount as JSON: one organisation's platform accounts. */
  orgAccounts(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:accounts`;
  }

  /** String: a gateway draft (GatewayDraft as JSON), by its media_id. */
  gatewayDraft(org: string, mediaId: string): string {
    return `${this.prefix}${this.within(org)}gateway:draft:${mediaId}`;
  }

  /** String (hashTags only): the slug of a gateway draft's organisation, by its media_id, written once. */
  gatewayDraftOrg(mediaId: string): string {
    return `${this.prefix}gateway:draft-org:${mediaId}`;
  }

  /** String: the media_id of the gateway draft a publish id was handed out for. */
  gatewayPublishId(org: string, publishId: string): string {
    return `${this.prefix}${this.within(org)}gateway:publish:${publishId}`;
  }

  /** String (hashTags only): the slug of the organisation a publish id was handed out in, written once. */
  gatewayPublishIdOrg(publishId: string): string {
    return `${this.prefix}gateway:publish-org:${publishId}`;
  }

  /** String: the review item a Weibo post (credential + text hash) became, for a while (retries find it). */
  gatewayPost(key: string): string {
    return `${this.prefix}gateway:post:${key}`;
  }

  /** Counter behind gateway publish ids. */
  gatewayPublishSeq(): string {
    return `${this.prefix}gateway:publish-seq`;
  }

  /**
   * One WeChat account's gateway lists (`target` is `wechat:<name>`): `box` sorted set of media_ids by last change
   * (ms), `published` sorted set of media_ids by publication (ms), `submitted` set of media_ids in review.
   */
  gatewayAccountList(org: string, target: string, list: 'box' | 'published' | 'submitted'): string {
    return `${this.prefix}org:${this.tag(org)}:gateway:${target}:${list}`;
  }

  /** String set once every gateway draft stored before the per-account lists existed has been listed. */
  gatewayListsIndexed(): string {
    return `${this.prefix}gateway:lists-indexed`;
  }

  /**
   * One WeChat account's materials uploaded through the gateway: per kind a sorted set of media_ids by upload
   * time (ms); `data` a hash media_id → GatewayMaterial as JSON.
   */
  gatewayAccountMaterials(org: string, target: string, kind: 'image' | 'voice' | 'video' | 'data'): string {
    return `${this.prefix}org:${this.tag(org)}:gateway:${target}:materials:${kind}`;
  }

  /** String: the media_id of the gateway draft published as a WeChat article id. */
  gatewayArticle(org: string, articleId: string): string {
    return `${this.prefix}${this.within(org)}gateway:article:${articleId}`;
  }

  /** String (hashTags only): the slug of the organisation of a WeChat article id published through the gateway. */
  gatewayArticleOrg(articleId: string): string {
    return `${this.prefix}gateway:article-org:${articleId}`;
  }

  /** Hash `credential` (GatewayCredential as JSON) and `secret` (its secret's SHA-256): one gateway credential. */
  gatewayCredential(org: string, appid: string): string {
    return `${this.prefix}${this.within(org)}gateway:credential:${appid}`;
  }

  /** String (hashTags only): the slug of a gateway credential's organisation, by its appid, written once. */
  gatewayCredentialOrg(appid: string): string {
    return `${this.prefix}gateway:credential-org:${appid}`;
  }

  /** Sorted set of one organisation's gateway credential appids, scored by creation time (ms). */
  orgGatewayCredentials(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:gateway-credentials`;
  }

  /**
   * String `{"appid","expiresAt"}` with a TTL: a gateway access token, keyed by its SHA-256 (the token itself is
   * never stored).
   */
  gatewayToken(tokenHash: string): string {
    return `${this.prefix}gateway:token:${tokenHash}`;
  }

  /** Hash thumb_media_id → CoverUse JSON: the latest qianfa publication that used each cover of the account. */
  wechatCovers(org: string, account: string): string {
    return `${this.prefix}org:${this.tag(org)}:wechat:${account}:covers`;
  }

  /**
   * Hash `draft/version` → thumb_media_id: the covers of the account's publications not settled yet. Covers are
   * shared between publications, so this, not `wechatCovers`, tells which covers may be on an article in flight.
   */
  wechatCoversInFlight(org: string, account: string): string {
    return `${this.prefix}org:${this.tag(org)}:wechat:${account}:covers-in-flight`;
  }

  /** String: the media_id of the account's cover image with this SHA-256, uploaded once and reused. */
  wechatCoverMaterial(appid: string, sha256: string): string {
    return `${this.prefix}wechat:cover:${appid}:${sha256}`;
  }

  /** Set of the article ids qianfa published on one WeChat account. */
  wechatArticles(org: string, account: string): string {
    return `${this.prefix}org:${this.tag(org)}:wechat:${account}:articles`;
  }

  /** String set once the organisation's publications saved before the article index existed are indexed. */
  wechatArticlesIndexed(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:wechat-articles-indexed`;
  }

  /** Set of the article ids of one WeChat account flagged as having bypassed qianfa (each flagged once). */
  bypassFlagged(org: string, account: string): string {
    return `${this.prefix}org:${this.tag(org)}:wechat:${account}:bypass-flagged`;
  }

  /** Hash WeChat account name → unix seconds: how far back the next bypass scan of that account looks. */
  bypassWatermarks(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:bypass-watermarks`;
  }

  // --- The patrol of what is online (issue 13, point 4). ---

  /** Hash `target|article id` → JSON array of the finding keys already reported for that article. */
  patrolKnown(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:patrol:known`;
  }

  /** Hash link URL → LinkRecord as JSON: failures in a row across patrols. */
  patrolLinks(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:patrol:links`;
  }

  /** Hash `target|article id` → OpenArticleFindings as JSON: articles with findings under today's lists. */
  patrolOpen(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:patrol:open`;
  }

  /** String: the last PatrolRun of the organisation as JSON. */
  patrolLastRun(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:patrol:last-run`;
  }

  /** Hash entry id → AllowEntry as JSON: an organisation's allow entries (reviewers' false-positive marks). */
  orgAllowEntries(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:allow-entries`;
  }

  /** Hash folded text → entry id: one allow entry per text in an organisation. */
  orgAllowTexts(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:allow-texts`;
  }

  /** String: the organisation's own authorised repost sources (string[] as JSON). */
  orgSources(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:sources`;
  }

  /** Counter raised by every change of an organisation's check settings (processes compare it to their cache). */
  orgCheckSettingsRevision(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:check-settings-rev`;
  }

  /**
   * Hash `revision` (raised by every save and reset, never reused) and `record` (WorkflowOverrideRecord JSON):
   * the organisation's workflow as its admins edited it; none or no override in it: the files apply.
   */
  orgWorkflow(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:workflow`;
  }

  /** Prefix of rate-limiter-flexible's counters for the live check (`POST /api/check`), one per person. */
  liveCheckLimit(): string {
    return `${this.prefix}limit:check`;
  }

  /** Prefix of the counters of failed authentications, per source address and per gateway appid. */
  authFailureLimit(): string {
    return `${this.prefix}limit:auth`;
  }

  /** Hash: the counts of one chain's window of unauthenticated gateway refusals (until its summary is written). */
  gatewayRefusalTally(chain: string, windowStartMs: number): string {
    return `${this.prefix}${this.within(chain)}gateway-refusals:${chain}:${windowStartMs}`;
  }

  /** HyperLogLog of the addresses in one chain's window of unauthenticated gateway refusals. */
  gatewayRefusalAddresses(chain: string, windowStartMs: number): string {
    return `${this.prefix}${this.within(chain)}gateway-refusals:${chain}:${windowStartMs}:addresses`;
  }

  /**
   * Sorted set of the windows of refusals not summarised yet, scored by when they end (or their claim ends): one
   * on a single node, one per chain under hashTags (summarising writes it with the chain's audit keys).
   */
  gatewayRefusalWindows(chain: string): string {
    return `${this.prefix}${this.within(chain)}gateway-refusals:windows`;
  }

  /** Hash pending id → WeiboPendingPost as JSON: the Weibo posts the gateway took into review. */
  gatewayWeiboPending(): string {
    return `${this.prefix}gateway:weibo-pending`;
  }

  /** Hash review item id → its Weibo pending id (a retried post gets the same id). */
  gatewayWeiboPendingByDraft(): string {
    return `${this.prefix}gateway:weibo-pending-by-draft`;
  }

  /** Counter behind Weibo pending ids. */
  gatewayWeiboPendingSeq(): string {
    return `${this.prefix}gateway:weibo-pending-seq`;
  }

  /**
   * Stream of notification jobs, each written by the commit it follows and drained by the workers: one on a
   * single node, one per organisation under hashTags (the commit's script writes it with the organisation's keys).
   */
  notificationOutbox(org: string): string {
    return `${this.prefix}${this.within(org)}notify:outbox`;
  }

  /** A person's credential generation: bumped whenever their tokens or roles change (token caches check it). */
  personGeneration(org: string, id: string): string {
    return `${this.prefix}${this.within(org)}person:${id}:generation`;
  }

  /** Pattern matching every key of this prefix (for test clean-up). */
  all(): string {
    return `${this.prefix}*`;
  }

  // Logging in (issue 12 point 1).

  /** String: a person's password hash (scrypt, self-describing). */
  personPassword(org: string, id: string): string {
    return `${this.prefix}${this.within(org)}person:${id}:password`;
  }

  /** String: one desk session (StoredSession as JSON), expiring with it. */
  deskSession(handle: string): string {
    return `${this.prefix}session:${handle}`;
  }

  /** Set of the handles of one person's desk sessions (some may have expired; listing drops those). */
  personSessions(org: string, id: string): string {
    return `${this.prefix}${this.within(org)}person:${id}:sessions`;
  }

  /** Prefix of rate-limiter-flexible's counters of failed password logins, one per account. */
  loginFailureLimit(): string {
    return `${this.prefix}limit:login`;
  }

  /** String: a WeCom sign-in's state, bound to the browser that started it, until it is used or expires. */
  wecomLoginState(state: string): string {
    return `${this.prefix}wecom-login:${state}`;
  }

  // Group commit of audit appends (issue 17 point 1).

  /** List: an organisation's audit turn, one token while no writer holds it (writers BLPOP it). */
  auditTurn(org: string): string {
    return `${this.prefix}audit:${this.tag(org)}:turn`;
  }

  /** String: which writer holds the organisation's audit turn, with a lease (its token is made again after it). */
  auditTurnHolder(org: string): string {
    return `${this.prefix}audit:${this.tag(org)}:turn-holder`;
  }

  // The notification outbox's retries (issue 17).

  /** Sorted set: notification jobs that failed, waiting for their next attempt (score: when it is due, ms). */
  notificationRetries(org: string): string {
    return `${this.prefix}${this.within(org)}notify:outbox:retries`;
  }

  /** Stream: notification jobs given up after their last attempt, with the last error (capped). */
  notificationDeadLetters(org: string): string {
    return `${this.prefix}${this.within(org)}notify:outbox:dead`;
  }

  /**
   * String: one delivery's mark in the fan-out (its key as the notification service spells it): `sending` while
   * a worker holds the lease, `sent` once it is done with (sent, handed to the retry queue or given up).
   */
  deliveryMark(org: string, delivery: string): string {
    return `${this.prefix}notify:${this.tag(org)}:delivery:${delivery}`;
  }

  /**
   * Hash: one person's digest window on one channel (`<person>.<channel>`): when it opened (its id), from which
   * awaiting-index score it covers, when it ends, the item that opened it, whether its digest job is set, and
   * (`t:<draft>`) what the last digest took. See RedisDigestWindows.
   */
  digestWindow(org: string, recipient: string): string {
    return `${this.prefix}notify:${this.tag(org)}:digest:${recipient}:window`;
  }

  // The desk's history and last-seen versions (issue 12 point 3).

  /** Sorted set: what one person decided (DecidedEntry as JSON), scored by when; written by the draft commit. */
  orgDecidedBy(org: string, person: string): string {
    return `${this.prefix}org:${this.tag(org)}:decided:${person}`;
  }

  /** Hash: the version of each draft one person last saw on its review page (draft id → version number). */
  orgSeenVersions(org: string, person: string): string {
    return `${this.prefix}org:${this.tag(org)}:seen:${person}`;
  }

  // The account register (issue 13 point 1).

  /** Hash of an organisation's register: target → RegisterEntry as JSON. */
  registerEntries(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:register`;
  }

  // People and delegations cached per organisation (issue 17 point 1).

  /** Counter bumped by every change to an organisation's people or delegations (caches of them check it). */
  orgDirectoryGeneration(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:directory-generation`;
  }

  // Archiving version bodies of published drafts (issue 17 point 3).

  /** Set of an organisation's drafts whose versions were archived (or found changed): the next run skips them. */
  orgArchivedDrafts(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:drafts:archived`;
  }

  // Corrections (issue 13 point 6).

  /** Hash: patrol alert id → the correction started from it (CorrectionRef as JSON). */
  orgAlertCorrections(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:alert-corrections`;
  }

  /** Hash: original (draft id, or target|article id) → what corrected or retracted it (OriginalMark as JSON). */
  orgCorrectedOriginals(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:corrected-originals`;
  }

  // The admin's pages (issue 12 point 4).

  /** Hash: alert id → who acknowledged it when (JSON), for an organisation's alerts. */
  orgAlertAcks(org: string): string {
    return `${this.prefix}org:${this.tag(org)}:alert-acks`;
  }
}
