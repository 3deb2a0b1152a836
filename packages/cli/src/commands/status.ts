/**
 * `racetee status` (D8): a deployment's public state from the chain alone, through the SDK's
 * `readDeploymentStatus`: epoch, executors (enclave, operator, endpoint, admitted, commits won),
 * storage nodes and k, the last commit, and requests no commit covers yet. Needs no key.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { readDeploymentStatus } from '@racetee/sdk'
import { Command } from 'commander'
import { action, addConnectionOptions, type CommonOptions } from '../commonOptions.js'
import { connect } from '../connection.js'
import { createOutput } from '../output.js'

export function statusCommand(): Command {
  const command = new Command('status')
    .description('epoch, executors and their wins, storage nodes, last commit, pending requests')
    .addHelpText(
      'after',
      '\n' +
        'Show what the chain says about a deployment: the epoch, every executor (enclave, operator, ' +
        'endpoint, admitted, commits won), the storage nodes and k, the last commit, and pending requests.',
    )
    .option('--from-block <n>', 'first block to count commits from (default: the MC deploy block)')
  return addConnectionOptions(command).action(
    action(async (options: CommonOptions & { fromBlock?: string }) => {
      const out = createOutput(options.json === true)
      const connection = await connect(options)
      if (options.fromBlock !== undefined && !/^\d+$/.test(options.fromBlock))
        throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'A flag needs a block number.', {
          details: '--from-block must be a decimal block number',
        })
      const fromBlock = options.fromBlock === undefined ? connection.deployBlock : BigInt(options.fromBlock)
      const status = await readDeploymentStatus(connection.publicClient, { mc: connection.mc, fromBlock })
      const last = status.lastCommit
      out.result({ rpcUrl: connection.rpcUrl, ...status }, [
        `chain     ${status.chainId}, head ${status.blockNumber}, RPC ${connection.rpcUrl}`,
        `MC        ${status.mc}`,
        `epoch     ${status.epoch.epoch} (since block ${status.epoch.rotationBlock})`,
        `executors ${status.executors.length}`,
        ...status.executors.map(
          (e) =>
            `  ${e.enclave}  ${e.revoked ? 'revoked ' : e.admitted ? 'admitted' : 'pending '}  wins ${String(e.commitsWon).padStart(4)}  operator ${e.operator}  ${e.endpoint || '(no endpoint)'}`,
        ),
        `storage   ${status.storage.length} node(s), k = ${status.storageThreshold}`,
        ...status.storage.map((s) => `  ${s.signer}  ${s.url}`),
        last === null
          ? 'last commit  none yet'
          : `last commit  ${last.commitId} through seq ${last.toSeq} (blocks to ${last.toBlock}), landed in block ${last.blockNumber ?? '?'}${last.frozen ? ', FROZEN' : ''}`,
        `pending   ${status.pending} request(s) not yet committed (${status.entries} in all)`,
        `commits   ${status.commits} since block ${fromBlock}${status.unattributedCommits > 0 ? ` (${status.unattributedCommits} not attributed)` : ''}`,
      ])
    }),
  )
}
