/**
 * The D9 QuickSelect input: `n` integers in [0, 1000] from a fixed linear congruential sequence
 * (Numerical Recipes' constants), so every run (public on anvil, in the engine, confidential on
 * the devnet) loads the same values without a random source, and their gas compares.
 */
export function quickSelectValues(n: number, seed = 2025): number[] {
  const values: number[] = []
  let x = seed >>> 0
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0
    values.push(x % 1001)
  }
  return values
}
