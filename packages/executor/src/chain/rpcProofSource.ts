/**
 * The host's relay of `eth_getProof` and `eth_getCode` to its enclave (D2.1, D7): a plain viem
 * public client asked at an exact block. Untrusted by design: the enclave checks every answer
 * against a header its own verifier vouched for, so this module only fetches and reshapes
 * (viem parses quantities into numbers; the enclave takes the JSON-RPC hex back).
 *
 * Liveness only: a proof whose first node does not hash to its block's state root is fetched
 * again (up to `PROOF_ATTEMPTS` times) before it is relayed. Seen once from anvil under load
 * (e2e/race.test: CHAIN_PROOF_INVALID for a proof at the newest block, the round retried and
 * passed); the enclave would refuse such a proof and the whole round would be redone. The
 * enclave still verifies every proof against a header it trusts; this check trusts nothing.
 */
import type { ProofSource } from '@racetee/enclave'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Hex, keccak256, numberToHex, type PublicClient } from 'viem'

function rpcFailed(method: string, blockNumber: bigint, cause: unknown): RaceteeError {
  return new RaceteeError(errorCodes.CHAIN_RPC_FAILED, 'Proof RPC failed.', {
    details: `${method} at block ${blockNumber}`,
    cause,
  })
}

/** Fetches of one proof while it does not match its block's state root. */
const PROOF_ATTEMPTS = 3
/** State roots remembered, newest blocks first out last: rounds ask at a few recent blocks. */
const STATE_ROOTS_KEPT = 64

export function rpcProofSource(client: PublicClient): ProofSource {
  const stateRoots = new Map<bigint, Hex>()
  /** Whether the proof's root node is the block's state root; unknown (no header) counts as yes. */
  const matchesBlock = async (accountProof: readonly Hex[], blockNumber: bigint): Promise<boolean> => {
    const rootNode = accountProof[0]
    if (rootNode === undefined) return true
    let root = stateRoots.get(blockNumber)
    if (root === undefined) {
      try {
        root = (await client.getBlock({ blockNumber })).stateRoot
      } catch {
        return true
      }
      stateRoots.set(blockNumber, root)
      if (stateRoots.size > STATE_ROOTS_KEPT) stateRoots.delete(stateRoots.keys().next().value as bigint)
    }
    return keccak256(rootNode) === root
  }
  return {
    async getProof({ address, storageKeys, blockNumber }) {
      try {
        let p = await client.getProof({ address, storageKeys: [...storageKeys], blockNumber })
        for (let attempt = 1; attempt < PROOF_ATTEMPTS; attempt++) {
          if (await matchesBlock(p.accountProof, blockNumber)) break
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
          p = await client.getProof({ address, storageKeys: [...storageKeys], blockNumber })
        }
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
