/**
 * A confidential DEX (D9): two confidential tokens and a constant-product pool with a 0.3 % fee
 * that moves both tokens inside one request (D5 inter-contract calls). We add liquidity, make
 * one trade and print what it paid out. The pool's reserves are public by design (a trader
 * needs them to quote); who traded how much stays sealed.
 *
 *   npm start                    (in another terminal: the local devnet)
 *   npx tsx examples/dex.ts
 */
import { confidentialDexArtifact, confidentialErc20Artifact } from '@racetee/contracts'
import { assertSuccess, callProgram, deployProgram, waitForResult } from '@racetee/sdk'
import { formatEther, type Hash, isAddressEqual, parseEther } from 'viem'
import { connect } from './support/connect.js'
import { runExample } from './support/runExample.js'

const SUPPLY = parseEther('1000000')
const LIQUIDITY_A = parseEther('1000')
const LIQUIDITY_B = parseEther('2000')
const SWAP_IN = parseEther('10')

runExample('dex', async () => {
  const { mc, publicClient, wallet, secretStore } = await connect()
  const erc20 = confidentialErc20Artifact.abi
  const dexAbi = confidentialDexArtifact.abi
  const done = async (hash: Hash) =>
    assertSuccess(await waitForResult(publicClient, { mc, hash, secretStore }))

  // 1. Deploy both tokens and the pool. A program's address is known as soon as its deploy is
  //    sent, so the pool's constructor can name the tokens before they exist; the chain orders
  //    the three deploys and the enclave runs them in that order.
  const deployToken = (name: string, symbol: string) =>
    deployProgram(wallet, {
      mc,
      bytecode: confidentialErc20Artifact.bytecode,
      abi: erc20,
      args: [name, symbol, SUPPLY],
      gasLimit: 3_000_000n,
      secretStore,
      publicClient,
    })
  const tokenA = await deployToken('Token A', 'TKA')
  const tokenB = await deployToken('Token B', 'TKB')
  const dex = await deployProgram(wallet, {
    mc,
    bytecode: confidentialDexArtifact.bytecode,
    abi: dexAbi,
    args: [tokenA.program, tokenB.program],
    gasLimit: 5_000_000n,
    secretStore,
    publicClient,
  })
  for (const d of [tokenA, tokenB, dex]) await done(d.hash)
  console.log(`token A      ${tokenA.program}`)
  console.log(`token B      ${tokenB.program}`)
  console.log(`dex          ${dex.program}`)

  // 2. Let the pool pull our tokens, then deposit. Sent back to back: the chain's order is the
  //    execution order, so the approvals run before the deposit that needs them.
  const common = { mc, secretStore, publicClient, gasLimit: 1_000_000n } as const
  const approveA = await callProgram(wallet, {
    ...common,
    program: tokenA.program,
    abi: erc20,
    functionName: 'approve',
    args: [dex.program, SUPPLY],
  })
  const approveB = await callProgram(wallet, {
    ...common,
    program: tokenB.program,
    abi: erc20,
    functionName: 'approve',
    args: [dex.program, SUPPLY],
  })
  const deposit = await callProgram(wallet, {
    ...common,
    program: dex.program,
    abi: dexAbi,
    functionName: 'addLiquidity',
    args: [LIQUIDITY_A, LIQUIDITY_B],
  })
  for (const hash of [approveA.hash, approveB.hash, deposit.hash]) await done(hash)
  console.log(`liquidity    ${formatEther(LIQUIDITY_A)} TKA + ${formatEther(LIQUIDITY_B)} TKB`)

  // 3. Trade: sell token A for token B. The swap calls both tokens inside the enclave; their
  //    Transfer events and the pool's Swap event come back only in our sealed result.
  const swap = await callProgram(wallet, {
    ...common,
    program: dex.program,
    abi: dexAbi,
    functionName: 'swap',
    args: [tokenA.program, SWAP_IN, 0n],
  })
  const result = await waitForResult(publicClient, {
    mc,
    hash: swap.hash,
    secretStore,
    abi: dexAbi,
    functionName: 'swap',
    eventAbis: [erc20],
  })
  assertSuccess(result)
  const amountOut = result.decoded as bigint // decoded is there whenever the status is success
  console.log(`swap in      ${SWAP_IN} (${formatEther(SWAP_IN)} TKA)`)
  console.log(`amount out   ${amountOut} (${formatEther(amountOut)} TKB)`)
  for (const event of result.events)
    if (event.eventName === 'Transfer') {
      const symbol = isAddressEqual(event.address, tokenA.program) ? 'TKA' : 'TKB'
      console.log(`event        Transfer ${formatEther(event.args.value)} ${symbol} to ${event.args.to}`)
    }
})
