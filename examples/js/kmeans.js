export const abi = [
  {
    type: 'function',
    name: 'kmeans',
    stateMutability: 'pure',
    inputs: [
      { name: 'seed', type: 'uint32' },
      { name: 'points', type: 'uint32' },
      { name: 'dims', type: 'uint32' },
      { name: 'k', type: 'uint32' },
      { name: 'iterations', type: 'uint32' },
    ],
    outputs: [
      { name: 'centroids', type: 'int256[]' },
      { name: 'sizes', type: 'uint256[]' },
    ],
  },
]

// mulberry32: a 32-bit generator with only integer ops, so every engine draws the same numbers.
function generator(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function kmeans(seed, points, dims, k, iterations) {
  const next = generator(seed)
  const data = new Float64Array(points * dims)
  for (let i = 0; i < data.length; i++) data[i] = next() * 1000
  const centroids = new Float64Array(k * dims)
  for (let c = 0; c < k; c++) for (let d = 0; d < dims; d++) centroids[c * dims + d] = data[c * dims + d]
  const assign = new Int32Array(points)
  const sums = new Float64Array(k * dims)
  const sizes = new Int32Array(k)
  for (let it = 0; it < iterations; it++) {
    for (let p = 0; p < points; p++) {
      let best = 0
      let bestDist = Infinity
      for (let c = 0; c < k; c++) {
        let dist = 0
        for (let d = 0; d < dims; d++) {
          const diff = data[p * dims + d] - centroids[c * dims + d]
          dist += diff * diff
        }
        if (dist < bestDist) {
          bestDist = dist
          best = c
        }
      }
      assign[p] = best
    }
    sums.fill(0)
    sizes.fill(0)
    for (let p = 0; p < points; p++) {
      const c = assign[p]
      sizes[c]++
      for (let d = 0; d < dims; d++) sums[c * dims + d] += data[p * dims + d]
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue
      for (let d = 0; d < dims; d++) centroids[c * dims + d] = sums[c * dims + d] / sizes[c]
    }
  }
  const scaled = []
  for (let i = 0; i < centroids.length; i++) scaled.push(BigInt(Math.round(centroids[i] * 1e6)))
  return [scaled, Array.from(sizes, (s) => BigInt(s))]
}
