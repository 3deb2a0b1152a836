/**
 * "No funds" before a request is sealed (D3.2: the fee is `base + gasLimit × enclaveGasPrice`,
 * paid as the transaction's value, plus the transaction's own gas): a clear CLI_NO_FUNDS instead
 * of a node's refusal after the secret was already written. `asNoFunds` turns the node's
 * insufficient-funds refusal into the same error, for the estimate's slack.
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import { type Address, BaseError, formatEther, InsufficientFundsError } from 'viem'
import type { Connection } from './connection.js'

/** Gas a request transaction may take on chain: a large envelope's calldata and the MC's bookkeeping. */
const REQUEST_TX_GAS = 600_000n

export async function assertFunds(
  connection: Connection,
  account: Address,
  gasLimit: bigint,
): Promise<bigint> {
  const { publicClient, mc } = connection
  const [fee, balance, gasPrice] = await Promise.all([
    publicClient.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'requiredFee',
      args: [gasLimit],
    }),
    publicClient.getBalance({ address: account }),
    publicClient.getGasPrice(),
  ])
  const cost = fee + REQUEST_TX_GAS * gasPrice
  if (balance < cost)
    throw new RaceteeError(errorCodes.CLI_NO_FUNDS, 'The account cannot pay for the request.', {
      details: `${account} holds ${formatEther(balance)} ETH; the request needs about ${formatEther(cost)} (fee ${formatEther(fee)} for gas limit ${gasLimit}, plus gas)`,
    })
  return fee
}

/** The node's "insufficient funds" as CLI_NO_FUNDS; any other error as it is. */
export function asNoFunds(err: unknown, account: Address): unknown {
  if (err instanceof BaseError && err.walk((e) => e instanceof InsufficientFundsError))
    return new RaceteeError(errorCodes.CLI_NO_FUNDS, 'The account cannot pay for the request.', {
      details: `the node refused the transaction from ${account}: insufficient funds`,
    })
  return err
}
