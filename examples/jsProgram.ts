/**
 * A program written in TypeScript instead of Solidity (D5 JS programs): `js/counter.ts` keeps a
 * private count per caller. `readProgramSource` transpiles it and reads the Solidity ABI it
 * declares, so calls and results are encoded exactly as for a contract. Inside the enclave it
 * runs in a QuickJS sandbox, metered in gas like EVM code.
 *
 *   npm start                    (in another terminal: the local devnet)
 *   npx tsx examples/jsProgram.ts
 */
import { fileURLToPath } from 'node:url'
import { assertSuccess, callProgram, deployProgram, waitForResult } from '@racetee/sdk'
import { readProgramSource } from '@racetee/sdk/node'
import { connect } from './support/connect.js'
import { runExample } from './support/runExample.js'

runExample('jsProgram', async () => {
  const { mc, publicClient, wallet, secretStore } = await connect()

  // 1. Read the program: JavaScript to deploy, and the ABI it declares (`export const abi`).
  const { source, abi } = await readProgramSource(fileURLToPath(new URL('js/counter.ts', import.meta.url)))
  const deploy = await deployProgram(wallet, { mc, source, gasLimit: 3_000_000n, secretStore, publicClient })
  assertSuccess(await waitForResult(publicClient, { mc, hash: deploy.hash, secretStore }))
  console.log(`program      ${deploy.program} (${source.length} bytes of JavaScript, from js/counter.ts)`)

  // 2. Call `increment` twice: the count lives in the program's sealed state between requests.
  for (const by of [5n, 37n]) {
    const sent = await callProgram(wallet, {
      mc,
      program: deploy.program,
      abi,
      functionName: 'increment',
      args: [by],
      gasLimit: 1_000_000n,
      secretStore,
      publicClient,
    })
    const result = await waitForResult(publicClient, {
      mc,
      hash: sent.hash,
      secretStore,
      abi,
      functionName: 'increment',
    })
    assertSuccess(result)
    console.log(`increment    by ${by}: count ${result.decoded} (gas ${result.gasUsed})`)
  }
})
