/**
 * Sends one round's commit (D3.3, D7 crash safety, ARCHITECTURE decision 25): the transaction is
 * prepared (gas estimated, with headroom), signed, recorded as pending in the progress store
 * with its hash, and only then sent, so a restart can settle it against the chain.
 */
import type { BatchOutput } from '@racetee/enclave'
import { managementContractAbi } from '@racetee/protocol'
import { encodeFunctionData, type Hex, keccak256 } from 'viem'
import { commitArgs, type StorageConfirmation } from '../chain/submitCommit.js'
import type { RoundContext } from './runRound.js'

/** Signs the commit, records it as pending (durably), then sends it. */
export async function sendCommit(
  ctx: Pick<RoundContext, 'wallet' | 'mc' | 'progress'>,
  output: BatchOutput,
  confirmations: readonly StorageConfirmation[],
  ringHint: bigint,
): Promise<Hex> {
  const { wallet, mc } = ctx
  const request = await wallet.prepareTransactionRequest({
    account: wallet.account,
    chain: wallet.chain,
    to: mc,
    data: encodeFunctionData({
      abi: managementContractAbi,
      functionName: 'commit',
      args: commitArgs(output, confirmations, ringHint),
    }),
  })
  // The estimate ran on the live checkpoint; if a request lands first the MC reads the ring
  // entry instead (two more cold slots), so leave headroom rather than revert out of gas.
  const gas = request.gas === undefined ? undefined : (request.gas * 6n) / 5n + 20_000n
  const serialized = await wallet.signTransaction({
    ...request,
    ...(gas === undefined ? {} : { gas }),
    account: wallet.account,
    chain: wallet.chain,
  } as never)
  const txHash = keccak256(serialized)
  ctx.progress.update({
    pending: {
      txHash,
      commitId: output.commitId,
      prevCommit: output.body.prevCommit,
      toBlock: output.body.toBlock,
      toSeq: output.body.toSeq,
    },
  })
  await wallet.sendRawTransaction({ serializedTransaction: serialized })
  return txHash
}
