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
