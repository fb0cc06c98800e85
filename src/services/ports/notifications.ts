import type { ChannelAddress, Notification } from '../../domain/notification.js';
import type { Role } from '../../domain/people.js';

/** People's channel settings. */
export interface ChannelStore {
  get(personId: string): Promise<ChannelAddress[]>;
  /** The channels of each person, read in one round trip; people without channels are absent. */
  getMany(personIds: readonly string[]): Promise<Map<string, ChannelAddress[]>>;
  set(personId: string, addresses: readonly ChannelAddress[]): Promise<void>;
}

/**
 * Which link a message carries: the review page of a draft, the drafter's desk, the admin 告警 page, or a digest's
 * review page of each of its drafts.
 */
export type LinkKind = 'review' | 'desk' | 'alerts' | 'digest';

/**
 * One delivery to make: to whom, on which channel, what; `key` identifies it so a repeated event delivers once.
 * It holds no credential (it waits in Redis): the person's address (a webhook's secret) is looked up and the link
 * (a credential too) is minted only when it is sent.
 */
export interface Delivery {
  key: string;
  person: string;
  channel: ChannelAddress['channel'];
  /** The draft a review or desk link opens; empty for an alert (its organisation is `message.org`). */
  draft: string;
  link: LinkKind;
  /** A digest's drafts (its message lists those that still wait for the person when it is sent). */
  drafts?: readonly string[];
  message: Omit<Notification, 'url' | 'items'>;
}

/** What a delivery sends, put together at sending time. */
export interface Outgoing {
  address: ChannelAddress;
  message: Notification;
}

/**
 * The durable queue of deliveries whose first attempt (in the fan-out) failed transiently. `add` must be idempotent
 * per `key`; the queue retries them with backoff, putting each together again as it is sent (`outgoing`), and
 * gives up on permanent failures and after the last attempt (recording them).
 */
export interface DeliveryQueue {
  add(deliveries: readonly Delivery[]): Promise<void>;
}

/** Whom a delivery that was given up was for, for the admins' alert. */
export interface GivenUpDelivery {
  person: string;
  channel: ChannelAddress['channel'];
}

/** A delivery put together in the fan-out: the person's address and the message with their link. */
export interface ReadyDelivery {
  delivery: Delivery;
  outgoing: Outgoing;
}

/** Sends a fan-out's deliveries (all of one organisation) itself: see createDeliveryDispatch. */
export interface DeliveryDispatch {
  dispatch(org: string, ready: readonly ReadyDelivery[]): Promise<void>;
}

/** Where a delivery stands: claimed now by the caller, done with already, or being sent by another worker. */
export type MarkState = 'claimed' | 'done' | 'in_flight';

/**
 * Marks by delivery key that make a repeated fan-out send each delivery once. `claim` takes, in one step, each key
 * that is neither done nor leased (a lease ends by itself, so a worker that died does not hold it for ever);
 * `done` marks keys done, remembered long after any redelivery of their job.
 */
export interface DeliveryMarks {
  claim(org: string, deliveries: readonly string[]): Promise<MarkState[]>;
  done(org: string, deliveries: readonly string[]): Promise<void>;
}

/** Sends one message on one channel; throws NotificationError-like errors (`transient` true or false). */
export interface ChannelSender {
  readonly channel: ChannelAddress['channel'];
  send(address: ChannelAddress, message: Notification): Promise<unknown>;
}

/** A digest window's end: its held items go to the person on the channel as one message. */
export interface DigestDue {
  org: string;
  person: string;
  channel: ChannelAddress['channel'];
  /** The window's id: when it opened (ms). */
  window: number;
}

/** Delayed digest jobs, idempotent per (organisation, person, channel, window). */
export interface ReviewTimers {
  digests(due: readonly { due: DigestDue; delayMs: number }[]): Promise<void>;
}

/**
 * How far the reminder patrol has gone with one wait of a draft (the wait its awaiting index entry is scored by):
 * `seen` (read, nothing due before `next`), `remind` (reminded; the escalation is due at `next`) or `escalate`
 * (nothing more to send; the mark is forgotten at `next`, absent in marks written before the patrol kept a cursor).
 */
export interface ReminderMark {
  since: number;
  version: number;
  stage: string;
  level: 'seen' | 'remind' | 'escalate';
  next?: number;
}

/** A mark as read, with what it was stored as: a later claim replaces it only if it is still that. */
export interface StoredMark {
  mark: ReminderMark;
  stored: string;
}

/**
 * A draft the patrol must look at now: its mark, if it has one, and since when its awaiting index entry says it
 * waits (none: it waits no more, decided or withdrawn). A mark whose `since` differs belongs to a wait now over.
 */
export interface DueWait {
  draft: string;
  seen?: StoredMark;
  since?: number;
}

/**
 * What the reminder patrol reads and marks, per organisation and all in its slot: the awaiting index (drafts whose
 * waiting stage waits, by since when), a mark per draft taken in, and when each is next due. A run reads what is
 * due or newly waiting long enough, not what waits: its cost does not grow with drafts that wait long.
 */
export interface ReminderMarks {
  /**
   * Takes in (some of) the waits that began at `before` or earlier and were not taken in yet, due at once, and
   * answers up to `limit` drafts due at `now` or before, soonest first. Called again, it takes in more: the first
   * time for an organisation there may be every wait up to `before` (marks written before the patrol kept a cursor
   * are met with their waits).
   */
  due(org: string, before: number, now: number, limit: number): Promise<DueWait[]>;
  /**
   * Sets the draft's mark to `to` (undefined: removes it) if it is still stored as `from` (undefined: none), due
   * again at `to.next` (none: never): what it is stored as now ('' when removed), or false when another patrol
   * changed it first.
   */
  replace(
    org: string,
    draft: string,
    from: string | undefined,
    to: ReminderMark | undefined,
  ): Promise<string | false>;
}

/** One awaiting item offered to a person's digest window on one channel (`recipient`: `<person>.<channel>`). */
export interface DigestOffer {
  recipient: string;
  /** The draft, and `<version>.<stage>` of it that waits. */
  draft: string;
  waiting: string;
  /** Since when it waits (ms): its score in the organisation's awaiting index. */
  since: number;
}

/** Send the item now (it opens the window), or hold it; `schedule`: the window's digest job is not set yet. */
export type DigestDecision = { send: true } | { send: false; schedule?: { window: number; delayMs: number } };

/**
 * What a window's digest covers: the drafts in the awaiting index since the window opened (its opener aside; to
 * be checked: some may not be the person's to decide), and the next window, opened by the digest with its job
 * counted as set (the caller sets it, due at the window's `until`). No next window: nothing waited, the window
 * closed.
 */
export interface DigestTaken {
  drafts: string[];
  next?: { window: number; until: number };
}

/**
 * Per person-and-channel windows for awaiting messages: the first of a window goes out at once, the rest are held
 * for one digest at the window's end. Held items are not stored: the digest reads what waits from the awaiting
 * index. Durable (a restart loses nothing); all of one organisation in one slot.
 */
export interface DigestWindows {
  /** What to do with each offer, decided for all of them in one step (and without a write for a held one). */
  offer(
    org: string,
    now: number,
    windowMs: number,
    offers: readonly DigestOffer[],
  ): Promise<DigestDecision[]>;
  /** The digest jobs of these windows are set: later offers in them do not ask for one again. */
  scheduled(org: string, windows: readonly { recipient: string; window: number }[]): Promise<void>;
  /**
   * Cuts the window at its end: what its digest covers, read from the awaiting indexes of `roles` once, in the same
   * step as the next window opens (or the window closes). Taken again (the job run again), the same.
   */
  take(
    org: string,
    recipient: string,
    cut: { window: number; now: number; windowMs: number; roles: readonly Role[] },
  ): Promise<DigestTaken>;
}
