import { describe, expect, it } from 'vitest'
import { parseBenchFlags } from './benchFlags.js'

describe('parseBenchFlags', () => {
  it('defaults to a full run of everything into the default directory', () => {
    expect(parseBenchFlags([], 'bench/results')).toEqual({ quick: false, only: null, out: 'bench/results' })
  })

  it('behavior: --quick, --only and --out are read', () => {
    expect(parseBenchFlags(['--quick', '--only', 'erc20', '--out', '/tmp/b'], 'x')).toEqual({
      quick: true,
      only: 'erc20',
      out: '/tmp/b',
    })
    expect(parseBenchFlags(['--only', 'engine'], 'x').only).toBe('engine')
  })

  it('error: an unknown workload or flag is refused', () => {
    expect(() => parseBenchFlags(['--only', 'nope'], 'x')).toThrow(/--only must be one of erc20, dex/)
    expect(() => parseBenchFlags(['--fast'], 'x')).toThrow(TypeError)
  })
})
