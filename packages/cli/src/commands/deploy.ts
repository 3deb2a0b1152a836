/**
 * `racetee deploy <artifact|program|name> [args...]` (D8, D3.1 program registry): deploys a
 * Solidity artifact, a JS program or a built-in contract confidentially with the SDK's
 * `deployProgram` (code and constructor arguments sealed in one envelope), waits for the deploy's
 * result, prints the program's address and saves its ABI under `.racetee/programs/` so `call`
 * and `read` find it by address. Exit code 1 if the deploy's status is not success.
 */
import { join } from 'node:path'
import { deployProgram } from '@racetee/sdk'
import { fileSecretStore } from '@racetee/sdk/node'
import { Command } from 'commander'
import { coerceArgs, constructorInputs } from '../abiArgs.js'
import { asNoFunds, assertFunds } from '../assertFunds.js'
import { awaitOutcome } from '../awaitOutcome.js'
import { action, addConnectionOptions, type CommonOptions, positiveInteger } from '../commonOptions.js'
import { connect, signerAccount, walletClientFor } from '../connection.js'
import { raceteeHome } from '../devnetFile.js'
import { createOutput } from '../output.js'
import { builtinNames, loadProgramSource } from '../programSource.js'
import { saveProgram } from '../programStore.js'

type DeployOptions = CommonOptions & { gasLimit: string; salt?: string; wait: boolean; timeout: string }

export function deployCommand(): Command {
  const command = new Command('deploy')
    .description('deploy a confidential program')
    .addHelpText(
      'after',
      '\n' +
        'Deploy a confidential program: a Solidity artifact JSON (abi + bytecode), a JS program (.js/.ts), ' +
        `or a built-in contract (${builtinNames.join(', ')}), with its constructor arguments. ` +
        'Prints the program address and saves its ABI under .racetee/programs/.',
    )
    .argument('<program>', 'artifact .json, JS program .js/.ts, or built-in name')
    .argument('[args...]', 'constructor arguments (arrays and tuples as JSON)')
    .option('--gas-limit <gas>', 'enclave gas for the constructor', '3000000')
    .option('--salt <hex>', '32-byte salt (the address is CREATE2 of caller and salt); random by default')
    .option('--no-wait', 'do not wait for the deploy result')
    .option('--timeout <seconds>', 'how long to wait for the result', '180')
  return addConnectionOptions(command).action(
    action(async (spec: string, words: string[], options: DeployOptions) => {
      const out = createOutput(options.json === true)
      const gasLimit = positiveInteger('--gas-limit', options.gasLimit)
      const timeoutMs = Number(positiveInteger('--timeout', options.timeout)) * 1000
      const source = await loadProgramSource(spec)
      // A JS program declares no constructor, so any word is refused here as a count mismatch.
      const args = coerceArgs(constructorInputs(source.abi), words, `the constructor of ${source.name}`)
      const connection = await connect(options)
      const account = signerAccount(options, connection)
      await assertFunds(connection, account.address, gasLimit)
      const secretStore = fileSecretStore({ dir: join(raceteeHome(), 'secrets') })
      const wallet = walletClientFor(connection, account)
      const sent = await deployProgram(wallet, {
        mc: connection.mc,
        gasLimit,
        secretStore,
        publicClient: connection.publicClient,
        ...(options.salt === undefined ? {} : { salt: options.salt as `0x${string}` }),
        ...(source.runtime === 'js'
          ? { source: source.source }
          : { bytecode: source.bytecode, abi: source.abi, args }),
      }).catch((err: unknown) => {
        throw asNoFunds(err, account.address)
      })
      const base = { program: sent.program, name: source.name, runtime: source.runtime, tx: sent.hash }
      const save = () =>
        saveProgram({
          address: sent.program,
          name: source.name,
          runtime: source.runtime,
          chainId: connection.chainId,
          mc: connection.mc,
          deployTx: sent.hash,
          abi: source.abi,
        })
      if (!options.wait) {
        const abiFile = save()
        out.result({ ...base, abiFile }, [
          `program   ${sent.program}`,
          `tx        ${sent.hash}`,
          `abi       ${abiFile}`,
        ])
        return
      }
      const outcome = await awaitOutcome(connection, { hash: sent.hash, secretStore, timeoutMs })
      const ok = outcome.status === 'success'
      const abiFile = ok ? save() : null
      out.result(
        {
          ...base,
          abiFile,
          status: outcome.status,
          gasUsed: outcome.gasUsed,
          seq: outcome.seq,
          commitId: outcome.commitId,
          requestBlock: outcome.requestBlock,
          commitBlock: outcome.commitBlock,
          latencyBlocks: outcome.latencyBlocks,
        },
        [
          `program   ${sent.program}${ok ? '' : ' (NOT deployed)'}`,
          `name      ${source.name} (${source.runtime})`,
          `status    ${outcome.status}`,
          `gas       ${outcome.gasUsed}`,
          `seq       ${outcome.seq}`,
          `latency   ${outcome.latencyBlocks} block(s) (request in ${outcome.requestBlock}, commit in ${outcome.commitBlock})`,
          `tx        ${sent.hash}`,
          ...(abiFile ? [`abi       ${abiFile}`] : []),
        ],
      )
      if (!ok) process.exitCode = 1
    }),
  )
}
