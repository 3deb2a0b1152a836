import { confidentialErc20Artifact, sealedBidAuctionArtifact } from '@racetee/contracts'
import { type Address, maxUint256, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deploy, expectRevert, type PublicChain, reportGas, send, startPublicChain } from './publicChain.js'

// D9: the second-price sealed-bid auction paying in a ConfidentialERC20, as a public contract.

const abi = sealedBidAuctionArtifact.abi
const tokenAbi = confidentialErc20Artifact.abi
const RESERVE = 100n

let t: PublicChain
let token: Address
let auction: Address
let endTime: bigint

const [seller, alice, bob, carol] = [0, 1, 2, 3]
const account = (i: number) => t.accounts[i]!

const balanceOf = (who: Address) =>
  t.publicClient.readContract({
    address: token,
    abi: tokenAbi,
    functionName: 'balanceOf',
    args: [who],
    account: who,
  })

beforeAll(async () => {
  t = await startPublicChain()
  token = await deploy(t, account(seller), confidentialErc20Artifact, ['Pay', 'PAY', 10n ** 24n])
  endTime = (await t.publicClient.getBlock()).timestamp + 1_000n
  auction = await deploy(t, account(seller), sealedBidAuctionArtifact, [token, endTime, RESERVE])
  for (const i of [alice, bob, carol]) {
    await send(t, account(seller), token, tokenAbi, 'transfer', [account(i).address, 10_000n])
    await send(t, account(i), token, tokenAbi, 'approve', [auction, maxUint256])
  }
})
afterAll(async () => {
  await t?.stop()
})

describe('SealedBidAuction (public run)', () => {
  it('sells to the highest bidder at the second-highest bid and refunds everyone else', async () => {
    const first = await send(t, account(alice), auction, abi, 'bid', [500n])
    const second = await send(t, account(bob), auction, abi, 'bid', [800n])
    await send(t, account(carol), auction, abi, 'bid', [300n])
    // Alice raises past Bob: she wins and pays Bob's 800.
    const raise = await send(t, account(alice), auction, abi, 'bid', [1_200n])
    expect(
      await t.publicClient.readContract({
        address: auction,
        abi,
        functionName: 'bidOf',
        args: [account(alice).address],
        account: account(alice).address,
      }),
    ).toBe(1_200n)
    await expectRevert(t, account(alice), auction, abi, 'close', [], 'AuctionNotEnded')

    await t.testClient.setNextBlockTimestamp({ timestamp: endTime })
    await t.testClient.mine({ blocks: 1 })
    await expectRevert(t, account(bob), auction, abi, 'bid', [2_000n], 'AuctionEnded')
    const sellerBefore = await balanceOf(account(seller).address)
    const closed = await send(t, account(carol), auction, abi, 'close', [])
    const [event] = parseEventLogs({ abi, logs: closed.receipt.logs, eventName: 'Closed' })
    expect(event?.args).toEqual({ winner: account(alice).address, price: 800n })
    expect((await balanceOf(account(seller).address)) - sellerBefore).toBe(800n)
    expect(await balanceOf(account(alice).address)).toBe(10_000n - 800n)
    const withdrawn = await send(t, account(bob), auction, abi, 'withdraw', [])
    expect(withdrawn.result).toBe(800n)
    await send(t, account(carol), auction, abi, 'withdraw', [])
    expect(await balanceOf(account(bob).address)).toBe(10_000n)
    expect(await balanceOf(account(carol).address)).toBe(10_000n)
    expect(await balanceOf(auction)).toBe(0n)

    reportGas('auction', 'bid (first bid of a bidder)', second.receipt.gasUsed)
    reportGas('auction', 'bid (first bid of the auction)', first.receipt.gasUsed)
    reportGas('auction', 'bid (raise)', raise.receipt.gasUsed)
    reportGas('auction', 'close', closed.receipt.gasUsed)
    reportGas('auction', 'withdraw', withdrawn.receipt.gasUsed)
  })

  it('behavior: a bid is told to its bidder only', async () => {
    await expectRevert(t, account(bob), auction, abi, 'bidOf', [account(alice).address], 'NotBidder')
  })

  it('error: closing twice, withdrawing twice or the winner withdrawing reverts', async () => {
    await expectRevert(t, account(alice), auction, abi, 'close', [], 'AlreadyClosed')
    await expectRevert(t, account(bob), auction, abi, 'withdraw', [], 'NothingToWithdraw')
    await expectRevert(t, account(alice), auction, abi, 'withdraw', [], 'NothingToWithdraw')
  })

  it("error: a bid below the reserve, or not above one's own, reverts BidTooLow", async () => {
    const fresh = await deploy(t, account(seller), sealedBidAuctionArtifact, [
      token,
      (await t.publicClient.getBlock()).timestamp + 1_000n,
      RESERVE,
    ])
    await send(t, account(bob), token, tokenAbi, 'approve', [fresh, maxUint256])
    await expectRevert(t, account(bob), fresh, abi, 'bid', [RESERVE - 1n], 'BidTooLow')
    await send(t, account(bob), fresh, abi, 'bid', [RESERVE])
    await expectRevert(t, account(bob), fresh, abi, 'bid', [RESERVE], 'BidTooLow')
  })
})
