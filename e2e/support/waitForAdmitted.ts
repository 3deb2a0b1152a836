/**
 * Polls the chain until `enclave` has an `Admitted` event (D3.1) and returns the latest one:
 * how the e2e tests wait for the running executor to admit a newcomer, never sleeping a guess.
 */

import type { Devnet } from '@racetee/devnet'
import { managementContractAbi } from '@racetee/protocol'
import { type Address, getAbiItem } from 'viem'
import { pollUntil } from './pollUntil.js'

export function waitForAdmitted(devnet: Devnet, enclave: Address, what: string, timeoutMs = 30_000) {
  return pollUntil(
    async () =>
      (
        await devnet.publicClient.getLogs({
          address: devnet.mc,
          event: getAbiItem({ abi: managementContractAbi, name: 'Admitted' }),
          args: { enclave },
          fromBlock: devnet.deployBlock,
        })
      ).at(-1),
    { what, timeoutMs },
  )
}
