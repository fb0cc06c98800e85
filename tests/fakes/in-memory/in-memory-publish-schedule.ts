import type { PublishSchedule } from '../../../src/services/ports/publishing.js';

/** PublishSchedule in memory: one due time per draft, earliest first. */
export class InMemoryPublishSchedule implements PublishSchedule {
  readonly #dueAt = new Map<string, number>();

  add(draft: string, at: string): Promise<void> {
    this.#dueAt.set(draft, Date.parse(at));
    return Promise.resolve();
  }

  due(now: string, limit: number): Promise<string[]> {
    const until = Date.parse(now);
    const due = [...this.#dueAt]
      .filter(([, at]) => at <= until)
      .sort(([a, x], [b, y]) => x - y || a.localeCompare(b))
      .map(([draft]) => draft);
    return Promise.resolve(due.slice(0, limit));
  }

  remove(draft: string): Promise<void> {
    this.#dueAt.delete(draft);
    return Promise.resolve();
  }
}
