import { defineConfig } from 'vitest/config'

// The engine's slow suites (throughput), kept out of the default run: timings depend on the machine.
export default defineConfig({
  test: { include: ['packages/engine/src/**/*.slow.test.ts'], testTimeout: 120_000, pool: 'forks' },
})
