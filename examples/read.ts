/**
 * Reading a confidential program without a transaction (D7 "Reads without a transaction"): no
 * gas, no block, no nonce. The reader signs a query, the SDK seals it to the enclaves' key and
 * asks an executor's read endpoint; the enclave answers from the last committed state with
 * `msg.sender` = the signer, sealed so only the reader can open it. Here a fresh account that
 * holds no ether at all reads the balance it was sent.
 *
 *   npm start                    (in another terminal: the local devnet)
 *   npx tsx examples/read.ts
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import { assertSuccess, callProgram, deployProgram, readProgram, waitForResult } from '@racetee/sdk'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { connect } from './support/connect.js'
import { runExample } from './support/runExample.js'

const AMOUNT = 4_321n

runExample('read', async () => {
  const { mc, publicClient, wallet, secretStore } = await connect()
  const { abi, bytecode } = confidentialErc20Artifact

  // 1. A token, and a transfer to a brand-new account (as in token.ts).
  const deploy = await deployProgram(wallet, {
    mc,
    bytecode,
    abi,
    args: ['Read Token', 'RDT', 1_000_000n],
    gasLimit: 3_000_000n,
    secretStore,
    publicClient,
  })
  const reader = privateKeyToAccount(generatePrivateKey())
  const transfer = await callProgram(wallet, {
    mc,
    program: deploy.program,
    abi,
    functionName: 'transfer',
    args: [reader.address, AMOUNT],
    gasLimit: 200_000n,
    secretStore,
    publicClient,
  })
  assertSuccess(await waitForResult(publicClient, { mc, hash: deploy.hash, secretStore }))
  const sent = await waitForResult(publicClient, { mc, hash: transfer.hash, secretStore })
  assertSuccess(sent)
  console.log(`token        ${deploy.program}`)
  console.log(`transfer     ${AMOUNT} to ${reader.address} (seq ${sent.seq})`)

  // 2. The recipient reads its balance: it only signs (no ether needed). `minSeq` asks for an
  //    answer from a commit that includes the transfer; older answers are refused.
  const nonceBefore = await publicClient.getTransactionCount({ address: reader.address })
  const read = await readProgram(publicClient, {
    mc,
    program: deploy.program,
    abi,
    functionName: 'balanceOf',
    args: [reader.address],
    account: reader,
    minSeq: sent.seq,
  })
  const nonceAfter = await publicClient.getTransactionCount({ address: reader.address })
  assertSuccess(read)
  console.log(
    `read         balanceOf = ${read.decoded} (state as of seq ${read.toSeq}, answered by enclave ${read.enclave})`,
  )
  console.log(`nonce        before ${nonceBefore}, after ${nonceAfter}: no transaction was sent`)
})
