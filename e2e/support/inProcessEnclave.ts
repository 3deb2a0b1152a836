/**
 * A real `Enclave` (from @racetee/enclave) held inside the test process, joined to a running
 * devnet through the ordinary ceremony (D3.1): registered with the executor's
 * `registerEnclave` under SIMULATION evidence from the devnet's platform key, admitted by the
 * running executor's enclave (its `Admitter`), and provisioned with `acceptAdmission`, whose
 * `acceptProvisioning` runs the enclave's own `acceptProvisioning` against a view proven at a
 * trusted-RPC header (D2.1). Its keys live in this process, as a breached enclave's would, so
 * a test can execute a batch with it and then sign a body of its choosing: the challenge test's
 * faulty enclave. Nothing inside the enclave code is changed.
 */

import type { Devnet } from '@racetee/devnet'
import {
  acceptProvisioning,
  Enclave,
  EnclaveIdentity,
  EpochKeyring,
  provenChainView,
  TRUSTED_RPC_LABEL,
  trustedRpcHeaderVerifier,
} from '@racetee/enclave'
import {
  acceptAdmission,
  type EnclaveDescription,
  type EnclaveHandle,
  registerEnclave,
  rpcProofSource,
} from '@racetee/executor'
import { managementContractAbi } from '@racetee/protocol'
import type { Hex } from 'viem'
import { simulatedEvidence } from './simulatedEvidence.js'

export type InProcessEnclave = {
  enclave: Enclave
  /** Held by the test: signs whatever body the test builds (the fault under test). */
  identity: EnclaveIdentity
  /** Registers with the operator's wallet (bond `minBond`, payout the operator). */
  register(operatorKey: Hex): Promise<void>
  /** After the admission took effect: takes epoch secrets from the `Admitted` event. */
  provision(): Promise<bigint[]>
}

export async function inProcessEnclave(devnet: Devnet): Promise<InProcessEnclave> {
  const { publicClient: client, mc, chainId } = devnet
  const identity = EnclaveIdentity.generate()
  const keyring = new EpochKeyring()
  const enclave = new Enclave({ chainId: BigInt(chainId), mc, identity, keyring })
  const evidence = await simulatedEvidence({
    platformKeyFile: devnet.platformKeyFile,
    measurement: devnet.measurement,
    chainId,
    mc,
    signer: identity.address,
    encryptionKey: identity.encryptionKeyHex,
  })
  const headers = trustedRpcHeaderVerifier({ rpcUrl: devnet.rpcUrl })
  const description = (): EnclaveDescription => ({
    address: identity.address,
    encryptionKey: identity.encryptionKeyHex,
    evidence,
    provider: 'simulation',
    simulated: true,
    measurement: devnet.measurement,
    sealingKey: 'simulated-platform-key',
    headerVerifier: { label: TRUSTED_RPC_LABEL, simulated: true },
    insecureTrustedRpc: false,
    epochs: keyring.epochs(),
  })
  // The ceremonies use only `description`, `describe` and `acceptProvisioning` of a handle.
  const handle = {
    get description() {
      return description()
    },
    describe: async () => description(),
    async acceptProvisioning(call: Parameters<EnclaveHandle['acceptProvisioning']>[0]) {
      const header = await headers.header(call.atBlock)
      const view = provenChainView({ mc, header, proofs: rpcProofSource(client) })
      await acceptProvisioning({ chainId: BigInt(chainId), mc, identity, keyring, view, call })
      return description()
    },
  } as unknown as EnclaveHandle

  return {
    enclave,
    identity,
    async register(operatorKey) {
      const wallet = devnet.wallet(operatorKey)
      const { minBond } = await client.readContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'config',
      })
      await registerEnclave({
        wallet,
        publicClient: client,
        mc,
        enclave: handle,
        payout: wallet.account.address,
        endpoint: 'http://faulty.invalid',
        bond: minBond,
      })
    },
    async provision() {
      await acceptAdmission({ publicClient: client, mc, enclave: handle, pollIntervalMs: 100 })
      return keyring.epochs()
    },
  }
}
