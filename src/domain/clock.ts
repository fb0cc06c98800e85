/**
 * What every service, adapter and transport reads the time from: injected, so tests and fakes can set it.
 * The domain itself never reads it: it takes times as arguments.
 */
export type Clock = () => Date;

/** The real clock, for production wiring. */
export const systemClock: Clock = () => new Date();

/**
 * Waits `ms` before resolving: how adapters pause between polls. Injected next to the clock, so a test can make
 * the pause move its own clock instead of letting real time pass.
 */
export type Sleep = (ms: number) => Promise<void>;
