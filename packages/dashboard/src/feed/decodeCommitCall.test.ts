import {
  availabilitySigningHash,
  type Commit,
  commitSigningHash,
  managementContractAbi,
  raceteeDomain,
} from '@racetee/protocol'
import { encodeFunctionData, type Hex, numberToHex, pad } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { decodeCommitCall } from './decodeCommitCall.js'

const domain = raceteeDomain(31337, '0x5FbDB2315678afecb367f032d93F642f64180aa3')
const key = (n: number): Hex => pad(numberToHex(n), { size: 32 })
const enclave = privateKeyToAccount(key(0xe1))
const nodes = [privateKeyToAccount(key(0x51)), privateKeyToAccount(key(0x52))] as const

const commit: Commit = {
  body: {
    prevCommit: key(0xc0),
    fromBlock: 10n,
    toBlock: 12n,
    toSeq: 4n,
    accAfter: key(0xacc),
    epoch: 0n,
    reads: [],
    updates: [
      { program: '0x1111111111111111111111111111111111111111', prevDigest: key(1), newDigest: key(2) },
    ],
    created: [],
    resultsHash: key(0x7e5),
    blobsRoot: key(0xb10b),
  },
  beneficiary: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
}

async function commitCall(executorSignature?: Hex, storageSignatures?: Hex[]): Promise<Hex> {
  const availability = availabilitySigningHash(domain, {
    prevCommit: commit.body.prevCommit,
    blobsRoot: commit.body.blobsRoot,
  })
  return encodeFunctionData({
    abi: managementContractAbi,
    functionName: 'commit',
    args: [
      commit,
      executorSignature ?? (await enclave.sign({ hash: commitSigningHash(domain, commit) })),
      storageSignatures ?? (await Promise.all(nodes.map((n) => n.sign({ hash: availability })))),
      0n,
    ],
  })
}

describe('decodeCommitCall', () => {
  test('reads body, beneficiary, signing enclave and confirming storage nodes from calldata', async () => {
    const decoded = await decodeCommitCall(domain, await commitCall())
    expect(decoded).toEqual({
      body: commit.body,
      beneficiary: commit.beneficiary,
      signer: enclave.address,
      storageSigners: nodes.map((n) => n.address),
    })
  })

  test('behavior: another deployment domain recovers another signer (signatures bind chain and MC)', async () => {
    const other = raceteeDomain(1, '0x5FbDB2315678afecb367f032d93F642f64180aa3')
    const decoded = await decodeCommitCall(other, await commitCall())
    expect(decoded?.signer).not.toBe(enclave.address)
    expect(decoded?.storageSigners).not.toContain(nodes[0].address)
  })

  test('behavior: a signature that does not recover gives a null signer; such storage signatures are left out', async () => {
    const good = await nodes[0].sign({
      hash: availabilitySigningHash(domain, {
        prevCommit: commit.body.prevCommit,
        blobsRoot: commit.body.blobsRoot,
      }),
    })
    const decoded = await decodeCommitCall(domain, await commitCall('0x1234', ['0xdead', good]))
    expect(decoded?.signer).toBeNull()
    expect(decoded?.storageSigners).toEqual([nodes[0].address])
  })

  test('behavior: calldata of another MC function or of nothing at all is not a commit', async () => {
    const request = encodeFunctionData({
      abi: managementContractAbi,
      functionName: 'lastCommit',
    })
    expect(await decodeCommitCall(domain, request)).toBeUndefined()
    expect(await decodeCommitCall(domain, '0x')).toBeUndefined()
    expect(await decodeCommitCall(domain, '0xdeadbeef00')).toBeUndefined()
  })
})
