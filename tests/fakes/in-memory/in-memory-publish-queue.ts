import { publicationJobId, type PublishJob } from '../../../src/domain/publishing/publication.js';
import type { PublishQueue } from '../../../src/services/ports/publishing.js';
import { PermanentPublishError } from '../../../src/services/publish-service.js';
import { storedCopy } from './stored-copy.js';

/** What runs a job, as the publish worker does: `run` throws to retry, `giveUp` once retries are spent. */
export interface JobRunner {
  run(job: PublishJob): Promise<void>;
  giveUp(job: PublishJob, failure: { platformCode: string; explanation: string }): Promise<void>;
}

interface QueuedJob {
  job: PublishJob;
  /** Attempts already made (a retried job goes back in line with its count, as after a backoff). */
  attemptsMade: number;
}

/**
 * PublishQueue in memory, run by the test instead of a worker: `add` ignores a job already waiting or running
 * (the same job id), and `drain` runs the jobs in line with the worker's rules: a PermanentPublishError is never
 * retried; another failure sends the job to the back of the line (where a backoff would put it) until
 * `attempts` are spent, then it is given up. No timers.
 */
export class InMemoryPublishQueue implements PublishQueue {
  readonly #waiting = new Map<string, QueuedJob>();
  #running: string | undefined;
  /** Every run, in order, as `jobId#attempt`: what tests read to count work done. */
  readonly runs: string[] = [];

  constructor(private readonly attempts = 5) {}

  add(jobs: readonly PublishJob[]): Promise<void> {
    for (const job of jobs) {
      const id = jobIdOf(job);
      if (id !== this.#running && !this.#waiting.has(id)) {
        this.#waiting.set(id, { job: storedCopy(job), attemptsMade: 0 });
      }
    }
    return Promise.resolve();
  }

  /** Jobs waiting to run. */
  waiting(): PublishJob[] {
    return [...this.#waiting.values()].map((queued) => queued.job);
  }

  pending(): Promise<number> {
    return Promise.resolve(this.#waiting.size + (this.#running === undefined ? 0 : 1));
  }

  /** A crash that lost the waiting jobs (what `recover` exists for). */
  loseWaitingJobs(): void {
    this.#waiting.clear();
  }

  /** Runs jobs until none waits (jobs added and retried meanwhile included). */
  async drain(runner: JobRunner): Promise<void> {
    for (let next = this.#takeNext(); next; next = this.#takeNext()) {
      await this.#run(runner, next);
      this.#running = undefined;
    }
  }

  #takeNext(): QueuedJob | undefined {
    const [first] = this.#waiting.entries();
    if (!first) return undefined;
    this.#waiting.delete(first[0]);
    this.#running = first[0];
    return first[1];
  }

  async #run(runner: JobRunner, queued: QueuedJob): Promise<void> {
    const attempt = queued.attemptsMade + 1;
    this.runs.push(`${jobIdOf(queued.job)}#${attempt}`);
    try {
      await runner.run(queued.job);
    } catch (error) {
      if (error instanceof PermanentPublishError) return;
      if (attempt < this.attempts) {
        this.#waiting.set(jobIdOf(queued.job), { job: queued.job, attemptsMade: attempt });
        return;
      }
      const explanation = error instanceof Error ? error.message : String(error);
      await runner.giveUp(queued.job, { platformCode: 'retries_exhausted', explanation });
    }
  }
}

function jobIdOf(job: PublishJob): string {
  return publicationJobId(job);
}
