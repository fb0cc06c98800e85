import type { Grade } from '../domain/checks/finding.js';
import type { Clock } from '../domain/clock.js';
import type { ReviewTimer } from '../domain/workflow/review-reminders.js';
import { waitingStage } from '../domain/workflow/review-state.js';
import type { NotificationService } from './notification-service.js';
import type { DraftStore } from './ports/drafts.js';
import type { ReminderMark, ReminderMarks, StoredMark } from './ports/notifications.js';
import type { PeopleStore } from './ports/people.js';

/** What one patrol sent. */
export interface PatrolSent {
  reminded: number;
  escalated: number;
}

/**
 * Review reminders without a timer per draft: a draft's reminder is due its grade's delay after it started waiting
 * (its awaiting index entry's score), its escalation as long again after the reminder. A patrol run every so often
 * sends what has come due, so a reminder is as late as the patrol's interval at most.
 */
export interface ReviewReminderPatrol {
  /** One patrol of every organisation. Run twice, or in two processes at once, it sends each level once. */
  run(): Promise<PatrolSent>;
}

export interface ReminderPatrolDeps {
  orgs: Pick<PeopleStore, 'listOrgs'>;
  marks: ReminderMarks;
  drafts: Pick<DraftStore, 'get'>;
  notifier: Pick<NotificationService, 'fire'>;
  reminderDelays: Readonly<Record<Grade, number>>;
  now: Clock;
}

export function createReviewReminderPatrol(deps: ReminderPatrolDeps): ReviewReminderPatrol {
  // Drafts waiting for less than this have nothing due: neither read nor marked.
  const smallest = Math.min(...Object.values(deps.reminderDelays));

  async function patrol(org: string, now: number, sent: PatrolSent): Promise<void> {
    const waiting = await deps.marks.waitingSince(org, now - smallest);
    const marks = await deps.marks.marks(org);
    for (const [draft, { mark, stored }] of marks)
      // The wait it marks is over: decided, withdrawn, or waiting again at another stage or version.
      if (waiting.get(draft) !== mark.since) await deps.marks.replace(org, draft, stored, undefined);
    for (const [draft, since] of waiting) {
      const seen = marks.get(draft);
      const mark = seen?.mark.since === since ? seen.mark : undefined;
      if (mark && (mark.level === 'escalate' || now < (mark.next ?? 0))) continue; // nothing due: not read
      const level = await sendDue(org, draft, since, now, mark && seen);
      if (level === 'remind') sent.reminded += 1;
      if (level === 'escalate') sent.escalated += 1;
    }
  }

  /**
   * Reads the draft and sends the level now due of its wait, claimed first by replacing its mark (a patrol that
   * lost the race sends nothing). The level sent, if any.
   */
  async function sendDue(
    org: string,
    draft: string,
    since: number,
    now: number,
    seen: StoredMark | undefined,
  ): Promise<ReviewTimer['level'] | undefined> {
    const review = (await deps.drafts.get(draft))?.record.review;
    const stage = review?.status === 'in_review' ? waitingStage(review) : undefined;
    if (!review || !stage) return undefined; // the index may hold a draft too many, never one too few
    const delay = deps.reminderDelays[review.grade];
    const wait = { version: review.version.number, stage: stage.id };
    const before = seen && seen.mark.version === wait.version && seen.mark.stage === wait.stage;
    const level =
      before && seen.mark.level === 'remind' ? 'escalate' : since + delay <= now ? 'remind' : undefined;
    const mark: ReminderMark =
      level === undefined
        ? { since, ...wait, level: 'seen', next: since + delay }
        : { since, ...wait, level, ...(level === 'remind' ? { next: now + delay } : {}) };
    const claimed = await deps.marks.replace(org, draft, seen?.stored, mark);
    if (claimed === false || level === undefined) return undefined;
    try {
      return (await deps.notifier.fire({ org, draft, ...wait, level })) === 'sent' ? level : undefined;
    } catch (error) {
      // Given back: the next patrol tries again, and deliveries already made are not repeated (delivery marks).
      await deps.marks.replace(org, draft, claimed, seen?.mark);
      throw error;
    }
  }

  return {
    async run() {
      const now = deps.now().getTime();
      const sent = { reminded: 0, escalated: 0 };
      for (const org of await deps.orgs.listOrgs()) await patrol(org, now, sent);
      return sent;
    },
  };
}
