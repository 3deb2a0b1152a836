/**
 * EIP-712 types of every signed structure (D3, D4, D6, D7). The Solidity side hashes the same
 * type strings; `eip712.vectors.json` pins the hashes. Changing a field here is a protocol
 * version change: bump `RACETEE_EIP712_VERSION` and the contract's domain together.
 */
import type { Address } from 'viem'

export const RACETEE_EIP712_NAME = 'RaceTEE'
export const RACETEE_EIP712_VERSION = '1'

/** Domain of every structure the management contract (MC) verifies or that is bound to it. */
export function raceteeDomain(chainId: bigint | number, managementContract: Address) {
  return {
    name: RACETEE_EIP712_NAME,
    version: RACETEE_EIP712_VERSION,
    chainId: BigInt(chainId),
    verifyingContract: managementContract,
  } as const
}

export const programReadType = [
  { name: 'program', type: 'address' },
  { name: 'digest', type: 'bytes32' },
] as const

export const programUpdateType = [
  { name: 'program', type: 'address' },
  { name: 'prevDigest', type: 'bytes32' },
  { name: 'newDigest', type: 'bytes32' },
] as const

export const programCreatedType = [
  { name: 'program', type: 'address' },
  { name: 'creator', type: 'address' },
  { name: 'digest', type: 'bytes32' },
] as const

export const commitBodyType = [
  { name: 'prevCommit', type: 'bytes32' },
  { name: 'fromBlock', type: 'uint64' },
  { name: 'toBlock', type: 'uint64' },
  { name: 'toSeq', type: 'uint64' },
  { name: 'accAfter', type: 'bytes32' },
  { name: 'epoch', type: 'uint64' },
  { name: 'reads', type: 'ProgramRead[]' },
  { name: 'updates', type: 'ProgramUpdate[]' },
  { name: 'created', type: 'ProgramCreated[]' },
  { name: 'resultsHash', type: 'bytes32' },
  { name: 'blobsRoot', type: 'bytes32' },
] as const

/** `commitId` = the EIP-712 digest of `CommitBody` (primaryType CommitBody, domain above). */
export const commitBodyTypes = {
  CommitBody: commitBodyType,
  ProgramRead: programReadType,
  ProgramUpdate: programUpdateType,
  ProgramCreated: programCreatedType,
} as const

/** The enclave signs `Commit` (body + beneficiary, D3.3). */
export const commitTypes = {
  Commit: [
    { name: 'body', type: 'CommitBody' },
    { name: 'beneficiary', type: 'address' },
  ],
  ...commitBodyTypes,
} as const

/** Signed by a storage node after it has fsynced every blob of a commit (D6). */
export const availabilityTypes = {
  Availability: [
    { name: 'prevCommit', type: 'bytes32' },
    { name: 'blobsRoot', type: 'bytes32' },
  ],
} as const

/** Signed by an admitted enclave: lets storage nodes accept the blobs listed under `blobsRoot` (D6). */
export const storeAuthorizationTypes = {
  StoreAuthorization: [
    { name: 'prevCommit', type: 'bytes32' },
    { name: 'blobsRoot', type: 'bytes32' },
    { name: 'toBlock', type: 'uint64' },
  ],
} as const

/** Signed by an admitted enclave (or the governance at genesis) to admit a registered enclave (D3.1). */
export const admissionTypes = {
  Admission: [
    { name: 'enclave', type: 'address' },
    { name: 'encryptionKey', type: 'bytes32' },
    { name: 'evidenceHash', type: 'bytes32' },
    { name: 'registryVersion', type: 'uint64' },
    { name: 'epoch', type: 'uint64' },
    { name: 'epochSecret', type: 'bytes' },
    { name: 'prevEpochSecret', type: 'bytes' },
  ],
} as const

/** Signed by an admitted enclave to start epoch `epoch` (D4 "Epoch rotation"). */
export const rotationTypes = {
  Rotation: [
    { name: 'epoch', type: 'uint64' },
    { name: 'requestPublicKey', type: 'bytes32' },
    { name: 'registryVersion', type: 'uint64' },
    { name: 'grants', type: 'EpochGrant[]' },
  ],
  EpochGrant: [
    { name: 'enclave', type: 'address' },
    { name: 'sealedSecret', type: 'bytes' },
  ],
} as const

/** Signed by a user's externally owned account: a read without a transaction (D7). */
export const readQueryTypes = {
  ReadQuery: [
    { name: 'account', type: 'address' },
    { name: 'program', type: 'address' },
    { name: 'data', type: 'bytes' },
    { name: 'epoch', type: 'uint64' },
    { name: 'expiry', type: 'uint64' },
  ],
} as const

/** Signed by the answering enclave (D7). */
export const readAnswerTypes = {
  ReadAnswer: [
    { name: 'queryHash', type: 'bytes32' },
    { name: 'answerHash', type: 'bytes32' },
    { name: 'commitId', type: 'bytes32' },
    { name: 'toSeq', type: 'uint64' },
  ],
} as const

/** Signed by the simulated platform key: a software quote, labelled simulation everywhere (D2). */
export const simulatedQuoteTypes = {
  SimulatedQuote: [
    { name: 'measurement', type: 'bytes32' },
    { name: 'reportData', type: 'bytes' },
  ],
} as const

/** The simulated platform's domain: bound to no chain, since a quote is made before registration. */
export const simulatedPlatformDomain = { name: 'RaceTEE simulated platform', version: '1' } as const

/** The deployment domain as `raceteeDomain` returns it. */
export type RaceteeDomain = ReturnType<typeof raceteeDomain>
