import { describe, expect, it } from 'vitest'
import * as exports from './index.js'

describe('@racetee/enclave exports', () => {
  it('exports exactly the public API (cheapest guard of a public surface)', () => {
    expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
      [
        "ENCLAVE_FATAL_PREFIX",
        "ENCLAVE_READY_LINE",
        "ENCLAVE_SECRETS_VERSION",
        "Enclave",
        "EnclaveIdentity",
        "EnclaveService",
        "EnclaveStateStore",
        "EpochKeyring",
        "READ_GAS_CAP",
        "ReadLane",
        "SEALED_STATE_FILE",
        "SEALED_STATE_VERSION",
        "SEALING_KEY_LENGTH",
        "SIMULATED_SEALING_KEY_INFO",
        "TRUSTED_RPC_LABEL",
        "acceptProvisioning",
        "admitNewcomer",
        "answerRead",
        "createHostRelay",
        "createPlatform",
        "decodeDcapEvidence",
        "decodeEnclaveSecrets",
        "deriveSimulatedSealingKey",
        "enclaveMethodNames",
        "encodeDcapEvidence",
        "encodeEnclaveSecrets",
        "executeBatch",
        "fromWireError",
        "hostServiceNames",
        "openReadQuery",
        "openSealedState",
        "parseEnclaveToHost",
        "parseHostToEnclave",
        "provenChainView",
        "readQuoteReport",
        "readSealedStateFile",
        "sealState",
        "sealedStateProviders",
        "serveEnclave",
        "toWireError",
        "trustedRpcHeaderVerifier",
        "verifyAccountProof",
        "verifyDcapEvidence",
        "verifyEvidence",
        "wipeEnclaveSecrets",
        "writeSealedStateFile",
      ]
    `)
  })
})
