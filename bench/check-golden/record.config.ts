import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The unit tests with record-setup.ts: `CHECK_GOLDEN_RECORD=FILE npx vitest run -c bench/check-golden/record.config.ts
 * tests/unit/…` appends every draft they check to FILE (see bench/check-golden/README in check-golden.ts).
 */
export default defineConfig({
  resolve: {
    alias: [{ find: /^qianfa$/, replacement: fileURLToPath(new URL('../../src/index.ts', import.meta.url)) }],
  },
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: [fileURLToPath(new URL('./record-setup.ts', import.meta.url))],
  },
});
