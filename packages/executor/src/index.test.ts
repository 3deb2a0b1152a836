import { describe, expect, it } from 'vitest'
import * as exports from './index.js'

describe('@racetee/executor exports', () => {
  it('exports exactly the public API (cheapest guard of a public surface)', () => {
    expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
      [
        "ChildProcessEnclave",
        "ENCLAVE_FATAL_PREFIX",
        "ENCLAVE_READY_LINE",
        "EpochKeeper",
        "ExecutorNode",
        "MAX_READ_BODY_BYTES",
        "ProgressStore",
        "READ_PATH",
        "SignerRateLimiter",
        "acceptAdmission",
        "admitEnclave",
        "childProcessProvider",
        "chooseProvider",
        "collectBatchRequests",
        "commitArgs",
        "confirmTransaction",
        "defaultEnclaveEntry",
        "executorMembership",
        "followHeads",
        "mcChainFacts",
        "providerFlagOptions",
        "readEndpoint",
        "registerEnclave",
        "rpcProofSource",
        "runGenesis",
        "runRound",
        "settlePending",
        "simulatedMeasurement",
        "simulationProvider",
        "startHealthServer",
        "storageNetwork",
        "submitCommit",
      ]
    `)
  })
})
