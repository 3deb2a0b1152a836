import { describe, expect, it } from 'vitest'
import { type CpuProfile, formatCpuProfileSummary, summariseCpuProfile } from './summariseCpuProfile.js'

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber })

/** 10 ms, 10 samples: keccakP 5, GC 3, two functions of one file 1 each. */
const profile: CpuProfile = {
  startTime: 0,
  endTime: 10_000,
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4] },
    { id: 2, callFrame: frame('keccakP', 'file:///x/node_modules/@noble/hashes/esm/sha3.js', 48) },
    { id: 3, callFrame: frame('(garbage collector)', '') },
    { id: 4, callFrame: frame('a', 'file:///x/node_modules/viem/_esm/a.js', 0), children: [5] },
    { id: 5, callFrame: frame('b', 'file:///x/node_modules/viem/_esm/a.js', 9) },
  ],
  samples: [2, 2, 3, 2, 4, 3, 2, 5, 3, 2],
}

describe('summariseCpuProfile', () => {
  it('ranks functions and files by self time, with % of samples and ms', () => {
    const summary = summariseCpuProfile(profile)
    expect(summary.totalMs).toBe(10)
    expect(summary.samples).toBe(10)
    expect(summary.byFunction).toEqual([
      { name: 'keccakP @noble/hashes/esm/sha3.js:49', ms: 5, percent: 50 },
      { name: '(garbage collector)', ms: 3, percent: 30 },
      { name: 'a viem/_esm/a.js:1', ms: 1, percent: 10 },
      { name: 'b viem/_esm/a.js:10', ms: 1, percent: 10 },
    ])
    expect(summary.byFile).toEqual([
      { name: '@noble/hashes/esm/sha3.js', ms: 5, percent: 50 },
      { name: '(garbage collector)', ms: 3, percent: 30 },
      { name: 'viem/_esm/a.js', ms: 2, percent: 20 },
    ])
  })

  it('behavior: assigns each sample to the first stage matching a frame on its stack', () => {
    const { byStage } = summariseCpuProfile(profile, 25, [
      { name: 'viem', frames: /viem\// },
      { name: 'b only', frames: /^b / },
      { name: 'hashing', frames: /keccak/ },
    ])
    expect(byStage).toEqual([
      { name: 'viem', ms: 2, percent: 20 },
      { name: 'b only', ms: 0, percent: 0 },
      { name: 'hashing', ms: 5, percent: 50 },
      { name: 'other', ms: 3, percent: 30 },
    ])
    expect(
      formatCpuProfileSummary(summariseCpuProfile(profile, 25, [{ name: 'viem', frames: /viem/ }])),
    ).toContain('time by stage:')
  })

  it('behavior: keeps the top N rows and formats both tables', () => {
    const summary = summariseCpuProfile(profile, 1)
    expect(summary.byFunction).toHaveLength(1)
    const text = formatCpuProfileSummary(summary)
    expect(text).toContain(' 50.0%       5 ms  keccakP @noble/hashes/esm/sha3.js:49')
    expect(text).toContain('self time by file:')
  })

  it('behavior: falls back to hitCount when the profile has no samples', () => {
    const nodes = profile.nodes.map((n) => ({ ...n, hitCount: n.id === 3 ? 4 : 0 }))
    const summary = summariseCpuProfile({ startTime: 0, endTime: 8_000, nodes })
    expect(summary.byFunction).toEqual([{ name: '(garbage collector)', ms: 8, percent: 100 }])
  })

  it('error: refuses a top that is not a positive integer', () => {
    expect(() => summariseCpuProfile(profile, 0)).toThrow(RangeError)
  })
})
