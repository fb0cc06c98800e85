import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `import … from 'qianfa'` in tests means the sources, not a (possibly stale or missing) dist/ build.
// Inline projects do not inherit the root config, so each one gets it.
const resolve = {
  alias: [{ find: /^qianfa$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }],
};

export default defineConfig({
  test: {
    // Two files at a time: the integration files mostly wait (processes starting, Redis, Chromium), so on the small
    // 2-core CI machine two overlap well (one at a time: 981 s; two: 664 s, same commit).
    maxWorkers: 2,
    projects: [
      {
        resolve,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/helpers/redis-server.ts', 'tests/helpers/qianfa-build.ts'],
          // Every test file stops the qianfa processes it left running when it ends.
          setupFiles: ['tests/helpers/stop-qianfa.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
