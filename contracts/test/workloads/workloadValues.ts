/**
 * Test helper: the D9 QuickSelect input, `n` integers in [0, 1000] from a fixed linear
 * congruential sequence (Numerical Recipes' constants), so the public and the confidential
 * runs load the same values without a random source.
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
