/** `commitId` = the EIP-712 digest of the `CommitBody` in the deployment domain (P6). */
import { type Hex, hashTypedData } from 'viem'
import { commitBodyTypes, type RaceteeDomain } from '../eip712/types.js'
import type { CommitBody } from './commitBody.js'

/** Hashes `body` as given; check it with `assertCanonicalCommitBody` first when it comes from outside. */
export function commitId(domain: RaceteeDomain, body: CommitBody): Hex {
  return hashTypedData({ domain, types: commitBodyTypes, primaryType: 'CommitBody', message: body })
}
