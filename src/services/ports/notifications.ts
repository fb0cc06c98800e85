import type { ChannelAddress, Notification } from '../../domain/notification.js';
import type { ReviewTimer } from '../../domain/workflow/review-reminders.js';

/** People's channel settings. */
export interface ChannelStore {
  get(personId: string): Promise<ChannelAddress[]>;
  /** The channels of each person, read in one round trip; people without channels are absent. */
  getMany(personIds: readonly string[]): Promise<Map<string, ChannelAddress[]>>;
  set(personId: string, addresses: readonly ChannelAddress[]): Promise<void>;
}

/** Which link a message carries: the review page of a draft, the drafter's desk, or the admin 告警 page. */
export type LinkKind = 'review' | 'desk' | 'alerts';

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
  message: Omit<Notification, 'url'>;
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

/** Delayed review timers. `schedule` is idempotent per (draft, version, stage, level). */
export interface ReviewTimers {
  schedule(timer: ReviewTimer, delayMs: number): Promise<void>;
  /**
   * The timers set and not yet due, with the delay each was set for and when it is due (ms since the epoch): what
   * an operator or a test inspects, and what a move onto a Cluster schedules again.
   */
  pending(): Promise<{ timer: ReviewTimer; delayMs: number; dueAt: number }[]>;
}
