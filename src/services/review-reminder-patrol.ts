import type { Grade } from '../domain/checks/finding.js';
import type { Clock } from '../domain/clock.js';
import type { ReviewTimer } from '../domain/workflow/review-reminders.js';
import { waitingStage } from '../domain/workflow/review-state.js';
import { forEachLimited } from './for-each-limited.js';
import type { NotificationService } from './notification-service.js';
import type { DraftStore } from './ports/drafts.js';
import type { DueWait, ReminderMark, ReminderMarks, StoredMark } from './ports/notifications.js';
import type { PeopleStore } from './ports/people.js';

/**
 * Due drafts looked at at once: their round trips overlap (one connection pipelines them, and Redis syncs their
 * writes to disk together), so a run with much due at once (the first after an upgrade) takes seconds, not minutes.
 */
const DUE_LANES = 16;

/**
 * Waits taken in per awaiting set and due drafts read per step: the first run after an upgrade takes in every wait
 * of an organisation, in steps short enough not to hold Redis up (100k at once took some 4 s).
 */
const DUE_PAGE = 1000;

/** What one patrol sent. */
export interface PatrolSent {
  reminded: number;
  escalated: number;
}

/**
 * Review reminders without a timer per draft: a draft's reminder is due its grade's delay after it started waiting
 * (its awaiting index entry's score), its escalation as long again after the reminder. A patrol run every so often
 * sends what has come due, so a reminder is as late as the patrol's interval at most. A run reads only what is due
 * or has newly waited the smallest delay (a cursor over the awaiting index), not every draft that waits.
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
  // Drafts waiting for less than this have nothing due: not taken in yet. An escalated draft's mark is kept as
  // long again, so a patrol that read the draft as due before another escalated it still finds it.
  const smallest = Math.min(...Object.values(deps.reminderDelays));

  /**
   * Page by page until nothing more is due: a draft looked at leaves what is due now (due later, or forgotten)
   * unless another patrol claimed it meanwhile, so one met again in this run is left to the next.
   */
  async function patrol(org: string, now: number, sent: PatrolSent): Promise<void> {
    const met = new Set<string>();
    for (;;) {
      const page = await deps.marks.due(org, now - smallest, now, DUE_PAGE);
      const due = page.filter(({ draft }) => !met.has(draft));
      if (due.length === 0) return;
      for (const { draft } of due) met.add(draft);
      await forEachLimited(due, DUE_LANES, async (wait) => {
        const level = await lookAt(org, wait, now);
        if (level === 'remind') sent.reminded += 1;
        if (level === 'escalate') sent.escalated += 1;
      });
    }
  }

  /** A due draft: forgotten when its wait is over or was escalated a while ago, else what is due is sent. */
  async function lookAt(
    org: string,
    { draft, seen, since }: DueWait,
    now: number,
  ): Promise<ReviewTimer['level'] | undefined> {
    const mark = seen?.mark.since === since ? seen?.mark : undefined;
    if (since === undefined) return forget(org, draft, seen); // decided, withdrawn, or never waiting
    // Not due yet: a mark taken in again (the first run after an upgrade) goes back to its time.
    if (mark?.next !== undefined && now < mark.next) return keep(org, draft, seen!);
    if (mark?.level === 'escalate') return forget(org, draft, seen);
    return sendDue(org, draft, since, now, seen);
  }

  async function forget(org: string, draft: string, seen: StoredMark | undefined): Promise<undefined> {
    await deps.marks.replace(org, draft, seen?.stored, undefined);
    return undefined;
  }

  async function keep(org: string, draft: string, seen: StoredMark): Promise<undefined> {
    await deps.marks.replace(org, draft, seen.stored, seen.mark);
    return undefined;
  }

  /**
   * Reads the draft and sends the level now due of its wait, claimed first by replacing its mark (a patrol that
   * lost the race sends nothing). The level sent, if any. `seen`: the draft's mark, maybe of an earlier wait.
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
    // The index may hold a draft too many, never one too few: nothing to send, nothing to look at again.
    if (!review || !stage) return forget(org, draft, seen);
    const delay = deps.reminderDelays[review.grade];
    const wait = { version: review.version.number, stage: stage.id };
    const before =
      seen?.mark.since === since && seen.mark.version === wait.version && seen.mark.stage === wait.stage;
    const level =
      before && seen.mark.level === 'remind' ? 'escalate' : since + delay <= now ? 'remind' : undefined;
    const next = { seen: since + delay, remind: now + delay, escalate: now + smallest }[level ?? 'seen'];
    const mark: ReminderMark = { since, ...wait, level: level ?? 'seen', next };
    const claimed = await deps.marks.replace(org, draft, seen?.stored, mark);
    if (claimed === false || level === undefined) return undefined;
    try {
      return (await deps.notifier.fire({ org, draft, ...wait, level })) === 'sent' ? level : undefined;
    } catch (error) {
      // Given back, due again at once: the next patrol tries again, and deliveries already made are not repeated
      // (delivery marks).
      const given = before ? seen.mark : { since, ...wait, level: 'seen' as const };
      await deps.marks.replace(org, draft, claimed, { ...given, next: now });
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
