/**
 * Why a target of issue 7 can miss, and what would close it: written text, from the
 * measurements in `docs/performance.md`, that `benchReport` prints beside each target a run
 * misses (the figures "by how much" come from the run itself, `benchTargets`). Kept in code so
 * the report, not a reader's memory, carries the explanation.
 */
import type { BenchTargetId } from './benchTargets.js'

export type MissedTargetNote = { why: string; close: string }

export const missedTargetNotes: Record<BenchTargetId, MissedTargetNote> = {
  erc20Gas: {
    why:
      'The commit share is the commit transaction over the requests it carries, so it shrinks as more requests share a block: ' +
      'the target is stated at 50 or more requests per block, and a `--quick` run sends 10.',
    close:
      'Run the full bench (50 per block). Beyond that, the request transaction itself (about 48,800 gas) is the floor.',
  },
  quickSelectGas: {
    why: 'The confidential total is a request transaction plus a commit share; public gas grows with the work, so a small input can miss.',
    close: 'The D9 inputs (select over 1,000 values) meet it by a wide margin; keep them.',
  },
  calGas: {
    why: 'As for QuickSelect: the saving grows with the computation the chain no longer runs.',
    close: 'The D9 input (cal(100000)) meets it by a wide margin.',
  },
  latencyP50: {
    why: 'A request waits for the block that carries it, the executor commits it in the next one; anything that delays the round (a loaded machine, storage confirmations) adds a block.',
    close: 'Run on an unloaded machine; see the executor log for the round times.',
  },
  latencyP95: {
    why: 'As for p50: the tail is rounds that ran late, usually from CPU load on a shared machine.',
    close: 'Run on an unloaded machine.',
  },
  enclaveThroughput: {
    why:
      'The EVM: @ethereumjs/evm and our adapter take about 0.7 ms of the 1.6 ms a transfer costs on this machine, so one core stays ' +
      'under about 1,430 transfers/s even if every other stage were free. The rest is opening envelopes (16 %), sealing results (14 %), ' +
      'the garbage collector (6 %), the accumulator check (5 %) and the results bundle (4 %), after fixes that made a batch 1.35x faster ' +
      '(docs/performance.md, "Enclave hot path": profile by stage before and after).',
    close:
      'A faster EVM first: caching jump-destination analysis per contract (+4 % in a spike; it needs a patch of @ethereumjs/evm), then a ' +
      'native EVM. Worker threads could take the order-independent work (opening, sealing, hashing: about 0.55 ms per transfer) off the ' +
      'executing thread, which would bring one enclave on several cores to about 1,100/s; 2,000/s on one core needs the EVM about twice as fast.',
  },
  kmeansRatio: {
    why:
      'The interpreter, not the engine: a bare QuickJS runtime (WebAssembly, sync release build) runs K-Means at about 36x plain Node, ' +
      'and the engine path (EVM stub, dispatcher, frame, prelude, ABI) adds under 1.5 % (docs/performance.md, "JS sandbox"). ' +
      'Another QuickJS build (QuickJS-ng: 805 ms against 533 ms), WebAssembly flags, or rewriting the program do not close it.',
    close:
      'Under 10x needs a JIT: the same program run by V8 with a fuel counter inserted at every loop and function entry measured 2.4x plain Node ' +
      '(spike). Doing it for real means a separate V8 isolate per sandbox, a metering rewriter on a real parser with its own call-depth cap, ' +
      'a memory cap, and a new gas unit for JS programs (a change to D5). A native QuickJS build might reach about 18-25x (estimate, not measured).',
  },
}
