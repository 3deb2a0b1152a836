/**
 * `reads.latencyMs` (issues 7 and 8, D7): the latency of a confidential read without a
 * transaction, against the devnet's executor. After the ERC20 workload has run, alice reads her
 * own `balanceOf` `samples` times through the SDK's `readProgram` (signed query, sealed to the
 * epoch key, answered by the enclave from the last committed state, verified and opened), each
 * timed from the call to the opened answer. The executor list and alice's last committed seq
 * are resolved once first, as an application would cache them.
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import type { Devnet } from '@racetee/devnet'
import { sampleReadLatency } from '@racetee/sdk'
import type { Address } from 'viem'
import type { Twins } from './deployTwins.js'

export type ReadLatencyParameters = {
  /** The reader: an account that holds tokens on the confidential side. */
  account: Address
  samples: number
}

/** Milliseconds of each read, in order. */
export async function readLatency(
  devnet: Devnet,
  twins: Twins,
  parameters: ReadLatencyParameters,
): Promise<number[]> {
  const { account, samples } = parameters
  const token = twins.context('confidential').address('token')
  const wallet = twins.wallet(account)
  // One untimed read first: the executor's read lane and the SDK's epoch lookup are warm.
  await sampleReadLatency(wallet, {
    mc: devnet.mc,
    program: token,
    abi: confidentialErc20Artifact.abi,
    functionName: 'balanceOf',
    args: [account],
    samples: 1,
  })
  return sampleReadLatency(wallet, {
    mc: devnet.mc,
    program: token,
    abi: confidentialErc20Artifact.abi,
    functionName: 'balanceOf',
    args: [account],
    samples,
  })
}
