import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `import … from 'qianfa'` in tests means the sources, not a (possibly stale or missing) dist/ build.
// Inline projects do not inherit the root config, so each one gets it.
const resolve = {
  alias: [{ find: /^qianfa$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }],
};

export default defineConfig({
  test: {
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
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
