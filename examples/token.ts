/**
 * A confidential token (D8, D9's `ConfidentialERC20`): deploy it, send a transfer, and read the
 * decrypted results. On chain there is only ciphertext: the recipient, the amount and every
 * balance stay inside the enclave, and only the sender can open its own results.
 *
 *   npm start                    (in another terminal: the local devnet)
 *   npx tsx examples/token.ts
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import { assertSuccess, callProgram, deployProgram, waitForResult } from '@racetee/sdk'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { connect } from './support/connect.js'
import { runExample } from './support/runExample.js'

const SUPPLY = 1_000_000n
const AMOUNT = 1_234n

runExample('token', async () => {
  const { mc, publicClient, wallet, secretStore } = await connect()
  const { abi, bytecode } = confidentialErc20Artifact
  const me = wallet.account.address
  console.log(`account      ${me}`)

  // 1. Deploy. The code and constructor arguments travel encrypted to the enclaves; the
  //    program's address is known at once, its constructor runs when an executor commits.
  const deploy = await deployProgram(wallet, {
    mc,
    bytecode,
    abi,
    args: ['Example Token', 'EXT', SUPPLY],
    gasLimit: 3_000_000n,
    secretStore,
    publicClient,
  })
  assertSuccess(await waitForResult(publicClient, { mc, hash: deploy.hash, secretStore }))
  console.log(`token        ${deploy.program} (supply ${SUPPLY}, all mine)`)

  // 2. Transfer to a fresh address. The calldata is sealed: observers see who sent a request
  //    to which program, not to whom or how much.
  const recipient = privateKeyToAccount(generatePrivateKey()).address
  const token = { mc, program: deploy.program, abi, secretStore, publicClient } as const
  const transfer = await callProgram(wallet, {
    ...token,
    functionName: 'transfer',
    args: [recipient, AMOUNT],
    gasLimit: 200_000n,
  })
  // Waiting means: the request's block gets committed, the results bundle is fetched from a
  // storage node, and our own result in it is decrypted with the secret kept when sending.
  const sent = await waitForResult(publicClient, {
    mc,
    hash: transfer.hash,
    secretStore,
    abi,
    functionName: 'transfer',
  })
  assertSuccess(sent)
  console.log(
    `transfer     ${AMOUNT} to ${recipient}: ${sent.decoded} (seq ${sent.seq}, gas ${sent.gasUsed})`,
  )
  // The Transfer event is private too: it exists only inside our sealed result.
  for (const event of sent.events)
    if (event.eventName === 'Transfer') console.log(`event        Transfer ${event.args.value}`)

  // 3. Our balance, from a call like any other (the token tells a balance only to its owner).
  const balance = await callProgram(wallet, {
    ...token,
    functionName: 'balanceOf',
    args: [me],
    gasLimit: 100_000n,
  })
  const mine = await waitForResult(publicClient, {
    mc,
    hash: balance.hash,
    secretStore,
    abi,
    functionName: 'balanceOf',
  })
  assertSuccess(mine)
  console.log(`balance      ${mine.decoded}`)
})
