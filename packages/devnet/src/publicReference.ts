/**
 * The public reference run (D9: every workload also runs as a plain public contract on the same
 * chain). One call on the public deployment, made the way the confidential request was: a view
 * is read; a state-changing call is simulated for its return value and then mined with the same
 * gas limit, so a reverting call is mined too and its gas compares. `compareWithReference` says
 * which fields of a decrypted result differ (status, value, gas), never the values themselves.
 */
import type { Abi, Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem'

export type ReferenceCall = {
  abi: Abi
  address: Address
  functionName: string
  args: readonly unknown[]
  /** `view`: read with eth_call (no gas to compare); `transaction`: simulated, then mined. */
  kind: 'view' | 'transaction'
  gas: bigint
}

export type Reference = { status: 'success' | 'reverted'; value: unknown; gasUsed: bigint | null }

export async function runReference(
  client: PublicClient,
  wallet: WalletClient<Transport, Chain, Account>,
  call: ReferenceCall,
): Promise<Reference> {
  const request = {
    address: call.address,
    abi: call.abi,
    functionName: call.functionName,
    args: call.args,
    account: wallet.account,
  } as never
  if (call.kind === 'view') {
    try {
      return { status: 'success', value: await client.readContract(request), gasUsed: null }
    } catch {
      return { status: 'reverted', value: undefined, gasUsed: null }
    }
  }
  let value: unknown
  try {
    value = (await client.simulateContract(request)).result
  } catch {
    value = undefined
  }
  const hash = await wallet.writeContract({ ...(request as object), gas: call.gas } as never)
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  // A call that simulated fine but reverted when mined would be a replay bug: the receipt decides.
  return {
    status: receipt.status,
    value: receipt.status === 'success' ? value : undefined,
    gasUsed: receipt.gasUsed,
  }
}

/** The decrypted outcome of a confidential request, as the SDK's `waitForResult` returns it. */
export type ConfidentialOutcome = { status: string; gasUsed: bigint; decoded?: unknown }

/** The fields that differ: empty when the confidential result matches the public run. */
export function compareWithReference(result: ConfidentialOutcome, reference: Reference): string[] {
  return [
    result.status !== reference.status && 'status',
    result.status === 'success' && !sameValue(result.decoded, reference.value) && 'value',
    reference.gasUsed !== null && result.gasUsed !== reference.gasUsed && 'gas',
  ].filter((field): field is string => typeof field === 'string')
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, bigintAsString) === JSON.stringify(b, bigintAsString)
}

function bigintAsString(_: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value
}
