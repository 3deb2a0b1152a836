/**
 * Test helper: the D9 QuickSelect input, `n` integers in [0, 1000] from a fixed linear
 * congruential sequence (Numerical Recipes' constants). The same definition as
 * contracts/test/workloads/workloadValues.ts, so the engine loads the values the public run
 * loaded and the gas of `select` can be compared.
 */
export function workloadValues(n: number, seed = 2025): number[] {
  const values: number[] = []
  let x = seed >>> 0
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0
    values.push(x % 1001)
  }
  return values
}
