/**
 * Per-request gas (D5: each request is its own osaka transaction). The figures are derived by
 * hand from the yellow paper and the EIPs named, for tiny hand-assembled programs whose every
 * opcode is counted; the Solidity token checks the relations that hold whatever the compiler
 * emits. The enclave's integration test compares with anvil receipts.
 */
import { resultStatus } from '@racetee/protocol'
import { encodeFunctionData, type Hex, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { EvmEngine } from './EvmEngine.js'
import { initCodeOf } from './test/compileSolidity.js'
import { testContracts } from './test/contracts.js'
import { MemoryLoader } from './test/MemoryLoader.js'
import { ALICE, BOB, callRequest, deployRequest, hexBytes, testConfig } from './test/requests.js'

const P: Hex = '0x2000000000000000000000000000000000000002'
// PUSH1 0 SLOAD POP STOP: 3 + 2100 (cold SLOAD, EIP-2929) + 2 = 2105
const SLOAD0 = hexBytes('0x6000545000')
// PUSH1 1 PUSH1 0 SSTORE STOP
const SSTORE1 = hexBytes('0x600160005500')
// PUSH1 0 PUSH1 0 SSTORE STOP
const SSTORE0 = hexBytes('0x600060005500')

async function engineWith(code: Uint8Array, storage = new Map<bigint, Uint8Array>()) {
  const loader = new MemoryLoader().register(P, { code, storage })
  return EvmEngine.create(testConfig, loader)
}

function word(v: number): Uint8Array {
  const w = new Uint8Array(32)
  w[31] = v
  return w
}

describe('EvmEngine gas', () => {
  it('charges intrinsic + execution for a call: 21000 + 2105 for one cold SLOAD', async () => {
    const engine = await engineWith(SLOAD0)
    const outcome = await engine.execute(callRequest(P, new Uint8Array(0)))
    expect(outcome).toMatchObject({ status: resultStatus.success, gasUsed: 23_105n })
  })

  it('behavior: warm slots do not carry over between requests (same call twice, same gas)', async () => {
    const engine = await engineWith(SLOAD0)
    const first = await engine.execute(callRequest(P, new Uint8Array(0), 1))
    const second = await engine.execute(callRequest(P, new Uint8Array(0), 2))
    expect(second.gasUsed).toBe(first.gasUsed)
  })

  it('behavior: SSTORE 0→1 costs 2100 + 20000, then 1→1 costs 2100 + 100 in the next request', async () => {
    const engine = await engineWith(SSTORE1)
    expect((await engine.execute(callRequest(P, new Uint8Array(0), 1))).gasUsed).toBe(21_000n + 6n + 22_100n)
    // original value is reset per request: the slot is now 1 at request start (EIP-2200 no-op)
    expect((await engine.execute(callRequest(P, new Uint8Array(0), 2))).gasUsed).toBe(21_000n + 6n + 2_200n)
  })

  it('behavior: SSTORE 1→0 refunds 4800, capped at a fifth of gas used (EIP-3529)', async () => {
    const engine = await engineWith(SSTORE0, new Map([[0n, word(1)]]))
    // used 21000 + 6 + (2100 + 2900) = 26006; refund min(4800, 5201) = 4800
    expect((await engine.execute(callRequest(P, new Uint8Array(0)))).gasUsed).toBe(21_206n)
  })

  it('behavior: calldata pays at least the EIP-7623 floor', async () => {
    const engine = await engineWith(hexBytes('0x00'))
    // 100 non-zero bytes: standard 21000 + 1600, floor 21000 + 10 · 400
    const outcome = await engine.execute(callRequest(P, new Uint8Array(100).fill(0xff)))
    expect(outcome.gasUsed).toBe(25_000n)
  })

  it('behavior: a deploy pays 21000 + 32000 + calldata + initcode words + execution + code deposit', async () => {
    const engine = await EvmEngine.create(testConfig, new MemoryLoader().register(P, null))
    // PUSH1 1 PUSH1 0 RETURN: 3 + 3 + 3 (one memory word) = 9, deposit 200 · 1 byte
    // calldata 60 01 60 00 f3: 4 non-zero (64) + 1 zero (4); 1 initcode word (2)
    const outcome = await engine.execute(deployRequest(P, hexBytes('0x60016000f3')))
    expect(outcome).toMatchObject({
      status: resultStatus.success,
      gasUsed: 21_000n + 32_000n + 68n + 2n + 9n + 200n,
    })
  })

  it('behavior: token transfer to a new holder costs exactly 17100 more than to an existing one', async () => {
    const token = '0x3000000000000000000000000000000000000003'
    const abi = parseAbi([
      'constructor(address,uint256)',
      'function transfer(address,uint256) returns (bool)',
    ])
    const engine = await EvmEngine.create(testConfig, new MemoryLoader().register(token, null))
    const initCode = new Uint8Array([
      ...initCodeOf(testContracts(), 'Token'),
      ...hexBytes(`0x${ALICE.slice(2).padStart(64, '0')}${1000n.toString(16).padStart(64, '0')}`),
    ])
    expect((await engine.execute(deployRequest(token, initCode))).status).toBe(resultStatus.success)
    const transfer = hexBytes(encodeFunctionData({ abi, functionName: 'transfer', args: [BOB, 10n] }))
    const toNew = await engine.execute(callRequest(token, transfer, 2))
    const toExisting = await engine.execute(callRequest(token, transfer, 3))
    const again = await engine.execute(callRequest(token, transfer, 4))
    expect(toNew.status).toBe(resultStatus.success)
    // SSTORE 0→x (20000) instead of x→y (2900): 17100 (EIP-2929 with EIP-2200)
    expect(toNew.gasUsed - toExisting.gasUsed).toBe(17_100n)
    expect(again.gasUsed).toBe(toExisting.gasUsed)
    // An OpenZeppelin-like transfer is ~30k–35k to an existing holder on mainnet
    expect(toExisting.gasUsed > 28_000n && toExisting.gasUsed < 36_000n).toBe(true)
  })

  it('error: a gas limit below intrinsic gas ends out of gas, using the whole limit', async () => {
    const engine = await engineWith(SLOAD0)
    const outcome = await engine.execute(callRequest(P, new Uint8Array(4).fill(1), 1, { gasLimit: 21_000n }))
    expect(outcome).toMatchObject({ status: resultStatus.outOfGas, gasUsed: 21_000n })
  })

  it('error: a gas limit above the EIP-7825 cap is refused before execution', async () => {
    const engine = await engineWith(SLOAD0)
    const outcome = await engine.execute(callRequest(P, new Uint8Array(0), 1, { gasLimit: (1n << 24n) + 1n }))
    expect(outcome).toMatchObject({ status: resultStatus.limitExceeded, gasUsed: 0n })
  })

  it('error: running out of gas uses the whole limit and changes nothing', async () => {
    const engine = await engineWith(SSTORE1)
    const outcome = await engine.execute(callRequest(P, new Uint8Array(0), 1, { gasLimit: 30_000n }))
    expect(outcome).toMatchObject({ status: resultStatus.outOfGas, gasUsed: 30_000n })
    expect(engine.changes()).toEqual({ changed: [], loaded: [P] })
  })
})
