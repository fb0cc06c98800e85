import type { LogFields, Logger } from '../../src/services/ports/logger.js';

export interface LogEntry {
  level: 'error' | 'warn' | 'info';
  message: string;
  fields: LogFields;
}

/** A Logger that keeps what it is told, for tests to assert on. */
export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (message: string, fields: LogFields = {}): void => {
      entries.push({ level, message, fields });
    };
  return { entries, error: at('error'), warn: at('warn'), info: at('info') };
}
