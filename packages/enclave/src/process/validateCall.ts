/**
 * Shape checks of what the untrusted host sends the enclave (D2: the host "may lie"). Contents
 * are checked later against proven chain state (D2.1); here only types and sizes, so a
 * malformed call is refused as PROTOCOL_MALFORMED naming the field, never an internal fault.
 * @module
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Address, getAddress, type Hex, isAddress, isHex } from 'viem'
import { dcapTcbStatusRanking } from '../attestation/dcapTcbPolicy.js'
import type { BatchRequest } from '../batch/types.js'
import type { AccountProof } from '../chain/types.js'
import type {
  AcceptProvisioningCall,
  AdmitCall,
  DcapCollateralSource,
  EnclaveInitConfig,
  ExecuteBatchCall,
  PrepareRotationCall,
} from './messages.js'

const U64_MAX = 2n ** 64n - 1n

export function malformed(field: string, what: string): RaceteeError {
  return new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'The host sent a malformed call.', {
    details: `${field} ${what}`,
  })
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformed(field, 'is not an object')
  return value as Record<string, unknown>
}
export function uint64(value: unknown, field: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value > U64_MAX)
    throw malformed(field, 'is not a uint64 bigint')
  return value
}
function uint256(value: unknown, field: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value >= 2n ** 256n)
    throw malformed(field, 'is not a uint256 bigint')
  return value
}
export function address(value: unknown, field: string): Address {
  if (typeof value !== 'string' || !isAddress(value, { strict: false }))
    throw malformed(field, 'is not an address')
  return getAddress(value)
}
export function hex(value: unknown, field: string, bytes?: number): Hex {
  if (typeof value !== 'string' || !isHex(value, { strict: true }) || value.length % 2 !== 0)
    throw malformed(field, 'is not even-length hex')
  if (bytes !== undefined && value.length !== 2 + 2 * bytes) throw malformed(field, `is not ${bytes} bytes`)
  return value as Hex
}
function string(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096)
    throw malformed(field, 'is not a path or URL')
  return value
}
function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw malformed(field, 'is not an array')
  return value
}

export function parseInitConfig(params: unknown): EnclaveInitConfig {
  const p = record(params, 'config')
  const chainId = p.chainId
  if (typeof chainId !== 'bigint' || chainId <= 0n)
    throw malformed('config.chainId', 'is not a positive bigint')
  if (p.insecureTrustedRpc !== undefined && typeof p.insecureTrustedRpc !== 'boolean')
    throw malformed('config.insecureTrustedRpc', 'is not a boolean')
  const common = {
    chainId,
    mc: address(p.mc, 'config.mc'),
    dataDir: string(p.dataDir, 'config.dataDir'),
    rpcUrl: string(p.rpcUrl, 'config.rpcUrl'),
    ...(p.insecureTrustedRpc === true ? { insecureTrustedRpc: true } : {}),
  }
  const optional = (field: 'attestationDir' | 'tsmReportDir' | 'dcapRootCaFile') =>
    p[field] === undefined ? {} : { [field]: string(p[field], `config.${field}`) }
  const admission = {
    ...optional('dcapRootCaFile'),
    ...(p.minimumTcbStatus === undefined ? {} : { minimumTcbStatus: tcbStatus(p.minimumTcbStatus) }),
  }
  switch (p.provider) {
    case 'simulation':
      return {
        ...common,
        provider: 'simulation',
        simulatedPlatformKeyFile: string(p.simulatedPlatformKeyFile, 'config.simulatedPlatformKeyFile'),
        measurement: hex(p.measurement, 'config.measurement', 32),
      }
    case 'sgx-gramine':
      return {
        ...common,
        provider: 'sgx-gramine',
        ...optional('attestationDir'),
        ...admission,
        collateral: collateralSource(p.collateral),
      }
    case 'tdx':
      return {
        ...common,
        provider: 'tdx',
        ...optional('tsmReportDir'),
        ...admission,
        sealingKeyFile: string(p.sealingKeyFile, 'config.sealingKeyFile'),
        collateral: collateralSource(p.collateral),
      }
    default:
      throw malformed('config.provider', 'is not a provider this build runs')
  }
}

/** Exactly one of `file` and `pccsUrl`. */
function tcbStatus(value: unknown): string {
  if (typeof value !== 'string' || !(dcapTcbStatusRanking as readonly string[]).includes(value))
    throw malformed('config.minimumTcbStatus', `is not one of ${dcapTcbStatusRanking.join(', ')}`)
  return value
}

function collateralSource(value: unknown): DcapCollateralSource {
  const c = record(value, 'config.collateral')
  if ((c.file === undefined) === (c.pccsUrl === undefined))
    throw malformed('config.collateral', 'needs exactly one of file and pccsUrl')
  return c.file !== undefined
    ? { file: string(c.file, 'config.collateral.file') }
    : { pccsUrl: string(c.pccsUrl, 'config.collateral.pccsUrl') }
}

function batchRequest(value: unknown, i: number): BatchRequest {
  const f = `requests[${i}]`
  const r = record(value, f)
  const kind = r.kind
  if (typeof kind !== 'number' || !Number.isInteger(kind) || kind < 0 || kind > 255)
    throw malformed(`${f}.kind`, 'is not a uint8')
  const out: BatchRequest = {
    seq: uint64(r.seq, `${f}.seq`),
    blockNumber: uint64(r.blockNumber, `${f}.blockNumber`),
    timestamp: uint64(r.timestamp, `${f}.timestamp`),
    parentHash: hex(r.parentHash, `${f}.parentHash`, 32),
    kind,
    program: address(r.program, `${f}.program`),
    caller: address(r.caller, `${f}.caller`),
    epoch: uint64(r.epoch, `${f}.epoch`),
    gasLimit: uint64(r.gasLimit, `${f}.gasLimit`),
    payload: hex(r.payload, `${f}.payload`),
  }
  if (r.rotationStructHash !== undefined)
    out.rotationStructHash = hex(r.rotationStructHash, `${f}.rotationStructHash`, 32)
  return out
}

export function parseExecuteBatchCall(params: unknown): ExecuteBatchCall {
  const p = record(params, 'params')
  const toBlock = uint64(p.toBlock, 'toBlock')
  const factBlock = p.factBlock === undefined ? undefined : uint64(p.factBlock, 'factBlock')
  if (factBlock !== undefined && factBlock < toBlock) throw malformed('factBlock', 'is before toBlock')
  return {
    toBlock,
    requests: array(p.requests, 'requests').map(batchRequest),
    beneficiary: address(p.beneficiary, 'beneficiary'),
    ...(factBlock === undefined ? {} : { factBlock }),
    ...(p.ringHint === undefined ? {} : { ringHint: uint256(p.ringHint, 'ringHint') }),
    ...(p.programs === undefined
      ? {}
      : { programs: array(p.programs, 'programs').map((a, i) => address(a, `programs[${i}]`)) }),
  }
}

export function parseAdmitCall(params: unknown): AdmitCall {
  const p = record(params, 'params')
  const n = record(p.newcomer, 'newcomer')
  return {
    atBlock: uint64(p.atBlock, 'atBlock'),
    registryVersion: uint64(p.registryVersion, 'registryVersion'),
    newcomer: {
      address: address(n.address, 'newcomer.address'),
      encryptionKey: hex(n.encryptionKey, 'newcomer.encryptionKey', 32),
      evidence: hex(n.evidence, 'newcomer.evidence'),
    },
  }
}

export function parseAtBlockCall(params: unknown): { atBlock: bigint } {
  return { atBlock: uint64(record(params, 'params').atBlock, 'atBlock') }
}

export function parsePrepareRotationCall(params: unknown): PrepareRotationCall {
  const p = record(params, 'params')
  return {
    atBlock: uint64(p.atBlock, 'atBlock'),
    members: array(p.members, 'members').map((m, i) => address(m, `members[${i}]`)),
  }
}

export function parseAcceptProvisioningCall(params: unknown): AcceptProvisioningCall {
  const p = record(params, 'params')
  return {
    atBlock: uint64(p.atBlock, 'atBlock'),
    epoch: uint64(p.epoch, 'epoch'),
    epochSecret: hex(p.epochSecret, 'epochSecret'),
    prevEpochSecret: hex(p.prevEpochSecret, 'prevEpochSecret'),
  }
}

/** A relayed `eth_getProof` answer: shape only, its contents are verified by the ChainView. */
export function parseAccountProof(value: unknown): AccountProof {
  const p = record(value, 'proof')
  const hexList = (v: unknown, f: string) => array(v, f).map((x, i) => hex(x, `${f}[${i}]`))
  return {
    address: address(p.address, 'proof.address'),
    accountProof: hexList(p.accountProof, 'proof.accountProof'),
    balance: hexQuantity(p.balance, 'proof.balance'),
    codeHash: hex(p.codeHash, 'proof.codeHash', 32),
    nonce: hexQuantity(p.nonce, 'proof.nonce'),
    storageHash: hex(p.storageHash, 'proof.storageHash', 32),
    storageProof: array(p.storageProof, 'proof.storageProof').map((s, i) => {
      const e = record(s, `proof.storageProof[${i}]`)
      return {
        key: hexQuantity(e.key, `proof.storageProof[${i}].key`),
        value: hexQuantity(e.value, `proof.storageProof[${i}].value`),
        proof: hexList(e.proof, `proof.storageProof[${i}].proof`),
      }
    }),
  }
}

/** JSON-RPC quantities may be odd-length hex (`0x0`). */
function hexQuantity(value: unknown, field: string): Hex {
  if (typeof value !== 'string' || !isHex(value, { strict: true })) throw malformed(field, 'is not hex')
  return value as Hex
}
