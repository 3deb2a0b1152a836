/**
 * Read latency as a user sees it (issue 7's `reads.latencyMs`, D7): `samples` reads one after
 * another through `readProgram`, each timed from the call to the verified, opened answer. The
 * executors and `minSeq` are resolved once before timing (as an application would cache them),
 * so each sample is one signed, sealed query's round trip through an executor and its enclave,
 * plus the epoch and latest-block reads every query needs. Every read must succeed.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Abi, Account, Address, Chain, Client, ContractFunctionName, Transport } from 'viem'
import { type ReadProgramParameters, readProgram } from '../actions/readProgram.js'
import { lastCommittedSeq } from './lastCommittedSeq.js'
import { readExecutors } from './readExecutors.js'

export type SampleReadLatencyParameters<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
> = ReadProgramParameters<abi, functionName> & {
  /** How many reads to time. */
  samples: number
}

/** Milliseconds of each read, in order. */
export async function sampleReadLatency<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi>,
>(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SampleReadLatencyParameters<abi, functionName>,
): Promise<number[]> {
  const { samples, ...read } = parameters
  if (!Number.isSafeInteger(samples) || samples < 1)
    throw new RangeError('samples must be a positive integer')
  const account = read.account ?? client.account
  const address: Address | undefined = typeof account === 'string' ? account : account?.address
  const executors = read.executors ?? (await readExecutors(client, { mc: read.mc }))
  const minSeq =
    read.minSeq ??
    (address === undefined ? 0n : await lastCommittedSeq(client, { mc: read.mc, account: address }))
  const out: number[] = []
  for (let i = 0; i < samples; i++) {
    const started = performance.now()
    const answer = await readProgram(client, { ...read, executors, minSeq } as ReadProgramParameters<
      abi,
      functionName
    >)
    out.push(performance.now() - started)
    if (answer.status !== 'success')
      throw new RaceteeError(errorCodes.SDK_EXECUTION_FAILED, 'A timed read did not succeed.', {
        details: `status ${answer.status}, sample ${i}`,
      })
  }
  return out
}
