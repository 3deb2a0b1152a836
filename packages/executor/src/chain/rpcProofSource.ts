/**
 * The host's relay of `eth_getProof` and `eth_getCode` to its enclave (D2.1, D7): a plain viem
 * public client asked at an exact block. Untrusted by design: the enclave checks every answer
 * against a header its own verifier vouched for, so this module only fetches and reshapes
 * (viem parses quantities into numbers; the enclave takes the JSON-RPC hex back).
 */
import type { ProofSource } from '@racetee/enclave'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { numberToHex, type PublicClient } from 'viem'

function rpcFailed(method: string, blockNumber: bigint, cause: unknown): RaceteeError {
  return new RaceteeError(errorCodes.CHAIN_RPC_FAILED, 'Proof RPC failed.', {
    details: `${method} at block ${blockNumber}`,
    cause,
  })
}

export function rpcProofSource(client: PublicClient): ProofSource {
  return {
    async getProof({ address, storageKeys, blockNumber }) {
      try {
        const p = await client.getProof({ address, storageKeys: [...storageKeys], blockNumber })
        return {
          address: p.address,
          accountProof: p.accountProof,
          balance: numberToHex(p.balance),
          codeHash: p.codeHash,
          nonce: numberToHex(p.nonce),
          storageHash: p.storageHash,
          storageProof: p.storageProof.map((s) => ({
            key: s.key,
            value: numberToHex(s.value),
            proof: s.proof,
          })),
        }
      } catch (err) {
        throw rpcFailed('eth_getProof', blockNumber, err)
      }
    },
    async getCode({ address, blockNumber }) {
      try {
        // viem answers `undefined` for an account without code.
        return (await client.getCode({ address, blockNumber })) ?? '0x'
      } catch (err) {
        throw rpcFailed('eth_getCode', blockNumber, err)
      }
    },
  }
}
