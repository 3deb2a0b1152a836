/**
 * `racetee call <program> <function> [args...]` (D8, D3.2): sends an encrypted request with the
 * SDK's `callProgram` (the calldata sealed to the epoch's key, the result secret kept in
 * `.racetee/secrets` before the transaction leaves), waits for its commit with `waitForResult`,
 * and prints the decrypted, ABI-decoded result with its status, gas and latency in blocks.
 * Exit code 1 if the request's status is not success (the document still says why).
 */
import { join } from 'node:path'
import { callProgram } from '@racetee/sdk'
import { fileSecretStore } from '@racetee/sdk/node'
import { Command } from 'commander'
import { coerceArgs, findFunction, signatureOf } from '../abiArgs.js'
import { asNoFunds, assertFunds } from '../assertFunds.js'
import { awaitOutcome } from '../awaitOutcome.js'
import { action, addConnectionOptions, type CommonOptions, positiveInteger } from '../commonOptions.js'
import { connect, signerAccount, walletClientFor } from '../connection.js'
import { raceteeHome } from '../devnetFile.js'
import { createOutput, formatValue } from '../output.js'
import { resolveProgram } from '../resolveProgram.js'

type CallOptions = CommonOptions & { abi?: string; gasLimit: string; timeout: string }

export function callCommand(): Command {
  const command = new Command('call')
    .description('send an encrypted call and print its decrypted result')
    .addHelpText(
      'after',
      '\n' +
        'Send an encrypted request to a confidential program, wait for the commit that covers it, and print ' +
        'the decrypted, ABI-decoded result with status, gas and latency in blocks.',
    )
    .argument('<program>', 'program address')
    .argument('<function>', 'function name, or signature when overloaded (transfer(address,uint256))')
    .argument('[args...]', 'arguments (arrays and tuples as JSON; put -- before negative numbers)')
    .option(
      '--abi <spec>',
      'ABI source: artifact/ABI .json, JS program, or built-in name (default: saved by deploy)',
    )
    .option('--gas-limit <gas>', 'enclave gas for the call', '1000000')
    .option('--timeout <seconds>', 'how long to wait for the result', '180')
  return addConnectionOptions(command).action(
    action(async (program: string, name: string, words: string[], options: CallOptions) => {
      const out = createOutput(options.json === true)
      const gasLimit = positiveInteger('--gas-limit', options.gasLimit)
      const timeoutMs = Number(positiveInteger('--timeout', options.timeout)) * 1000
      const connection = await connect(options)
      const target = await resolveProgram(connection, program, options.abi)
      const fn = findFunction(target.abi, name, words.length)
      const args = coerceArgs(fn.inputs, words, signatureOf(fn))
      const account = signerAccount(options, connection)
      await assertFunds(connection, account.address, gasLimit)
      const secretStore = fileSecretStore({ dir: join(raceteeHome(), 'secrets') })
      const sent = await callProgram(walletClientFor(connection, account), {
        mc: connection.mc,
        program: target.address,
        abi: [fn],
        functionName: fn.name,
        args,
        gasLimit,
        secretStore,
        publicClient: connection.publicClient,
      } as never).catch((err: unknown) => {
        throw asNoFunds(err, account.address)
      })
      const outcome = await awaitOutcome(connection, {
        hash: sent.hash,
        secretStore,
        fn,
        abi: target.abi,
        timeoutMs,
      })
      const events = outcome.events.map((e) => ({ eventName: e.eventName, args: e.args }))
      out.result(
        {
          program: target.address,
          function: signatureOf(fn),
          tx: sent.hash,
          status: outcome.status,
          result: outcome.decoded,
          returnData: outcome.returnData,
          gasUsed: outcome.gasUsed,
          seq: outcome.seq,
          commitId: outcome.commitId,
          requestBlock: outcome.requestBlock,
          commitBlock: outcome.commitBlock,
          latencyBlocks: outcome.latencyBlocks,
          events,
        },
        [
          `result    ${outcome.status === 'success' ? formatValue(outcome.decoded) : `(none: ${outcome.status}, return data ${outcome.returnData})`}`,
          `status    ${outcome.status}`,
          `gas       ${outcome.gasUsed}`,
          `seq       ${outcome.seq}`,
          `latency   ${outcome.latencyBlocks} block(s) (request in ${outcome.requestBlock}, commit in ${outcome.commitBlock})`,
          ...events.map((e) => `event     ${e.eventName} ${formatValue(e.args)}`),
          `tx        ${sent.hash}`,
        ],
      )
      if (outcome.status !== 'success') process.exitCode = 1
    }),
  )
}
