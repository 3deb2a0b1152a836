import { encodeProgramHead, type ProgramHead } from '@racetee/protocol'
import { type Address, bytesToHex, type Hex, keccak256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { SealedProgramLoader } from './sealedProgramLoader.js'
import { A, amount128, B, chainId, kinds, mc, token } from './test/batchWorld.js'
import { type RotationPolicy, RotationWorld, rotatingTokenBody } from './test/rotationWorld.js'
import { transferBody } from './test/token.js'
import type { BlobSource, ChainFacts } from './types.js'

/** A loader over `world`'s blobs that sees `program` at the digest of `head` (stored beside them). */
function loaderAt(world: RotationWorld, head: ProgramHead): SealedProgramLoader {
  const headBytes = encodeProgramHead(head)
  const digest = keccak256(headBytes)
  const facts: ChainFacts = {
    lastCommit: () => world.chain.lastCommit(),
    checkpointAt: (toBlock) => world.chain.checkpointAt(toBlock),
    program: async () => ({ registered: true, digest }),
  }
  const blobs: BlobSource = {
    get: async (hash: Hex) => (hash === digest ? headBytes : world.chain.get(hash)),
  }
  return new SealedProgramLoader({ chainId, mc, facts, blobs, keyring: world.keyring })
}

/** Every page of `program` in clear, as hex by page (test only). */
async function pagesOf(loader: SealedProgramLoader, program: Address): Promise<Record<string, string[]>> {
  const loaded = await loader.program(program)
  const out: Record<string, string[]> = {}
  for (const page of loaded?.index.keys() ?? []) {
    const slots = await loader.loadPage(program, page)
    out[page.toString()] = [...slots.entries()].map(([offset, value]) => `${offset}:${bytesToHex(value)}`)
  }
  return out
}

/** A token rotated once (rotateEvery 2): its state before and after, and its pages before. */
async function rotatedToken(policy: RotationPolicy) {
  const world = new RotationWorld()
  world.push(await world.seal(1n, A, kinds.deploy, rotatingTokenBody(amount128() << 8n, policy)))
  world.push(await world.seal(1n, A, kinds.call, transferBody(B, amount128())))
  await world.run(1n)
  const before = await world.state()
  const pagesBefore = await pagesOf(loaderAt(world, before.head), token)
  world.push(await world.seal(2n, A, kinds.call, transferBody(B, 1n)))
  await world.run(2n)
  const after = await world.state()
  return { world, before, after, pagesBefore }
}

describe('SealedProgramLoader', () => {
  test('opens a rotated program under its current key version', async () => {
    const { world, after, pagesBefore } = await rotatedToken({ rotateEvery: 2, keepHistory: false })
    expect(after.info.keyVersion).toBe(1)
    const loader = loaderAt(world, after.head)
    const loaded = await loader.program(token)
    expect(loaded?.info.keyVersion).toBe(1)
    expect(Object.keys(await pagesOf(loader, token))).toEqual(Object.keys(pagesBefore))
    await loader.wipe()
    expect(loaded?.info.programKey.every((b) => b === 0)).toBe(true)
  })

  test('behavior: under keepHistory a blob of an older version opens with the retained key', async () => {
    const { world, before, after, pagesBefore } = await rotatedToken({ rotateEvery: 2, keepHistory: true })
    // The new Info (version 1, history [K_0]) over the old code and pages (version 0).
    const loader = loaderAt(world, { ...before.head, infoHash: after.head.infoHash })
    const loaded = await loader.program(token)
    expect(loaded?.info).toMatchObject({ keyVersion: 1, retainedKeys: [before.info.programKey] })
    expect(await pagesOf(loader, token)).toEqual(pagesBefore)
    await loader.wipe()
  })

  test('error: without history a blob of an older version is ENCLAVE_KEY_VERSION_UNAVAILABLE', async () => {
    const { world, before, after } = await rotatedToken({ rotateEvery: 2, keepHistory: false })
    const loader = loaderAt(world, { ...before.head, infoHash: after.head.infoHash })
    const caught = await loader.program(token).catch((error: unknown) => error)
    expect(caught).toMatchObject({ code: 'ENCLAVE_KEY_VERSION_UNAVAILABLE' })
    // Public details only: the program, the blob and both versions; no key material.
    const text = JSON.stringify(caught, Object.getOwnPropertyNames(caught as object))
    expect(text).toContain('version 0, current 1')
    expect(text).not.toContain(bytesToHex(before.info.programKey).slice(2))
    expect(text).not.toContain(bytesToHex(after.info.programKey).slice(2))
  })
})
