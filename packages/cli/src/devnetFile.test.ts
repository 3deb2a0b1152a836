import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { anvilDevKeys } from '@racetee/contracts/devchain'
import { errorCodes, isRaceteeError } from '@racetee/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type DevnetLike,
  describeDevnet,
  latestDevnetPath,
  readDevnetFile,
  removeDevnetFile,
  writeDevnetFile,
} from './devnetFile.js'

const devnet: DevnetLike = {
  rpcUrl: 'http://127.0.0.1:8545',
  wsUrl: 'ws://127.0.0.1:8545',
  chainId: 31337,
  mc: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  deployBlock: 1n,
  userKeys: [anvilDevKeys[3], anvilDevKeys[4]],
  storage: [{ url: 'http://127.0.0.1:1', signer: '0x1c3194066D5A473b67944Cc5e0cC3df07B4fEd61' }],
  executors: [
    {
      healthUrl: 'http://127.0.0.1:2',
      enclave: '0x5c1f1E680866774Cf0CEe54cFb8439011Dc344be',
      account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    },
  ],
}

describe('devnetFile', () => {
  const dirs: string[] = []
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'racetee-cli-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('writes and reads back the devnet description with its test accounts', () => {
    const cwd = tempDir()
    const described = describeDevnet(devnet, null)
    writeDevnetFile(latestDevnetPath(cwd), described)
    const read = readDevnetFile(latestDevnetPath(cwd))
    expect(read).toEqual(described)
    expect(read?.deployBlock).toBe('1')
    expect(read?.simulation).toBe(true)
    expect(read?.testAccounts[0]).toEqual({
      address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
      privateKey: anvilDevKeys[3],
    })
  })

  it('behavior: the test keys can be reordered, and a missing file reads as null', () => {
    const described = describeDevnet(devnet, 'http://127.0.0.1:3', [anvilDevKeys[4]])
    expect(described.testAccounts.map((a) => a.privateKey)).toEqual([anvilDevKeys[4]])
    expect(described.dashboardUrl).toBe('http://127.0.0.1:3')
    const cwd = tempDir()
    expect(readDevnetFile(latestDevnetPath(cwd))).toBeNull()
    writeDevnetFile(latestDevnetPath(cwd), described)
    removeDevnetFile(latestDevnetPath(cwd))
    expect(readDevnetFile(latestDevnetPath(cwd))).toBeNull()
  })

  it('error: a file that is not a devnet description is CLI_BAD_INPUT', () => {
    const path = join(tempDir(), 'devnet.json')
    writeFileSync(path, '{"rpcUrl": 1}')
    try {
      readDevnetFile(path)
      expect.unreachable()
    } catch (err) {
      expect(isRaceteeError(err, errorCodes.CLI_BAD_INPUT)).toBe(true)
    }
  })
})
