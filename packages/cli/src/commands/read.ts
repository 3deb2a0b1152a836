/**
 * `racetee read <program> <function> [args...]` (D7 "Reads without a transaction", D8): the
 * SDK's `readProgram`: a signed query sealed to the epoch's key and answered by an admitted
 * executor's enclave from the last commit's state, with `msg.sender` = the signing account.
 * No transaction, no gas, no fee. Exit code 1 if the read's status is not success.
 */
import { readProgram } from '@racetee/sdk'
import { Command } from 'commander'
import { coerceArgs, findFunction, signatureOf } from '../abiArgs.js'
import { action, addConnectionOptions, type CommonOptions, positiveInteger } from '../commonOptions.js'
import { connect, signerAccount } from '../connection.js'
import { createOutput, formatValue } from '../output.js'
import { resolveProgram } from '../resolveProgram.js'

type ReadOptions = CommonOptions & { abi?: string; timeout: string }

export function readCommand(): Command {
  const command = new Command('read')
    .description('read a confidential program without a transaction')
    .addHelpText(
      'after',
      '\n' +
        "Read a confidential program without a transaction: an executor's enclave answers from the last " +
        'commit, with msg.sender = your account, sealed to you. No gas, no fee.',
    )
    .argument('<program>', 'program address')
    .argument('<function>', 'function name, or signature when overloaded')
    .argument('[args...]', 'arguments (arrays and tuples as JSON; put -- before negative numbers)')
    .option(
      '--abi <spec>',
      'ABI source: artifact/ABI .json, JS program, or built-in name (default: saved by deploy)',
    )
    .option('--timeout <seconds>', 'how long each executor gets to answer', '10')
  return addConnectionOptions(command).action(
    action(async (program: string, name: string, words: string[], options: ReadOptions) => {
      const out = createOutput(options.json === true)
      const timeout = Number(positiveInteger('--timeout', options.timeout)) * 1000
      const connection = await connect(options)
      const target = await resolveProgram(connection, program, options.abi)
      const fn = findFunction(target.abi, name, words.length)
      const args = coerceArgs(fn.inputs, words, signatureOf(fn))
      const account = signerAccount(options, connection)
      const answer = await readProgram(connection.publicClient, {
        mc: connection.mc,
        program: target.address,
        abi: [fn],
        functionName: fn.name,
        args,
        account,
        timeout,
      } as never)
      out.result(
        {
          program: target.address,
          function: signatureOf(fn),
          account: account.address,
          status: answer.status,
          result: answer.decoded,
          returnData: answer.returnData,
          commitId: answer.commitId,
          toSeq: answer.toSeq,
          enclave: answer.enclave,
          blockNumber: answer.blockNumber,
        },
        [
          `result    ${answer.status === 'success' ? formatValue(answer.decoded) : `(none: ${answer.status}, return data ${answer.returnData})`}`,
          `status    ${answer.status}`,
          `state     commit ${answer.commitId} (through seq ${answer.toSeq}), read at block ${answer.blockNumber}`,
          `enclave   ${answer.enclave}`,
        ],
      )
      if (answer.status !== 'success') process.exitCode = 1
    }),
  )
}
