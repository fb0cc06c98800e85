import type { Clock, Sleep } from '../../src/domain/clock.js';

/**
 * A clock that moves only when the test says so; its `sleep` advances it instead of waiting, so code that
 * pauses (a publisher between polls) runs at once and still sees the time it waited for pass.
 */
export class TestClock {
  #now: number;

  constructor(start = '2026-11-02T01:00:00.000Z') {
    this.#now = Date.parse(start);
  }

  readonly now: Clock = () => new Date(this.#now);

  readonly sleep: Sleep = (ms) => {
    this.advance(ms);
    return Promise.resolve();
  };

  advance(ms: number): void {
    this.#now += ms;
  }
}

/**
 * Days for an app and the platform fakes together: `now` (ms) for the fakes, `moveTo(day)` moves both to 10:00
 * Beijing time that day, far from midnight, so a run's own milliseconds never change the day.
 */
export class DayClock {
  #offsetMs = 0;
  #app: { advanceClock(ms: number): void } | undefined;

  readonly now = (): number => Date.now() + this.#offsetMs;

  /** The app whose clock moves with this one (once it is started). */
  follow(app: { advanceClock(ms: number): void }): void {
    this.#app = app;
  }

  moveTo(day: string): void {
    const shift = Date.parse(`${day}T02:00:00Z`) - this.now();
    this.#offsetMs += shift;
    this.#app?.advanceClock(shift);
  }
}
