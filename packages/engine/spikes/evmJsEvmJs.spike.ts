/**
 * Spike (issue 4, D5 "JS programs"): EVM -> JS -> EVM -> JS in one request, with a revert at
 * the deepest level, over the engine's own EVM (EngineEvm, LazyStateManager, journal) and the
 * JS dispatcher precompile. Run: `npx tsx packages/engine/spikes/evmJsEvmJs.spike.ts`.
 * It asserts what the spike must prove and prints the numbers docs/js-programs.md quotes.
 */
import assert from 'node:assert/strict'
import { NobleBN254 } from '@ethereumjs/evm'
import { createAddressFromString, hexToBytes } from '@ethereumjs/util'
import {
  bytesToBigInt,
  encodeErrorResult,
  encodeFunctionData,
  type Hex,
  keccak256,
  parseAbi,
  stringToBytes,
} from 'viem'
import { engineCommon } from '../src/createEngineEvm.js'
import { EngineEvm } from '../src/EngineEvm.js'
import { JsDispatcher } from '../src/js/JsDispatcher.js'
import { jsProgramCode } from '../src/js/jsProgramCode.js'
import { sandboxModule } from '../src/js/sandboxModule.js'
import { LazyStateManager } from '../src/LazyStateManager.js'
import { LoaderGate } from '../src/LoaderGate.js'
import { RequestBlockchain } from '../src/RequestBlockchain.js'
import { compileSolidity, runtimeOf } from '../src/test/compileSolidity.js'
import { MemoryLoader } from '../src/test/MemoryLoader.js'
import { ALICE, MC, testBlock } from '../src/test/requests.js'
import { valueRefusingOpcodes } from '../src/valueRefusingOpcodes.js'
import { js1, js2, solidity } from './spikePrograms.js'

const A: Hex = '0x00000000000000000000000000000000000a0001'
const B: Hex = '0x00000000000000000000000000000000000b0002'
const JS1: Hex = '0x000000000000000000000000000000000001a003'
const JS2: Hex = '0x000000000000000000000000000000000002a004'
const abiA = parseAbi([
  'function run(address,address,address,uint256) returns (uint256)',
  'function calls() view returns (uint256)',
  'function last() view returns (uint256)',
  'function failed() view returns (bool)',
  'function reasonHash() view returns (bytes32)',
])
const abiB = parseAbi([
  'function lastSender() view returns (address)',
  'function lastOrigin() view returns (address)',
  'function lastX() view returns (uint256)',
])

async function world() {
  const compiled = compileSolidity(solidity)
  const loader = new MemoryLoader()
    .register(A, { code: runtimeOf(compiled, 'A') })
    .register(B, { code: runtimeOf(compiled, 'B') })
    .register(JS1, { code: jsProgramCode(js1) })
    .register(JS2, { code: jsProgramCode(js2) })
  const common = engineCommon(31337n)
  const state = new LazyStateManager(new LoaderGate(loader))
  const blockchain = new RequestBlockchain()
  const dispatcher = new JsDispatcher(await sandboxModule())
  const evm = new EngineEvm({
    common,
    stateManager: state,
    blockchain,
    bn254: new NobleBN254(),
    customOpcodes: valueRefusingOpcodes(common),
    customPrecompiles: [dispatcher.precompile()],
  })
  dispatcher.attach(evm)
  const call = async (to: Hex, data: Hex) => {
    state.beginRequest(8)
    evm.journal.cleanJournal()
    const gasLimit = 10_000_000n
    const block = blockchain.enter(testBlock, createAddressFromString(MC), gasLimit)
    const result = await evm.runCall({
      caller: createAddressFromString(ALICE),
      origin: createAddressFromString(ALICE),
      to: createAddressFromString(to),
      data: hexToBytes(data),
      value: 0n,
      gasPrice: 0n,
      gasLimit,
      block,
      skipNonceIncrement: true,
    })
    return result.execResult
  }
  const view = async (to: Hex, abi: typeof abiA | typeof abiB, name: string) => {
    const r = await call(
      to,
      encodeFunctionData({ abi, functionName: name } as Parameters<typeof encodeFunctionData>[0]),
    )
    return r.returnValue.length === 0 ? 0n : bytesToBigInt(r.returnValue)
  }
  const jsSlot = async (program: Hex, key: string) => {
    const slot = hexToBytes(keccak256(stringToBytes(key)))
    const value = await state.getStorage(createAddressFromString(program), slot)
    return value.length === 0 ? 0n : bytesToBigInt(value)
  }
  return { call, view, jsSlot, dispatcher }
}

async function scenario(x: bigint) {
  const w = await world()
  const data = encodeFunctionData({ abi: abiA, functionName: 'run', args: [JS1, B, JS2, x] })
  const started = performance.now()
  const exec = await w.call(A, data)
  const ms = performance.now() - started
  const trace = [...w.dispatcher.trace]
  return {
    ms,
    error: exec.exceptionError?.error ?? null,
    gas: exec.executionGasUsed,
    ret: exec.returnValue.length === 0 ? 0n : bytesToBigInt(exec.returnValue),
    trace,
    a: {
      calls: await w.view(A, abiA, 'calls'),
      last: await w.view(A, abiA, 'last'),
      failed: await w.view(A, abiA, 'failed'),
      reasonHash: await w.view(A, abiA, 'reasonHash'),
    },
    b: {
      sender: await w.view(B, abiB, 'lastSender'),
      origin: await w.view(B, abiB, 'lastOrigin'),
      x: await w.view(B, abiB, 'lastX'),
    },
    js1: { sender: await w.jsSlot(JS1, 'sender'), hops: await w.jsSlot(JS1, 'hops') },
    js2: { sender: await w.jsSlot(JS2, 'sender'), work: await w.jsSlot(JS2, 'work') },
  }
}

const ok = await scenario(5n)
assert.equal(ok.error, null)
assert.equal(ok.ret, 1060n) // JS2: 5 + 100; B: + 1; JS1: × 10
assert.deepEqual(ok.a, { calls: 1n, last: 1060n, failed: 0n, reasonHash: 0n })
assert.equal(ok.js1.sender, BigInt(A)) // msg.sender of JS1 is A
assert.equal(ok.b.sender, BigInt(JS1)) // msg.sender of B is JS1
assert.equal(ok.b.origin, BigInt(ALICE)) // tx.origin kept through the JS frame
assert.equal(ok.js2.sender, BigInt(B)) // msg.sender of JS2 is B
assert.equal(ok.js1.hops, 1n)
assert.notEqual(ok.js2.work, 0n)
// Depths: A 0, JS1's stub 1, dispatcher 2, B 3, JS2's stub 4, dispatcher 5. Innermost first.
assert.deepEqual(
  ok.trace.map((t) => [t.program, t.sender, t.depth]),
  [
    [JS2, B, 5],
    [JS1, A, 2],
  ],
)

const bad = await scenario(0n)
assert.equal(bad.error, null) // A caught the failure
const reason = encodeErrorResult({
  abi: parseAbi(['error Error(string)']),
  errorName: 'Error',
  args: ['deepest level refuses 0'],
})
assert.deepEqual(bad.a, { calls: 1n, last: 0n, failed: 1n, reasonHash: BigInt(keccak256(reason)) })
assert.deepEqual(bad.b, { sender: 0n, origin: 0n, x: 0n }) // B's writes unwound
assert.deepEqual(bad.js1, { sender: 0n, hops: 0n }) // JS1's writes unwound
assert.deepEqual(bad.js2, { sender: 0n, work: 0n }) // JS2's own writes unwound

const again = await scenario(5n)
const againBad = await scenario(0n)
assert.equal(again.gas, ok.gas)
assert.equal(againBad.gas, bad.gas)
assert.deepEqual(again.trace, ok.trace)
assert.deepEqual(againBad.trace, bad.trace)

const show = (r: typeof ok) => ({
  gas: r.gas,
  ms: Math.round(r.ms),
  frames: r.trace.map((t) => ({ program: t.program, depth: t.depth, polls: t.polls, gasUsed: t.gasUsed })),
})
console.log(
  JSON.stringify(
    { success: show(ok), revert: show(bad) },
    (_k, v) => (typeof v === 'bigint' ? v.toString() : v),
    2,
  ),
)
console.log('spike: EVM -> JS -> EVM -> JS holds (senders, origin, depths, unwinding, deterministic gas)')
