import { defineConfig } from 'vitest/config'

// One runner for every package: unit tests sit beside the source (`*.test.ts`), integration
// tests that start processes sit in a package's `test/` folder. Slow suites (soak, fuzz, the
// fault scenarios of `npm run test:faults`, benches) live behind their own npm scripts; the
// fault harness's own unit tests (`faults/**/*.test.ts`, seconds) and the bench's pure parts
// (`bench/**/*.test.ts`: charts, percentiles, the results schema) run here.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'contracts/test/**/*.test.ts',
      'e2e/**/*.test.ts',
      'faults/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // As in the enclave process (executor's simulationProvider): JS programs' native recursion
    // must meet QuickJS's stack cap before V8's.
    execArgv: ['--stack-size=3800'],
  },
})
