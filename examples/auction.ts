/**
 * A sealed-bid second-price auction (D9, a Vickrey auction) paying in a confidential token. Two
 * bidders escrow their bids; nobody, not even the executors' hosts, sees a bid. After the end
 * time anyone may close: the highest bidder wins and pays the second-highest bid. The enclave
 * takes "now" from the proven block (D2.1), so no host can close the auction early.
 *
 *   npm start                    (in another terminal: the local devnet)
 *   npx tsx examples/auction.ts
 */
import { confidentialErc20Artifact, sealedBidAuctionArtifact } from '@racetee/contracts'
import { assertSuccess, callProgram, deployProgram, waitForResult } from '@racetee/sdk'
import { type Address, createWalletClient, type Hash, http, isAddressEqual, parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { connect } from './support/connect.js'
import { fail, runExample } from './support/runExample.js'

const BIDDING_SECONDS = 10n
const RESERVE_PRICE = 100n
const BIDS = { alice: 5_000n, bob: 7_000n }

runExample('auction', async () => {
  const { mc, chain, publicClient, wallet: seller, secretStore } = await connect()
  const erc20 = confidentialErc20Artifact.abi
  const auctionAbi = sealedBidAuctionArtifact.abi
  const done = async (hash: Hash) =>
    assertSuccess(await waitForResult(publicClient, { mc, hash, secretStore }))
  const common = { mc, secretStore, publicClient, gasLimit: 1_000_000n } as const

  // Two bidders with fresh keys, given a little ether for their requests' fees.
  const bidder = async () => {
    const wallet = createWalletClient({
      chain,
      transport: http(),
      account: privateKeyToAccount(generatePrivateKey()),
    })
    const funding = await seller.sendTransaction({ to: wallet.account.address, value: parseEther('0.1') })
    await publicClient.waitForTransactionReceipt({ hash: funding })
    return wallet
  }
  const alice = await bidder()
  const bob = await bidder()
  const names = new Map<Address, string>([
    [alice.account.address, 'alice'],
    [bob.account.address, 'bob'],
  ])
  console.log(`seller       ${seller.account.address}`)
  console.log(`alice        ${alice.account.address}`)
  console.log(`bob          ${bob.account.address}`)

  // 1. The payment token: the seller mints it and sends each bidder some.
  const pay = await deployProgram(seller, {
    ...common,
    bytecode: confidentialErc20Artifact.bytecode,
    abi: erc20,
    args: ['Payment Token', 'PAY', 1_000_000n],
    gasLimit: 3_000_000n,
  })
  const payAlice = await callProgram(seller, {
    ...common,
    program: pay.program,
    abi: erc20,
    functionName: 'transfer',
    args: [alice.account.address, 10_000n],
  })
  const payBob = await callProgram(seller, {
    ...common,
    program: pay.program,
    abi: erc20,
    functionName: 'transfer',
    args: [bob.account.address, 10_000n],
  })

  for (const hash of [pay.hash, payAlice.hash, payBob.hash]) await done(hash)

  // 2. The auction ends BIDDING_SECONDS after the chain's latest block: chain time, not this
  //    machine's clock, is what the enclave checks.
  const endTime = (await publicClient.getBlock()).timestamp + BIDDING_SECONDS
  const auction = await deployProgram(seller, {
    ...common,
    bytecode: sealedBidAuctionArtifact.bytecode,
    abi: auctionAbi,
    args: [pay.program, endTime, RESERVE_PRICE],
    gasLimit: 3_000_000n,
  })
  console.log(`auction      ${auction.program} (ends at chain time ${endTime}, reserve ${RESERVE_PRICE} PAY)`)

  // 3. Each bidder lets the auction take its escrow, then bids, right away: the chain orders
  //    the requests (the auction's deploy, then each approval before its bid), so nobody waits
  //    for a result before sending, and the bids are in blocks well before the end. The
  //    enclave checks each bid against the time of the block that ordered it.
  const bid = async (wallet: typeof alice, amount: bigint) => {
    const approve = await callProgram(wallet, {
      ...common,
      program: pay.program,
      abi: erc20,
      functionName: 'approve',
      args: [auction.program, amount],
    })
    const placed = await callProgram(wallet, {
      ...common,
      program: auction.program,
      abi: auctionAbi,
      functionName: 'bid',
      args: [amount],
    })
    return [approve.hash, placed.hash]
  }
  const bids = await Promise.all([bid(alice, BIDS.alice), bid(bob, BIDS.bob)])
  for (const hash of [auction.hash, ...bids.flat()]) await done(hash)
  console.log(`bids         alice and bob bid (sealed: only each bidder can read its own bid)`)

  // 4. Wait for the end. On a devnet without a block time no block comes unless a transaction
  //    does, so wait out the remaining chain seconds on the local clock; the chain's clock
  //    moves with it, and the close request's block is then past the end.
  const left = endTime - (await publicClient.getBlock()).timestamp + 1n
  if (left > 0n) {
    console.log(`waiting      ${left} s for the bidding to end`)
    await new Promise((resolve) => setTimeout(resolve, Number(left) * 1000))
  }
  const close = await callProgram(seller, {
    ...common,
    program: auction.program,
    abi: auctionAbi,
    functionName: 'close',
  })
  const closed = await waitForResult(publicClient, { mc, hash: close.hash, secretStore, abi: auctionAbi })
  assertSuccess(closed)
  // The Closed event is part of the closer's sealed result: the winner and the price it pays.
  const event = closed.events.find((e) => e.eventName === 'Closed')
  if (event?.eventName !== 'Closed') fail('close() emitted no Closed event')
  const { winner, price } = event.args
  const name = [...names].find(([address]) => isAddressEqual(address, winner))?.[1] ?? 'nobody we know'
  console.log(`winner       ${name} (${winner})`)
  console.log(`price        ${price} PAY (the second-highest bid)`)
})
