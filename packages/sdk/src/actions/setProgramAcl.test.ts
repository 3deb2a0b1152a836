import {
  decodeAclBody,
  hpkeSuite,
  isRaceteeError,
  managementContractAbi,
  parseRequestEnvelope,
  type RequestKind,
  requestAad,
  requestInfo,
  requestKinds,
  unpad,
} from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  createWalletClient,
  custom,
  decodeFunctionData,
  encodeFunctionResult,
  getAddress,
  type Hex,
  hexToBytes,
  keccak256,
  numberToHex,
  parseTransaction,
  zeroAddress,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { describe, expect, it } from 'vitest'
import { memorySecretStore } from '../secretStore/memorySecretStore.js'
import { txSecretKey } from '../secretStore/SecretStore.js'
import { setProgramAcl } from './setProgramAcl.js'

const recipient = await hpkeSuite().kem.deriveKeyPair(new Uint8Array(32).fill(9))
const requestPublicKey = new Uint8Array(await hpkeSuite().kem.serializePublicKey(recipient.publicKey))
const mc = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3')
const program = getAddress('0x2222222222222222222222222222222222222222')
const alice = getAddress('0xa11ce00000000000000000000000000000000001')
const carol = getAddress('0xca401000000000000000000000000000000000c3')
const account = privateKeyToAccount(`0x${'42'.repeat(32)}`)
const EPOCH = 2n
const feeOf = (gasLimit: bigint) => 1_000n + gasLimit * 7n

/** A node that answers what one request needs and keeps the raw transactions it is sent. */
function fakeNode() {
  const sent: Hex[] = []
  const methods: string[] = []
  const transport = custom({
    async request({ method, params }: { method: string; params?: unknown }) {
      methods.push(method)
      switch (method) {
        case 'eth_chainId':
          return numberToHex(foundry.id)
        case 'eth_call': {
          const { functionName, args } = decodeFunctionData({
            abi: managementContractAbi,
            data: (params as [{ data: Hex }])[0].data,
          })
          if (functionName === 'requiredFee')
            return encodeFunctionResult({
              abi: managementContractAbi,
              functionName,
              result: feeOf(args[0]),
            })
          if (functionName === 'epochInfo')
            return encodeFunctionResult({
              abi: managementContractAbi,
              functionName,
              result: {
                epoch: EPOCH,
                requestPublicKey: bytesToHex(requestPublicKey),
                rotationBlock: 1n,
                started: true,
              },
            })
          throw new TypeError(`unexpected call ${functionName}`)
        }
        case 'eth_estimateGas':
          return numberToHex(90_000)
        case 'eth_getTransactionCount':
          return '0x0'
        case 'eth_getBlockByNumber':
          return { baseFeePerGas: '0x1', number: '0x10', timestamp: '0x1', transactions: [] }
        case 'eth_maxPriorityFeePerGas':
          return '0x1'
        case 'eth_sendRawTransaction':
          sent.push((params as [Hex])[0])
          return keccak256((params as [Hex])[0])
        default:
          // JSON-RPC "method not found": viem then fills the transaction itself, without retrying.
          throw Object.assign(new TypeError(`unexpected ${method}`), { code: -32601 })
      }
    },
  })
  const wallet = createWalletClient({ account, chain: foundry, transport })
  return { sent, methods, wallet }
}

/** Opens a sent request the way an enclave does (P3) and returns the MC call and the ACL body. */
async function openSent(raw: Hex) {
  const tx = parseTransaction(raw as `0x02${string}`)
  const { functionName, args } = decodeFunctionData({ abi: managementContractAbi, data: tx.data! })
  if (functionName !== 'request') throw new TypeError(`sent ${functionName}`)
  const [to, kind, epoch, gasLimit, envelope] = args
  const { enc, ciphertext } = parseRequestEnvelope(hexToBytes(envelope))
  const context = await hpkeSuite().createRecipientContext({
    recipientKey: recipient,
    enc,
    info: requestInfo(BigInt(foundry.id), mc, epoch),
  })
  const padded = new Uint8Array(
    await context.open(ciphertext, requestAad(to, account.address, kind as RequestKind)),
  )
  return { tx, to, kind, epoch, gasLimit, envelope, body: decodeAclBody(unpad(padded, 128, 11)) }
}

describe('setProgramAcl', () => {
  it('sends a sealed acl request for the program with the list, keeping the admin, at gas 0', async () => {
    const { sent, wallet } = fakeNode()
    const secretStore = memorySecretStore()
    const { hash, requestId } = await setProgramAcl(wallet, {
      mc,
      program,
      acl: [alice.toLowerCase() as Address],
      secretStore,
    })
    expect(sent).toHaveLength(1)
    expect(hash).toBe(keccak256(sent[0]!))
    const opened = await openSent(sent[0]!)
    expect(opened.tx.to).toBe(mc.toLowerCase())
    expect(opened.tx.value).toBe(feeOf(0n))
    expect([opened.to, opened.kind, opened.epoch, opened.gasLimit]).toEqual([
      program,
      requestKinds.acl,
      EPOCH,
      0n,
    ])
    expect(opened.body).toEqual({ acl: [alice], newAdmin: zeroAddress })
    expect(requestId).toBe(keccak256(opened.envelope))
    // D8: the result secret is in the store under the tx hash, bound to this acl request.
    const record = await secretStore.get(txSecretKey(BigInt(foundry.id), hash))
    expect(record).toMatchObject({ program, kind: requestKinds.acl, caller: account.address })
    expect(record?.envelopeHash).toBe(requestId)
  })

  it('behavior: newAdmin hands the admin right over; gasLimit sets the fee; an empty acl is public', async () => {
    const { sent, wallet } = fakeNode()
    await setProgramAcl(wallet, {
      mc,
      program,
      acl: [],
      newAdmin: carol,
      gasLimit: 50_000n,
      secretStore: memorySecretStore(),
    })
    const opened = await openSent(sent[0]!)
    expect(opened.body).toEqual({ acl: [], newAdmin: carol })
    expect([opened.gasLimit, opened.tx.value]).toEqual([50_000n, feeOf(50_000n)])
  })

  it('error: a malformed program, acl entry or newAdmin is a TypeError before anything is read or sent', async () => {
    const { methods, wallet } = fakeNode()
    const base = { mc, program, acl: [alice], secretStore: memorySecretStore() }
    await expect(setProgramAcl(wallet, { ...base, program: '0x12' as Address })).rejects.toThrow(
      /program must be an address/,
    )
    await expect(setProgramAcl(wallet, { ...base, acl: [alice, '0xnope' as Address] })).rejects.toThrow(
      /acl\[1\]/,
    )
    await expect(setProgramAcl(wallet, { ...base, newAdmin: 'carol' as Address })).rejects.toThrow(/newAdmin/)
    await expect(setProgramAcl(wallet, { ...base, gasLimit: -1n })).rejects.toThrow(RangeError)
    expect(methods).toEqual([])
  })

  it('error: a wallet client without an account is SDK_INVALID_PARAMETER', async () => {
    const { wallet } = fakeNode()
    const noAccount = { ...wallet, account: undefined }
    const err = await setProgramAcl(noAccount as never, {
      mc,
      program,
      acl: [],
      secretStore: memorySecretStore(),
    }).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'SDK_INVALID_PARAMETER')).toBe(true)
  })
})
