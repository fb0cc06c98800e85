/** Builds every service on its adapters: the one place that knows both. */
export * from './composition/standalone.js';
export * from './composition/services.js';
