import { hasRole, type Person } from '../domain/people.js';
import type { Grade } from '../domain/checks/finding.js';
import type { ReviewEffect } from '../domain/workflow/review-effects.js';
import { isStillWaiting, nextLevelUp } from '../domain/workflow/review-reminders.js';
import { waitingStage } from '../domain/workflow/review-state.js';
import { GRADE_NAMES } from '../messages/zh-cn.js';
import type { DraftWithVersion } from '../domain/draft-record.js';
import type { ReviewTimer } from '../domain/workflow/review-reminders.js';
import type { DraftStore } from './ports/drafts.js';
import type { ChannelStore, Delivery, DeliveryQueue, ReviewTimers } from './ports/notifications.js';

export interface NotificationDeps {
  drafts: Pick<DraftStore, 'get'>;
  /** Whether a person may decide the draft's waiting stage now (themselves, or standing in: 代). */
  mayDecide: (person: Person, found: DraftWithVersion) => Promise<unknown>;
  people: { listPeople(org: string): Promise<{ ok: true; value: Person[] } | { ok: false }> };
  channels: ChannelStore;
  deliveries: DeliveryQueue;
  timers: ReviewTimers;
  /** A review link for one person and draft (it carries the person: a link is never shared). */
  linkFor: (person: Person, found: DraftWithVersion) => string;
  /** Where the drafter sees their returned draft. */
  deskLinkFor: (person: Person, found: DraftWithVersion) => string;
  reminderDelays: Readonly<Record<Grade, number>>;
}

type Kind = 'awaiting' | 'remind' | 'escalate' | 'returned';

export type NotificationService = ReturnType<typeof createNotificationService>;

/**
 * Who hears of what: every person who may decide a waiting stage, on each of their channels, with a link of
 * their own; a reminder after the grade's delay; then the next level up and the administrators. Nobody and
 * nothing is ever approved automatically: timers only send messages.
 */
export function createNotificationService(deps: NotificationDeps) {
  async function peopleOf(org: string): Promise<Person[]> {
    const listed = await deps.people.listPeople(org);
    return listed.ok ? listed.value : [];
  }

  async function deliver(kind: Kind, found: DraftWithVersion, recipients: readonly Person[]): Promise<void> {
    const { record, version } = found;
    const stage = stageOf(found);
    const deliveries: Delivery[] = [];
    for (const person of recipients) {
      const url = kind === 'returned' ? deps.deskLinkFor(person, found) : deps.linkFor(person, found);
      const message = messageFor(kind, found, url);
      for (const address of await deps.channels.get(person.id)) {
        const key = [record.id, version.number, stage?.id ?? '-', kind, person.id, address.channel].join('.');
        deliveries.push({ key, person: person.id, address, message });
      }
    }
    await deps.deliveries.add(deliveries);
  }

  async function awaiting(found: DraftWithVersion, kind: 'awaiting' | 'remind'): Promise<void> {
    const { review } = found.record;
    const everyone = await peopleOf(review.org);
    const decides = await Promise.all(everyone.map((person) => deps.mayDecide(person, found)));
    await deliver(
      kind,
      found,
      everyone.filter((_, index) => decides[index] !== undefined),
    );
  }

  async function escalate(found: DraftWithVersion): Promise<void> {
    const role = stageOf(found)?.role;
    const above = role ? nextLevelUp(role) : undefined;
    const everyone = await peopleOf(found.record.review.org);
    const recipients = everyone.filter(
      (person) => hasRole(person, 'admin') || (above !== undefined && hasRole(person, above)),
    );
    await deliver('escalate', found, recipients);
  }

  async function schedule(found: DraftWithVersion, level: ReviewTimer['level']): Promise<void> {
    const { review } = found.record;
    const stage = stageOf(found);
    if (!stage) return;
    const timer = {
      org: review.org,
      draft: found.record.id,
      version: found.version.number,
      stage: stage.id,
      level,
    };
    await deps.timers.schedule(timer, deps.reminderDelays[review.grade]);
  }

  return {
    /** The review service's follow-up: a stage now waits, or a draft went back to its drafter. */
    async onReviewEffects(effects: readonly ReviewEffect[]): Promise<void> {
      for (const effect of effects) {
        if (effect.type !== 'notify' && effect.type !== 'return_to_drafter') continue;
        const found = await deps.drafts.get(effect.draft);
        if (!found) continue;
        if (effect.type === 'notify') {
          await awaiting(found, 'awaiting');
          await schedule(found, 'remind');
        } else {
          const drafter = (await peopleOf(effect.org)).find((person) => person.id === effect.drafter);
          if (drafter) await deliver('returned', found, [drafter]);
        }
      }
    },

    /** A timer went off: remind (and set the escalation), or escalate — only if the stage still waits. */
    async fire(timer: ReviewTimer): Promise<'sent' | 'moot'> {
      const found = await deps.drafts.get(timer.draft);
      if (!found || !isStillWaiting(found.record.review, timer.version, timer.stage)) return 'moot';
      if (timer.level === 'remind') {
        await awaiting(found, 'remind');
        await schedule(found, 'escalate');
      } else {
        await escalate(found);
      }
      return 'sent';
    },
  };
}

function stageOf(found: DraftWithVersion) {
  return waitingStage(found.record.review);
}

function messageFor(kind: Kind, found: DraftWithVersion, url: string) {
  const { record } = found;
  const stage = stageOf(found);
  const head = {
    awaiting: '待审签',
    remind: '提醒：仍待审签',
    escalate: '超时未审签',
    returned: '稿件被退回',
  }[kind];
  const returned = record.review.stages.find((s) => s.decision?.verdict === 'rejected')?.decision;
  const description =
    kind === 'returned'
      ? `退回人：${returned?.by.name ?? ''}；意见：${returned?.comment ?? ''}`
      : `${GRADE_NAMES[record.review.grade]}｜${stage?.label ?? ''}环节｜拟稿人 ${record.review.drafter.name}`;
  return { title: `${head}：${record.title}`, description, url };
}
