/** The digest the enclave signs for a commit: EIP-712 `Commit {body, beneficiary}` (P6, D3.3). */
import { type Hex, hashTypedData } from 'viem'
import { commitTypes, type RaceteeDomain } from '../eip712/types.js'
import type { Commit } from './commitBody.js'

export function commitSigningHash(domain: RaceteeDomain, commit: Commit): Hex {
  return hashTypedData({ domain, types: commitTypes, primaryType: 'Commit', message: commit })
}
