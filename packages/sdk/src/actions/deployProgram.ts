/**
 * Deploys a confidential program (D3.1 "Program registry", D8, P3 deploy body): the init code
 * (creation bytecode with its constructor arguments) and the program's configuration travel
 * sealed in one envelope (ARCHITECTURE.md decision 10) to `createProgram(salt, epoch, gasLimit,
 * envelope)`, which creates the program's CREATE2 proxy. The address is known before sealing
 * (`programAddress(caller, salt)`), and the envelope binds it (P3 aad), so nobody can squat it.
 * The deploy's own result (status, gas) comes from `waitForResult` like any other request's.
 */
import {
  encodeDeployBody,
  errorCodes,
  managementContractAbi,
  type ProgramConfig,
  type ProgramRuntime,
  programRuntimes,
  RaceteeError,
  requestKinds,
} from '@racetee/protocol'
import {
  type Abi,
  type Address,
  type Client,
  encodeDeployData,
  encodeFunctionData,
  type Hash,
  type Hex,
  hexToBytes,
  isHex,
  keccak256,
} from 'viem'
import { readContract } from 'viem/actions'
import type { SecretStore } from '../secretStore/SecretStore.js'
import { getEncryptionContext } from './getEncryptionContext.js'
import { sendSealedRequest, type WalletClientWithAccount, walletAccount } from './sendSealedRequest.js'

/** A Solidity program: creation bytecode, with constructor arguments appended from `abi` and `args`. */
export type EvmProgramCode = {
  bytecode: Hex
  /** The program's ABI, needed only to encode `args`. */
  abi?: Abi | readonly unknown[]
  /** Constructor arguments. */
  args?: readonly unknown[]
  source?: undefined
}

/**
 * A JS program (D5): its JavaScript source, which declares `export const abi = [...]` and
 * exports one function per ABI entry; it runs in QuickJS inside the enclave and is called with
 * the Solidity ABI. (TypeScript is compiled to JavaScript by the caller.)
 */
export type JsProgramCode = { source: string; bytecode?: undefined; abi?: undefined; args?: undefined }

export type DeployProgramParameters = (EvmProgramCode | JsProgramCode) & {
  mc: Address
  /** 32-byte user salt (D3.1: the MC uses keccak(caller, salt)); random when omitted. */
  salt?: Hex
  /** Enclave gas for the constructor; the fee is `requiredFee(gasLimit)`. */
  gasLimit: bigint
  /** ACL, rotation and padding policy (P3 ProgramConfig); each field defaults to public/0/false. */
  config?: Partial<ProgramConfig>
  secretStore: SecretStore
  /** Client for reads; the wallet client when omitted. */
  publicClient?: Client
  /** Smallest envelope bucket (128 · 2^i), to hide more of the code's length. */
  minBucket?: number
}

export type DeployProgramReturnType = {
  hash: Hash
  /** The program's address (its CREATE2 proxy on chain). */
  program: Address
  /** keccak of the envelope (P2 payloadHash). */
  requestId: Hex
}

export type DeployProgramErrorType = RaceteeError | TypeError

const defaultConfig: ProgramConfig = {
  acl: [],
  rotateEvery: 0,
  keepHistory: false,
  resultBucketMin: 0,
  pageBucketMin: 0,
}

export async function deployProgram(
  walletClient: WalletClientWithAccount,
  parameters: DeployProgramParameters,
): Promise<DeployProgramReturnType> {
  const { mc, gasLimit, secretStore } = parameters
  const account = walletAccount(walletClient)
  const code = programCode(parameters)
  const salt = parameters.salt ?? randomSalt()
  if (!isHex(salt, { strict: true }) || salt.length !== 66)
    throw new RaceteeError(errorCodes.SDK_INVALID_PARAMETER, 'salt must be 32 bytes.', {
      details: `salt ${salt}`,
    })
  const reader = parameters.publicClient ?? walletClient
  const context = await getEncryptionContext(reader, { mc })
  const program = await readContract(reader, {
    address: context.mc,
    abi: managementContractAbi,
    functionName: 'programAddress',
    args: [account.address, salt],
  })
  const body = encodeDeployBody({ ...code, config: { ...defaultConfig, ...parameters.config } })
  try {
    const { hash, requestId } = await sendSealedRequest(walletClient, {
      reader,
      context,
      program,
      kind: requestKinds.deploy,
      body,
      gasLimit,
      secretStore,
      minBucket: parameters.minBucket,
      encodeCall: (envelope) =>
        encodeFunctionData({
          abi: managementContractAbi,
          functionName: 'createProgram',
          args: [salt, context.epoch, gasLimit, envelope],
        }),
    })
    return { hash, program, requestId }
  } finally {
    // SECRET: a confidential program's code is as private as its inputs.
    body.fill(0)
  }
}

function randomSalt(): Hex {
  return keccak256(crypto.getRandomValues(new Uint8Array(32)))
}

/** The deploy body's runtime and code (P3): EVM init code, or a JS program's UTF-8 source. */
function programCode(parameters: EvmProgramCode | JsProgramCode): {
  runtime: ProgramRuntime
  code: Uint8Array
} {
  if (parameters.source !== undefined) {
    if (typeof parameters.source !== 'string' || parameters.source.length === 0)
      throw new TypeError('source must be a non-empty JavaScript program')
    return { runtime: programRuntimes.js, code: new TextEncoder().encode(parameters.source) }
  }
  const { bytecode } = parameters
  if (!isHex(bytecode, { strict: true }) || bytecode.length <= 2)
    throw new TypeError('bytecode must be non-empty hex')
  const initCode =
    parameters.args === undefined || parameters.args.length === 0
      ? bytecode
      : encodeDeployData({ abi: (parameters.abi ?? []) as Abi, bytecode, args: parameters.args } as never)
  return { runtime: programRuntimes.evm, code: hexToBytes(initCode) }
}
