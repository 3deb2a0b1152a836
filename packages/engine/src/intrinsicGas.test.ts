import { describe, expect, it } from 'vitest'
import { intrinsicGas, minimumGasLimit, settleGas } from './intrinsicGas.js'

describe('intrinsicGas', () => {
  it('charges 21000 + 4 per zero byte + 16 per non-zero byte for a call', () => {
    // 2 zero bytes, 3 non-zero: 21000 + 8 + 48; floor 21000 + 10 · (2 + 12)
    expect(intrinsicGas(new Uint8Array([0, 1, 0, 2, 3]), false)).toEqual({
      standard: 21_056n,
      floor: 21_140n,
    })
  })

  it('behavior: a creation adds 32000 and 2 per initcode word (EIP-3860)', () => {
    const code = new Uint8Array(33).fill(1) // 2 words, 33 non-zero bytes
    expect(intrinsicGas(code, true).standard).toBe(21_000n + 33n * 16n + 32_000n + 4n)
  })

  it('behavior: settleGas caps the refund at a fifth and applies the EIP-7623 floor', () => {
    expect(settleGas({ standard: 21_000n, floor: 21_000n }, 5_006n, 4_800n)).toBe(21_206n)
    expect(settleGas({ standard: 21_000n, floor: 0n }, 1_000n, 100_000n)).toBe(21_000n + 1_000n - 4_400n)
    expect(settleGas({ standard: 22_600n, floor: 25_000n }, 0n, 0n)).toBe(25_000n)
    expect(minimumGasLimit({ standard: 22_600n, floor: 25_000n })).toBe(25_000n)
  })
})
