/**
 * The leak scanner against planted leaks: on a real anvil (calldata, ether value, log data and
 * topics, a public ERC20 transfer) and in a temporary directory (raw bytes, decimal, mixed-case
 * hex, keys). Every planted leak must be found where it was planted and nowhere else, so a
 * scanner that misses a form, a location or a file fails these tests.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { publicTokenArtifact } from '@racetee/contracts'
import { startAnvil } from '@racetee/contracts/devchain'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  type Hex,
  http,
  type PublicClient,
  stringToHex,
  toHex,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Finding, needlesFor, needlesForBytes, scanChain, scanFiles } from './scanForPlaintext.js'

type Form = 'word' | 'hex' | 'decimal' | 'bytes'

/** A random 128-bit amount, top bit set so it has 32 hex digits, as the e2e tests use. */
const amount = (): bigint => (1n << 127n) | BigInt(`0x${randomBytes(16).toString('hex')}`)
const word = (value: bigint): Hex => encodeAbiParameters([{ type: 'uint256' }], [value])
const not = (value: bigint): bigint => ((1n << 256n) - 1n) ^ value

/** The findings a leak of `value` in `forms` at `where` must produce. */
function planted(where: string, value: bigint, forms: readonly Form[]): Finding[] {
  return needlesFor([value])
    .filter((needle) => forms.includes(needle.form))
    .map((needle) => ({ where, needle: needle.label }))
}

const byPlace = (a: Finding, b: Finding) =>
  a.where === b.where ? a.needle.localeCompare(b.needle) : a.where.localeCompare(b.where)

describe('needlesFor', () => {
  test('every form of an amount: ABI word, minimal hex, decimal, raw bytes', () => {
    const [value, large] = [0x123456789abcdef0123456789abcdefn, (1n << 128n) + 1n]
    expect(needlesFor([value, large]).map(({ form, pattern }) => ({ form, pattern }))).toEqual([
      { form: 'word', pattern: `${'0'.repeat(33)}123456789abcdef0123456789abcdef` },
      { form: 'hex', pattern: '123456789abcdef0123456789abcdef' },
      { form: 'decimal', pattern: '1512366075204170929049582354406559215' },
      { form: 'bytes', pattern: '0123456789abcdef0123456789abcdef' },
      { form: 'word', pattern: `${'0'.repeat(31)}1${'0'.repeat(31)}1` },
      { form: 'hex', pattern: `1${'0'.repeat(31)}1` },
      { form: 'decimal', pattern: '340282366920938463463374607431768211457' },
      { form: 'bytes', pattern: `01${'0'.repeat(31)}1` },
    ])
    const key = Uint8Array.from({ length: 32 }, (_, i) => i + 0xa0)
    expect(needlesForBytes([key]).map(({ form, pattern }) => ({ form, pattern }))).toEqual([
      { form: 'hex', pattern: Buffer.from(key).toString('hex') },
      { form: 'bytes', pattern: Buffer.from(key).toString('hex') },
    ])
  })

  test('behavior: labels show at most 6 hex digits of the secret', () => {
    const value = amount()
    const key = randomBytes(32)
    const labels = [...needlesFor([value]), ...needlesForBytes([key])].map((needle) => needle.label)
    for (const label of labels) {
      expect(label).not.toContain(value.toString(16).slice(0, 7))
      expect(label).not.toContain(value.toString(10).slice(0, 7))
      expect(label).not.toContain(key.toString('hex').slice(0, 7))
    }
  })

  test('error: values that would match by chance, and short secrets', () => {
    expect(() => needlesFor([5n])).toThrow(RangeError)
    expect(() => needlesFor([(1n << 60n) - 1n])).toThrow(RangeError)
    expect(() => needlesFor([1n << 256n])).toThrow(RangeError)
    expect(() => needlesForBytes([new Uint8Array(7)])).toThrow(RangeError)
  })
})

describe('scanChain', () => {
  let stop: (() => Promise<void>) | undefined
  let client: PublicClient
  let wallet: WalletClient
  let peer: Address

  beforeAll(async () => {
    const anvil = await startAnvil()
    stop = anvil.stop
    // cacheTime 0: viem would otherwise serve a block number up to 4 s old.
    client = createPublicClient({ cacheTime: 0, transport: http(anvil.rpcUrl) }) as PublicClient
    const [sender, receiver] = anvil.accounts.map((key) => privateKeyToAccount(key))
    wallet = createWalletClient({ account: sender!, chain: foundry, transport: http(anvil.rpcUrl) })
    peer = receiver!.address
  })

  afterAll(async () => {
    await stop?.()
  })

  /** Sends, waits, and returns the block the transaction landed in (automine: one per block). */
  async function send(tx: { to?: Address; data?: Hex; value?: bigint }): Promise<bigint> {
    const hash = await wallet.sendTransaction({ ...tx, account: wallet.account!, chain: foundry })
    const receipt = await client.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    return receipt.blockNumber
  }

  test('finds each planted amount where it was planted, and nothing in clean transactions', async () => {
    const [inCalldata, inLogData, inTopic, inDecimal, inValue, inTransfer, absent] = [
      amount(),
      amount(),
      amount(),
      amount(),
      (1n << 62n) | BigInt(`0x${randomBytes(7).toString('hex')}`), // wei a dev account can pay
      amount(),
      amount(),
    ]
    const fromBlock = (await client.getBlockNumber()) + 1n
    const calldataBlock = await send({ to: peer, data: word(inCalldata) })
    const cleanBlock = await send({ to: peer, data: toHex(randomBytes(64)) })
    // Hand-assembled: runtime LOG1(data = ~calldata[0:32], topic = ~calldata[32:64]), so the
    // amounts reach the log without ever being in calldata. Init code copies it and returns it.
    const runtime = '5f35195f526020351960205fa100'
    const deployBlock = await send({ data: `0x600e8060095f395ff3${runtime}` })
    const echo = (await client.getBlock({ blockNumber: deployBlock, includeTransactions: true }))
      .transactions[0]!
    const echoAddress = (await client.getTransactionReceipt({ hash: echo.hash })).contractAddress!
    const logBlock = await send({
      to: echoAddress,
      data: `${word(not(inLogData))}${word(not(inTopic)).slice(2)}`,
    })
    const decimalBlock = await send({ to: peer, data: stringToHex(`{"amount":"${inDecimal}"}`) })
    const valueBlock = await send({ to: peer, value: inValue })
    const token = await wallet.deployContract({
      ...publicTokenArtifact,
      args: ['Public', 'PUB', 1n << 200n],
      account: wallet.account!,
      chain: foundry,
    })
    const tokenAddress = (await client.waitForTransactionReceipt({ hash: token })).contractAddress!
    const transferBlock = await send({
      to: tokenAddress,
      data: `0xa9059cbb${word(BigInt(peer)).slice(2)}${word(inTransfer).slice(2)}`, // transfer(peer, amount)
    })
    const toBlock = await client.getBlockNumber()

    const needles = needlesFor([inCalldata, inLogData, inTopic, inDecimal, inValue, inTransfer, absent])
    const findings = await scanChain({ client, fromBlock, toBlock, needles })

    const numeric = ['word', 'hex', 'bytes'] as const
    const expected = [
      ...planted(`block ${calldataBlock} tx 0 input`, inCalldata, numeric),
      ...planted(`block ${logBlock} tx 0 log 0 data`, inLogData, numeric),
      ...planted(`block ${logBlock} tx 0 log 0 topic 0`, inTopic, numeric),
      ...planted(`block ${decimalBlock} tx 0 input`, inDecimal, ['decimal']),
      ...planted(`block ${valueBlock} tx 0 value`, inValue, numeric),
      ...planted(`block ${transferBlock} tx 0 input`, inTransfer, numeric),
      ...planted(`block ${transferBlock} tx 0 log 0 data`, inTransfer, numeric),
    ]
    expect(expected.length).toBe(19)
    expect([...findings].sort(byPlace)).toEqual(expected.sort(byPlace))
    expect(findings.some((finding) => finding.where.startsWith(`block ${cleanBlock} `))).toBe(false)

    // behavior: a range that holds only clean blocks is clean.
    const clean = await scanChain({ client, fromBlock: cleanBlock, toBlock: deployBlock, needles })
    expect(clean).toEqual([])
  })

  test('error: an inverted range', async () => {
    await expect(scanChain({ client, fromBlock: 2n, toBlock: 1n, needles: [] })).rejects.toThrow(RangeError)
  })
})

describe('scanFiles', () => {
  let dir = ''

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'racetee-scan-'))
  })

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test('finds raw bytes, decimal and mixed-case hex in nested files, and nothing in clean ones', async () => {
    const [asBytes, asDecimal, absent] = [amount(), amount(), amount()]
    // Leading 0xab: the hex has letters, so mixing their case is guaranteed to change it.
    const asHex = (0xabn << 120n) | BigInt(`0x${randomBytes(15).toString('hex')}`)
    const key = randomBytes(32)
    const raw = Buffer.from(asBytes.toString(16).padStart(32, '0'), 'hex')
    const mixed = word(asHex).replace(/[a-f]/g, (c, i: number) => (i % 2 ? c.toUpperCase() : c))
    expect(mixed).not.toBe(mixed.toLowerCase())

    await mkdir(join(dir, 'nested', 'deep'), { recursive: true })
    const files = {
      raw: join(dir, 'blob.bin'),
      decimal: join(dir, 'nested', 'deep', 'executor.log'),
      hex: join(dir, 'nested', 'state.json'),
      key: join(dir, 'nested', 'key.bin'),
      clean: join(dir, 'clean.bin'),
    }
    await writeFile(files.raw, Buffer.concat([randomBytes(100), raw, randomBytes(100)]))
    await writeFile(files.decimal, `{"level":30,"msg":"settled","amount":${asDecimal}}\n`)
    await writeFile(files.hex, `{"slot":"${mixed}"}`)
    await writeFile(files.key, Buffer.concat([Buffer.from([0x01]), key]))
    await writeFile(files.clean, Buffer.concat([randomBytes(256), Buffer.from(word(amount()))]))
    await symlink('..', join(dir, 'nested', 'loop')) // a cycle must neither hang nor double-count

    const needles = [...needlesFor([asBytes, asDecimal, asHex, absent]), ...needlesForBytes([key])]
    const findings = await scanFiles({ paths: [dir], needles })

    const keyLabel = needlesForBytes([key]).find((needle) => needle.form === 'bytes')!.label
    const expected = [
      ...planted(files.raw, asBytes, ['bytes']),
      ...planted(files.decimal, asDecimal, ['decimal']),
      ...planted(files.hex, asHex, ['word', 'hex']),
      { where: files.key, needle: keyLabel },
    ]
    expect(expected.length).toBe(5)
    expect([...findings].sort(byPlace)).toEqual(expected.sort(byPlace))

    // behavior: a file named directly is scanned; a clean one alone gives nothing.
    expect(await scanFiles({ paths: [files.decimal], needles })).toHaveLength(1)
    expect(await scanFiles({ paths: [files.clean], needles })).toEqual([])
  })

  test('behavior: a key written as hex text is found in any letter case', async () => {
    const key = randomBytes(32)
    const path = join(dir, 'key.txt')
    await writeFile(path, `KEY=${key.toString('hex').toUpperCase()}\n`)
    const findings = await scanFiles({ paths: [path], needles: needlesForBytes([key]) })
    expect(findings.map((finding) => finding.needle)).toEqual([
      `secret ${key.toString('hex').slice(0, 6)}… as hex`,
    ])
  })

  test('error: a missing path or no path at all', async () => {
    const needles = needlesFor([amount()])
    await expect(scanFiles({ paths: [join(dir, 'missing')], needles })).rejects.toThrow(/ENOENT/)
    await expect(scanFiles({ paths: [], needles })).rejects.toThrow(RangeError)
  })
})
