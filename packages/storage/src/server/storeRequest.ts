/**
 * Decodes and authorises one `POST /v1/store` body (D6, docs/storage-api.md), before anything
 * touches the disk: the body must be the canonical encoding; the blobs must hash to exactly the
 * `blobsRoot` the enclave signed (P6), so a node never confirms a root for blobs it was not
 * given; and the signer of the `StoreAuthorization` must be an enclave the MC admits at
 * `toBlock`, with `toBlock` not ahead of the chain head (a pending admission, still open to
 * governance's veto, has a future `admittedFrom` and must not authorise anything yet).
 */
import {
  blobsRoot,
  canonicalBlobHashes,
  errorCodes,
  type RaceteeDomain,
  RaceteeError,
  storeAuthorizationSigningHash,
} from '@racetee/protocol'
import { type Address, type Hex, keccak256, recoverAddress } from 'viem'
import type { SignedStoreAuthorization } from '../client/storeAuthorization.js'
import { decodeStoreRequest } from '../client/storeRequestCodec.js'
import type { StoreChain } from './storeChain.js'

export type AuthorisedStore = {
  authorization: SignedStoreAuthorization
  /** The enclave that signed the authorisation. */
  signer: Address
  /** The distinct blobs of the batch, ascending by hash. */
  blobs: { hash: Hex; bytes: Uint8Array }[]
}

export type AuthoriseStoreRequestParameters = {
  body: Uint8Array
  domain: RaceteeDomain
  chain: StoreChain
}

export async function authoriseStoreRequest(
  parameters: AuthoriseStoreRequestParameters,
): Promise<AuthorisedStore> {
  const { body, domain, chain } = parameters
  const { blobs: sent, ...authorization } = decodeStoreRequest(body)
  if (sent.length === 0) throw badRequest('No blobs.', 'a commit always has its results bundle (P6)')

  const byHash = new Map<Hex, Uint8Array>()
  for (const bytes of sent) byHash.set(keccak256(bytes), bytes)
  const hashes = canonicalBlobHashes([...byHash.keys()])
  const root = blobsRoot(hashes)
  if (root !== authorization.blobsRoot.toLowerCase())
    throw badRequest(
      'Blobs do not match blobsRoot.',
      `authorised ${authorization.blobsRoot}, blobs give ${root}`,
    )

  if (authorization.signature.length !== 2 + 2 * 65)
    throw badRequest('Malformed authorisation signature.', 'expected 65 bytes')
  let signer: Address
  try {
    signer = await recoverAddress({
      hash: storeAuthorizationSigningHash(domain, authorization),
      signature: authorization.signature,
    })
  } catch {
    throw badRequest('Malformed authorisation signature.', 'does not recover to a key')
  }

  const head = await chain.blockNumber()
  if (authorization.toBlock > head)
    throw unauthorised(`toBlock ${authorization.toBlock} is ahead of the chain head ${head}`)
  if (!(await chain.isAdmittedAt(signer, authorization.toBlock)))
    throw unauthorised(`${signer} is not an enclave admitted at block ${authorization.toBlock}`)

  return { authorization, signer, blobs: hashes.map((hash) => ({ hash, bytes: byHash.get(hash)! })) }
}

function badRequest(message: string, details: string): RaceteeError {
  return new RaceteeError(errorCodes.STORAGE_BAD_REQUEST, message, { details })
}

function unauthorised(details: string): RaceteeError {
  return new RaceteeError(errorCodes.STORAGE_UNAUTHORISED, 'Store not authorised.', { details })
}
