import { type Hex, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confidentialErc20Artifact, publicTokenArtifact } from '../artifacts/index.js'
import { expectRevert, startTestChain, type TestChain } from './support/testChain.js'

// ConfidentialERC20 normally runs inside the enclave (D5); its access rules are plain Solidity,
// so they are tested here on anvil.

let t: TestChain
let token: Hex
const abi = confidentialErc20Artifact.abi

beforeAll(async () => {
  t = await startTestChain({ genesis: false })
  const deployer = t.wallet(t.accounts.user)
  const hash = await deployer.deployContract({
    abi,
    bytecode: confidentialErc20Artifact.bytecode,
    args: ['Confidential', 'CFD', 1_000n],
  })
  token = (await t.publicClient.waitForTransactionReceipt({ hash })).contractAddress!
})
afterAll(async () => {
  await t?.stop()
})

const balanceOf = (who: Hex, as: Hex) =>
  t.publicClient.readContract({ address: token, abi, functionName: 'balanceOf', args: [who], account: as })

describe('ConfidentialERC20 (D5)', () => {
  it('transfers like an ERC20 and tells a balance only to its owner', async () => {
    const { user, user2 } = t.accounts
    const hash = await t.wallet(user).writeContract({
      address: token,
      abi,
      functionName: 'transfer',
      args: [user2.address, 250n],
    })
    const receipt = await t.publicClient.waitForTransactionReceipt({ hash })
    expect(parseEventLogs({ abi, logs: receipt.logs, eventName: 'Transfer' })[0]?.args.value).toBe(250n)
    expect(await balanceOf(user.address, user.address)).toBe(750n)
    expect(await balanceOf(user2.address, user2.address)).toBe(250n)
    expect(await t.publicClient.readContract({ address: token, abi, functionName: 'totalSupply' })).toBe(
      1_000n,
    )
  })

  it('error: anyone else reading a balance reverts NotAuthorisedViewer, until approved as viewer', async () => {
    const { user, user2, host } = t.accounts
    await expect(balanceOf(user.address, user2.address)).rejects.toThrow(/NotAuthorisedViewer/)
    const hash = await t.wallet(user).writeContract({
      address: token,
      abi,
      functionName: 'setViewer',
      args: [host.address, true],
    })
    await t.publicClient.waitForTransactionReceipt({ hash })
    expect(await balanceOf(user.address, host.address)).toBe(750n)
    await expect(balanceOf(user.address, user2.address)).rejects.toThrow(/NotAuthorisedViewer/)
  })

  it('behavior: allowances are visible to owner, spender and viewer only; transferFrom works', async () => {
    const { user, user2, host, governance } = t.accounts
    await t.publicClient.waitForTransactionReceipt({
      hash: await t
        .wallet(user)
        .writeContract({ address: token, abi, functionName: 'approve', args: [user2.address, 100n] }),
    })
    const allowance = (as: Hex) =>
      t.publicClient.readContract({
        address: token,
        abi,
        functionName: 'allowance',
        args: [user.address, user2.address],
        account: as,
      })
    expect(await allowance(user.address)).toBe(100n)
    expect(await allowance(user2.address)).toBe(100n)
    expect(await allowance(host.address)).toBe(100n)
    await expect(allowance(governance.address)).rejects.toThrow(/NotAuthorisedViewer/)
    await expectRevert(
      t.wallet(user2).writeContract({
        address: token,
        abi,
        functionName: 'transferFrom',
        args: [user.address, user2.address, 101n],
      }),
      'ERC20InsufficientAllowance',
    )
    await t.publicClient.waitForTransactionReceipt({
      hash: await t.wallet(user2).writeContract({
        address: token,
        abi,
        functionName: 'transferFrom',
        args: [user.address, user2.address, 100n],
      }),
    })
    expect(await balanceOf(user2.address, user2.address)).toBe(350n)
  })

  it('behavior: the public baseline token answers anyone (D9)', async () => {
    const hash = await t.wallet(t.accounts.user).deployContract({
      abi: publicTokenArtifact.abi,
      bytecode: publicTokenArtifact.bytecode,
      args: ['Public', 'PUB', 5n],
    })
    const address = (await t.publicClient.waitForTransactionReceipt({ hash })).contractAddress!
    const balance = await t.publicClient.readContract({
      address,
      abi: publicTokenArtifact.abi,
      functionName: 'balanceOf',
      args: [t.accounts.user.address],
      account: t.accounts.user2.address,
    })
    expect(balance).toBe(5n)
  })
})
