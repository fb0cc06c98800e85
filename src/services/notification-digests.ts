import type { DraftRecord } from '../domain/draft-record.js';
import type { ChannelAddress, Notification } from '../domain/notification.js';
import { DECIDING_ROLES, type Person } from '../domain/people.js';
import { awaitingEntryOf } from '../domain/workflow/awaiting-index.js';
import { waitingStage } from '../domain/workflow/review-state.js';
import { digestNotificationOf } from '../messages/notifications.js';
import type { NotificationDeps } from './notification-service.js';
import type { DigestDue, Outgoing } from './ports/notifications.js';
import { decidableBy, rolesToDecide } from './review/review-reading.js';

/** Each person's channel addresses. */
export type ChannelsOf = ReadonlyMap<string, readonly ChannelAddress[]>;

/** Awaiting messages held for digests, and the digests that send them. */
export interface NotificationDigests {
  /**
   * The awaiting message goes to each recipient's channel whose digest window is closed (it opens one); on the
   * others it is held for the window's digest, whose job the window's first held item sets.
   */
  awaiting: (committed: DraftRecord, recipients: readonly Person[]) => Promise<void>;
  /** A window ended: one message of the drafts that wait for the person since it opened (none: nothing sent). */
  send: (due: DigestDue) => Promise<'sent' | 'moot'>;
  /** A queued digest (a retry) put together again now: of those of its drafts that still wait for the person. */
  outgoing: (
    person: Person,
    address: ChannelAddress,
    drafts: readonly string[],
  ) => Promise<Outgoing | undefined>;
}

/** `sendNow`: the awaiting message of the draft to these recipients on these of their channels, at once. */
export function createNotificationDigests(
  deps: NotificationDeps,
  sendNow: (committed: DraftRecord, recipients: readonly Person[], channels: ChannelsOf) => Promise<void>,
): NotificationDigests {
  const leadersOf = async (person: Person) => (await deps.leadersByStandIn(person.org)).get(person.id) ?? [];

  /** Decided for all recipients and channels in one step; a held item writes nothing. */
  async function awaiting(committed: DraftRecord, recipients: readonly Person[]): Promise<void> {
    const { org, version } = committed.review;
    const channels = await deps.channels.getMany(recipients.map((person) => person.id));
    const offered = recipients.flatMap((person) =>
      (channels.get(person.id) ?? []).map((address) => ({ person, address })),
    );
    const waiting = `${version.number}.${waitingStage(committed.review)?.id ?? '-'}`;
    const since = waitingSince(committed);
    const offers = offered.map(({ person, address }) => ({
      recipient: recipientOf(person.id, address.channel),
      draft: committed.id,
      waiting,
      since,
    }));
    const decisions = await deps.digests.offer(org, deps.now().getTime(), deps.digestWindowMs, offers);
    const now = new Map<string, ChannelAddress[]>();
    const due: { due: DigestDue; delayMs: number }[] = [];
    for (const [index, { person, address }] of offered.entries()) {
      const decision = decisions[index]!;
      if (decision.send) now.set(person.id, [...(now.get(person.id) ?? []), address]);
      else if (decision.schedule) {
        const { window, delayMs } = decision.schedule;
        due.push({ due: { org, person: person.id, channel: address.channel, window }, delayMs });
      }
    }
    // The digest jobs first: a send that fails does not keep the held items from their digest.
    await deps.timers.digests(due);
    const windows = due.map(({ due: digest }) => ({
      recipient: recipientOf(digest.person, digest.channel),
      window: digest.window,
    }));
    await deps.digests.scheduled(org, windows);
    if (now.size > 0) await sendNow(committed, recipients, now);
  }

  async function send(due: DigestDue): Promise<'sent' | 'moot'> {
    const { org, channel, window } = due;
    const person = await deps.people.getPerson(due.person);
    if (!person) return 'moot';
    const leaders = await leadersOf(person);
    const roles = DECIDING_ROLES.filter((role) => rolesToDecide(person, leaders).includes(role));
    const cut = { window, now: deps.now().getTime(), windowMs: deps.digestWindowMs, roles };
    const taken = await deps.digests.take(org, recipientOf(person.id, channel), cut);
    // The next window's job before the digest: a digest that fails to send leaves nothing held without a job.
    if (taken.next !== undefined) {
      const delayMs = Math.max(0, taken.next.until - cut.now);
      await deps.timers.digests([{ due: { ...due, window: taken.next.window }, delayMs }]);
    }
    const address = (await deps.channels.get(person.id)).find((a) => a.channel === channel);
    const digest = address && (await digestOf(person, leaders, channel, taken.drafts));
    if (!digest) return 'moot';
    const key = ['digest', person.id, channel, window].join('.');
    const { drafts, unlinked, linked } = digest;
    const delivery = { key, person: person.id, channel, draft: drafts[0]!, link: 'digest' as const, drafts };
    const ready = { delivery: { ...delivery, message: unlinked }, outgoing: { address, message: linked } };
    await deps.deliveries.dispatch(org, [ready]);
    return 'sent';
  }

  /**
   * The digest of these drafts for the person on the channel, of those that still wait for them (oldest first),
   * as it waits to be sent and with its links. Several links where the channel carries them (the webhook's
   * items); else the first draft's, or the desk (待我处理) on the WeChat template message, which opens one page.
   * A major draft is left out: it was never held, its message went out at once.
   */
  async function digestOf(
    person: Person,
    leaders: readonly Person[],
    channel: ChannelAddress['channel'],
    drafts: readonly string[],
  ) {
    const records = decidableBy(await deps.drafts.records(drafts), person, leaders)
      .filter((record) => record.review.grade !== 'major')
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    const first = records[0];
    if (!first) return undefined;
    const { org } = first.review;
    const orgName = await deps.orgName?.(org);
    const unlinked = {
      ...digestNotificationOf(records),
      event: 'review_awaiting' as const,
      org,
      ...(orgName === undefined ? {} : { orgName }),
    };
    let linked: Notification;
    if (channel === 'webhook') {
      const items = records.map((record) => {
        const { id: draft, title, review } = record;
        return { draft, title, grade: review.grade, url: deps.linkFor(person, record) };
      });
      linked = { ...unlinked, items, url: items[0]!.url };
    } else {
      const url =
        channel === 'wechat_template' ? deps.deskLinkFor(person, first) : deps.linkFor(person, first);
      linked = { ...unlinked, url };
    }
    return { drafts: records.map((record) => record.id), unlinked, linked };
  }

  return {
    awaiting,
    send,
    async outgoing(person, address, drafts) {
      const digest = await digestOf(person, await leadersOf(person), address.channel, drafts);
      return digest && { address, message: digest.linked };
    },
  };
}

/** A person on one channel, as digest windows are named. */
const recipientOf = (person: string, channel: ChannelAddress['channel']) => `${person}.${channel}`;

/**
 * Since when the committed draft's waiting stage waits (ms), as its awaiting index entry is scored: the commit
 * that made it wait is the one fanned out, so its time stands for the version's submission.
 */
function waitingSince(committed: DraftRecord): number {
  const since = awaitingEntryOf(committed, committed.updatedAt).waiting?.since;
  return Date.parse(since ?? committed.updatedAt);
}
