import { setTimeout as delay } from 'node:timers/promises';
import type { Sleep } from '../domain/clock.js';

/** The real pause, on Node's timers, for production wiring. */
export const systemSleep: Sleep = async (ms) => {
  await delay(ms);
};
