import { afterAll } from 'vitest';
import { stopQianfa } from './run-qianfa.js';

// setupFiles of the integration project: whatever qianfa process a test file started and left running (a failed
// assertion, a timeout, a test that never stops it) is stopped when the file ends, before the run's Redis is.
afterAll(() => stopQianfa());
