/**
 * Test helper: a viem wallet client whose transport records, at the moment a transaction is
 * handed to the node, whether the SDK had already persisted its secret (D8 "before it sends").
 * `eth_sendRawTransaction` (local accounts) is checked under `${chainId}:${txHash}`,
 * `eth_sendTransaction` (JSON-RPC accounts) under the envelope key of the MC call's payload.
 */
import { managementContractAbi } from '@racetee/protocol'
import {
  type Account,
  type Address,
  type Chain,
  createWalletClient,
  custom,
  decodeFunctionData,
  type EIP1193RequestFn,
  type Hex,
  http,
  keccak256,
} from 'viem'
import { envelopeSecretKey, type SecretStore, txSecretKey } from '../src/index.js'

export type SendCheck = { method: string; key: string; present: boolean }

export function guardedWallet(parameters: {
  rpcUrl: string
  chain: Chain
  chainId: bigint
  store: SecretStore
  /** Appended to at each send. */
  checks: SendCheck[]
  account: Account | Address
}) {
  const { chainId, store, checks } = parameters
  const inner = http(parameters.rpcUrl)({})
  const request = (async ({ method, params }: { method: string; params?: unknown }) => {
    let key: string | undefined
    if (method === 'eth_sendRawTransaction') key = txSecretKey(chainId, keccak256((params as [Hex])[0]))
    if (method === 'eth_sendTransaction') {
      const { args } = decodeFunctionData({
        abi: managementContractAbi,
        data: (params as [{ data: Hex }])[0].data,
      })
      key = envelopeSecretKey(chainId, keccak256(args.at(-1) as Hex))
    }
    if (key !== undefined) checks.push({ method, key, present: (await store.get(key)) !== undefined })
    return inner.request({ method, params } as never)
  }) as EIP1193RequestFn
  return createWalletClient({
    account: parameters.account,
    chain: parameters.chain,
    transport: custom({ request }),
  })
}
