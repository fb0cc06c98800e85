/**
 * What every service, adapter and transport reads the time from: injected, so tests and fakes can set it.
 * The domain itself never reads it: it takes times as arguments.
 */
export type Clock = () => Date;

/** The real clock, for production wiring. */
export const systemClock: Clock = () => new Date();
