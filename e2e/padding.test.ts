/**
 * D4 "Lengths" end to end, every part a real process (anvil, the MC, one storage node, one
 * executor with its enclave child under SIMULATION): a transfer and a call carrying 100 bytes
 * of argument, sent through the SDK, are one length everywhere the public sees them: the
 * `payload` of their `Request` events on chain, and their sealed entries in the results
 * bundle the storage node serves. Their calldata (68 and 196 bytes) and their results (a
 * bool, and nothing) differ in length; the buckets hide that. The calls use the SDK's
 * `minBucket` 256, the request bucket that holds the larger calldata (P3).
 */
import { compileSolidity } from '@racetee/contracts/solc'
import { type Devnet, startDevnet } from '@racetee/devnet'
import { decodeResultsBundle, managementContractAbi, SIV_TAG_LENGTH } from '@racetee/protocol'
import {
  callProgram,
  deployProgram,
  fetchResultsBundle,
  memorySecretStore,
  waitForResult,
} from '@racetee/sdk'
import { type Abi, bytesToHex, type Hash, type Hex, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const source = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.31;
contract Probe {
  mapping(address => uint256) public balances;
  bytes32 public lastNote;
  function transfer(address to, uint256 v) external returns (bool) { balances[to] += v; return true; }
  function note(bytes calldata data) external { lastNote = keccak256(data); }
}
`
const probe = compileSolidity({ 'e2e/Probe.sol': source })['e2e/Probe.sol']!.Probe!
const REQUEST_BUCKET = 256
/** A ResultV1 of a short return value and no logs fits 256 bytes (P4, default minimum 128). */
const RESULT_BUCKET = 256

type Seen = { payloadLength: number; sealedLength: number }

describe('padding on the devnet', () => {
  let devnet: Devnet | undefined
  let seen: Seen[]

  beforeAll(async () => {
    devnet = await startDevnet()
    const { mc, publicClient } = devnet
    const wallet = devnet.wallet(devnet.userKeys[0]!)
    const bob = devnet.wallet(devnet.userKeys[1]!).account.address
    const secretStore = memorySecretStore()
    const wait = { mc, secretStore, pollingInterval: 100, timeout: 60_000 } as const
    const deployed = await deployProgram(wallet, {
      mc,
      bytecode: probe.bytecode,
      gasLimit: 1_000_000n,
      secretStore,
      publicClient,
    })
    expect((await waitForResult(publicClient, { ...wait, hash: deployed.hash })).status).toBe('success')

    const call = {
      mc,
      program: deployed.program,
      abi: probe.abi as Abi,
      gasLimit: 200_000n,
      secretStore,
      publicClient,
      minBucket: REQUEST_BUCKET,
    }
    const hashes: Hash[] = [
      (await callProgram(wallet, { ...call, functionName: 'transfer', args: [bob, 10n ** 18n] })).hash,
      (
        await callProgram(wallet, {
          ...call,
          functionName: 'note',
          args: [bytesToHex(new Uint8Array(100).fill(0x5a))],
        })
      ).hash,
    ]
    seen = await Promise.all(
      hashes.map(async (hash): Promise<Seen> => {
        const result = await waitForResult(publicClient, { ...wait, hash })
        expect(result.status).toBe('success')
        // What the chain shows: the Request event's payload.
        const receipt = await publicClient.getTransactionReceipt({ hash })
        const [request] = parseEventLogs({
          abi: managementContractAbi,
          eventName: 'Request',
          logs: receipt.logs,
        })
        // What the storage node serves: the bundle named by the covering commit's resultsHash.
        const [committed] = parseEventLogs({
          abi: managementContractAbi,
          eventName: 'Committed',
          args: { commitId: result.commitId },
          logs: await publicClient.getLogs({ address: mc, fromBlock: receipt.blockNumber }),
        })
        const bundle = await fetchResultsBundle({
          urls: devnet!.storage.map((node) => node.url),
          resultsHash: committed!.args.resultsHash as Hex,
        })
        const entry = decodeResultsBundle(bundle).find((e) => e.seq === result.seq)
        return {
          payloadLength: (request!.args.payload.length - 2) / 2,
          sealedLength: entry!.sealed.length,
        }
      }),
    )
  }, 120_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  test('a transfer and a call with 100 bytes of argument are one length on chain and in storage', () => {
    expect(seen).toEqual([
      { payloadLength: 1 + 32 + REQUEST_BUCKET + 16, sealedLength: RESULT_BUCKET + SIV_TAG_LENGTH },
      { payloadLength: 1 + 32 + REQUEST_BUCKET + 16, sealedLength: RESULT_BUCKET + SIV_TAG_LENGTH },
    ])
  })
})
