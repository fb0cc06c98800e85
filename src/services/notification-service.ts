import { alertIdOf, type AdminAlert } from '../domain/admin-alert.js';
import type { DraftRecord } from '../domain/draft-record.js';
import { hasRole, mayAdminister, type Person } from '../domain/people.js';
import { canDecide } from '../domain/workflow/review-guards.js';
import { isStillWaiting, nextLevelUp, type ReviewTimer } from '../domain/workflow/review-reminders.js';
import { waitingStage } from '../domain/workflow/review-state.js';
import type { Clock } from '../domain/clock.js';
import type { NotificationEvent, NotificationSubject } from '../domain/notification.js';
import { alertNotificationOf, notificationOf, type NotificationKind } from '../messages/notifications.js';
import { GRADE_NAMES } from '../messages/zh-cn.js';
import { createNotificationDigests, type ChannelsOf } from './notification-digests.js';
import type { DraftStore, OutboxJob, OutboxRound } from './ports/drafts.js';
import type {
  ChannelStore,
  Delivery,
  DeliveryDispatch,
  DigestDue,
  DigestWindows,
  LinkKind,
  Outgoing,
  ReadyDelivery,
  ReviewTimers,
} from './ports/notifications.js';

/**
 * Who hears of what. Each method receives the draft's record as committed (messages and links need nothing of the
 * version's content), except a timer, which reads the draft again.
 */
export interface NotificationService {
  /**
   * The committed draft's waiting stage waits: tell whoever may decide it. Its reminder needs no timer: the
   * reminder patrol (review-reminder-patrol.ts) finds it in the awaiting index when it is due.
   */
  stageWaits(committed: DraftRecord): Promise<void>;
  /** The committed draft went back to its drafter. */
  returned(committed: DraftRecord): Promise<void>;
  /**
   * A notification job from the outbox: a commit's (what it asks for, of the draft as that commit left it), or a
   * raised admin alert's (the organisation's admins hear of it). Within a `round`, the organisation's people,
   * stand-ins, name and channels are read once for all its jobs.
   */
  fanOut(job: OutboxJob, round?: OutboxRound): Promise<void>;
  /** A reminder or escalation came due (the reminder patrol): sent only if the stage still waits. */
  fire(timer: ReviewTimer): Promise<'sent' | 'moot'>;
  /**
   * A digest window ended: one message of the drafts it held that still wait for the person (none: nothing sent).
   * Run twice, it sends once.
   */
  sendDigest(due: DigestDue): Promise<'sent' | 'moot'>;
  /**
   * What a queued delivery sends, put together as it is sent: the person's current address on its channel and a
   * link minted now. Undefined when it is moot: the person, their channel or the draft is gone.
   */
  outgoing(delivery: Delivery): Promise<Outgoing | undefined>;
}

export interface NotificationDeps {
  drafts: Pick<DraftStore, 'get' | 'records'>;
  /** The leaders each person of the organisation stands in for right now (代): they hear of those stages too. */
  leadersByStandIn: (org: string) => Promise<ReadonlyMap<string, readonly Person[]>>;
  people: {
    listPeople(org: string): Promise<{ ok: true; value: Person[] } | { ok: false }>;
    getPerson(id: string): Promise<Person | null>;
  };
  channels: ChannelStore;
  deliveries: DeliveryDispatch;
  timers: ReviewTimers;
  /** A review link for one person and the draft's current version (it carries the person: never shared). */
  linkFor: (person: Person, record: DraftRecord) => string;
  /** Where the drafter sees their returned draft. */
  deskLinkFor: (person: Person, record: DraftRecord) => string;
  /** The organisation's admin 告警 page (it carries no credential: the admin signs in to open it). */
  alertsLinkFor: (org: string) => string;
  /** Digest windows of awaiting messages, per person and channel; `digestWindowMs` 0: every message at once. */
  digests: DigestWindows;
  digestWindowMs: number;
  now: Clock;
  /** The organisation's name, for receivers that file messages by organisation (absent: only its slug). */
  orgName?: (slug: string) => Promise<string | undefined>;
}

const EVENTS: Readonly<Record<NotificationKind, NotificationEvent>> = {
  awaiting: 'review_awaiting',
  remind: 'review_reminder',
  escalate: 'review_escalated',
  returned: 'draft_rejected',
};

/**
 * Every person who may decide a waiting stage hears of it, on each of their channels, with a link of their own;
 * a reminder after the grade's delay; then the next level up and the administrators. Nobody and nothing is ever
 * approved automatically: timers only send messages.
 */
export function createNotificationService(deps: NotificationDeps): NotificationService {
  const peopleOf = async (org: string) => {
    const listed = await deps.people.listPeople(org);
    return listed.ok ? listed.value : [];
  };
  const digests = createNotificationDigests(deps, deliverAwaiting);
  const perRound = new WeakMap<OutboxRound, NotificationService>();

  async function deliver(
    kind: NotificationKind,
    record: DraftRecord,
    recipients: readonly Person[],
    channels?: ChannelsOf,
  ) {
    const stage = waitingStage(record.review)?.id ?? '-';
    const message = {
      ...notificationOf(kind, record),
      event: EVENTS[kind],
      ...(await subjectOf(kind, record)),
    };
    const link: LinkKind = kind === 'returned' ? 'desk' : 'review';
    const keyOf = (person: Person, channel: string) =>
      [record.id, record.review.version.number, stage, kind, person.id, channel].join('.');
    const urlOf = (person: Person) =>
      link === 'desk' ? deps.deskLinkFor(person, record) : deps.linkFor(person, record);
    const what = { draft: record.id, link, message };
    await send(record.review.org, recipients, { keyOf, urlOf }, what, channels);
  }

  /**
   * One delivery per recipient and channel of theirs, each keyed so a repeated event delivers once, put together
   * here (channels read once for all unless given, links minted only for channels there are) and sent.
   */
  async function send(
    org: string,
    recipients: readonly Person[],
    per: {
      keyOf: (person: Person, channel: Delivery['channel']) => string;
      urlOf: (person: Person) => string;
    },
    what: Pick<Delivery, 'draft' | 'link' | 'message'>,
    given?: ChannelsOf,
  ): Promise<void> {
    const ready: ReadyDelivery[] = [];
    const channels = given ?? (await deps.channels.getMany(recipients.map((person) => person.id)));
    for (const person of recipients) {
      for (const address of channels.get(person.id) ?? []) {
        const { channel } = address;
        const delivery = { key: per.keyOf(person, channel), person: person.id, channel, ...what };
        // Each message a link of its own (a link is used once).
        const message = { ...what.message, url: per.urlOf(person) };
        ready.push({ delivery, outgoing: { address, message } });
      }
    }
    if (ready.length > 0) await deps.deliveries.dispatch(org, ready);
  }

  /**
   * The organisation's admins (role admin, not disabled) hear of an alert, once per alert, person and channel.
   * Deputies and principals do not: the alerts are the admins' work (the 告警 page and its acknowledgement).
   */
  async function alertRaised(alert: AdminAlert): Promise<void> {
    const admins = (await peopleOf(alert.org)).filter((person) => hearsAlertsOf(person, alert.org));
    const orgName = await deps.orgName?.(alert.org);
    const message = {
      ...alertNotificationOf(alert),
      event: 'admin_alert' as const,
      org: alert.org,
      ...(orgName === undefined ? {} : { orgName }),
    };
    const id = alertIdOf(alert);
    const url = deps.alertsLinkFor(alert.org);
    const keyOf = (person: Person, channel: string) => ['alert', id, person.id, channel].join('.');
    await send(alert.org, admins, { keyOf, urlOf: () => url }, { draft: '', link: 'alerts', message });
  }

  /** A queued delivery (a retry) put together again now: the person, their address and the draft as they are. */
  async function outgoing(delivery: Delivery): Promise<Outgoing | undefined> {
    const person = await deps.people.getPerson(delivery.person);
    const address =
      person && (await deps.channels.get(person.id)).find((a) => a.channel === delivery.channel);
    if (delivery.link === 'alerts') {
      const org = delivery.message.org ?? '';
      const url = deps.alertsLinkFor(org);
      // Moot when the person is no longer the organisation's admin (or is disabled) by the time it is sent.
      const still = person && address && hearsAlertsOf(person, org);
      return still ? { address, message: { ...delivery.message, url } } : undefined;
    }
    if (delivery.link === 'digest')
      return person && address ? digests.outgoing(person, address, delivery.drafts ?? []) : undefined;
    const found = address && (await deps.drafts.get(delivery.draft));
    if (!person || !address || !found) return undefined;
    const { record } = found;
    const url = delivery.link === 'desk' ? deps.deskLinkFor(person, record) : deps.linkFor(person, record);
    return { address, message: { ...delivery.message, url } };
  }

  async function subjectOf(kind: NotificationKind, record: DraftRecord): Promise<NotificationSubject> {
    const { review } = record;
    const stage =
      kind === 'returned'
        ? review.stages.find((s) => s.decision?.verdict === 'rejected')
        : waitingStage(review);
    const orgName = await deps.orgName?.(review.org);
    return {
      draft: record.id,
      version: review.version.number,
      ...(stage ? { stage: stage.id, stageName: stage.label } : {}),
      grade: review.grade,
      gradeName: GRADE_NAMES[review.grade],
      org: review.org,
      ...(orgName === undefined ? {} : { orgName }),
    };
  }

  /** This service with the reads the round's jobs share made once for the round. */
  function sharing(round: OutboxRound): NotificationService {
    const known = perRound.get(round);
    if (known) return known;
    const service = createNotificationService(sharedWithin(round, deps));
    perRound.set(round, service);
    return service;
  }

  async function deciders(record: DraftRecord): Promise<Person[]> {
    const { review } = record;
    const [everyone, leaders] = await Promise.all([peopleOf(review.org), deps.leadersByStandIn(review.org)]);
    return everyone.filter((person) => canDecide(review, person, leaders.get(person.id)) !== undefined);
  }

  async function stageWaits(committed: DraftRecord): Promise<void> {
    const recipients = await deciders(committed);
    const held = deps.digestWindowMs > 0 && committed.review.grade !== 'major';
    await (held ? digests.awaiting : deliverAwaiting)(committed, recipients);
  }

  function deliverAwaiting(committed: DraftRecord, recipients: readonly Person[], channels?: ChannelsOf) {
    return deliver('awaiting', committed, recipients, channels);
  }

  async function returned(committed: DraftRecord): Promise<void> {
    const { drafter, org } = committed.review;
    const person = (await peopleOf(org)).find((candidate) => candidate.id === drafter.id);
    if (person) await deliver('returned', committed, [person]);
  }

  return {
    outgoing,
    sendDigest: digests.send,
    stageWaits,
    returned,
    async fanOut(job, round) {
      if (round) return sharing(round).fanOut(job);
      if ('alert' in job) return alertRaised(job.alert);
      // The job carries the record as committed: its messages and links are built from it, nothing read again.
      for (const kind of job.kinds) await (kind === 'stage_waits' ? stageWaits : returned)(job.record);
    },
    async fire(timer) {
      const found = await deps.drafts.get(timer.draft);
      if (!found || !isStillWaiting(found.record.review, timer.version, timer.stage)) return 'moot';
      const { record } = found;
      if (timer.level === 'remind') await deliver('remind', record, await deciders(record));
      else await deliver('escalate', record, escalationOf(record, await peopleOf(record.review.org)));
      return 'sent';
    },
  };
}

/** The deps whose reads of an organisation's directory and channels are made once within the round. */
function sharedWithin(round: OutboxRound, deps: NotificationDeps): NotificationDeps {
  const { people, channels, orgName } = deps;
  return {
    ...deps,
    people: {
      listPeople: (org) => round.shared(`people ${org}`, () => people.listPeople(org)),
      getPerson: (id) => people.getPerson(id),
    },
    leadersByStandIn: (org) => round.shared(`leaders ${org}`, () => deps.leadersByStandIn(org)),
    channels: {
      get: (id) => channels.get(id),
      getMany: (ids) => round.shared(`channels ${ids.join(' ')}`, () => channels.getMany(ids)),
      set: (id, addresses) => channels.set(id, addresses),
    },
    ...(orgName && { orgName: (slug: string) => round.shared(`name ${slug}`, () => orgName(slug)) }),
  };
}

/** Who hears of an organisation's alerts: its admins (role admin), unless disabled. */
function hearsAlertsOf(person: Person, org: string): boolean {
  return person.org === org && hasRole(person, 'admin') && person.disabled !== true;
}

/** The next level up from the waiting stage's role, and the administrators. */
function escalationOf(record: DraftRecord, everyone: readonly Person[]): Person[] {
  const role = waitingStage(record.review)?.role;
  const above = role ? nextLevelUp(role) : undefined;
  return everyone.filter(
    (person) => mayAdminister(person, person.org) || (above !== undefined && hasRole(person, above)),
  );
}
