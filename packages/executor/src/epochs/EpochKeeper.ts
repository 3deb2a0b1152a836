/**
 * The host's part in epoch rotation (D4 "Epoch rotation"): everything here is the untrusted
 * host doing chores; every decision that matters is the enclave's and the MC's.
 * - `beforeRound`: the enclave takes each newer epoch's secret from its grant in the `Rotated`
 *   event (checked inside against the proven request key), before a round needs it. An enclave
 *   the rotation left out (revoked) gets no grant: it cannot follow, and stops with
 *   `EXECUTOR_ENCLAVE_EXCLUDED`.
 * - `betweenRounds`: when a rotation looks due (E blocks, or a revocation or veto since the
 *   epoch began), it names the members and asks the enclave to prepare one, which the enclave
 *   refuses unless the proven facts agree; then posts it. The first valid rotation wins; a lost
 *   race is not an error.
 * - `resealPrograms`: for the round that first covers the grace period's end, every registered
 *   program, so the enclave can re-seal their Info before the old secret is erased (and a round
 *   runs then even without requests, so the erasure is not postponed indefinitely).
 * @module
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import type { Logger } from 'pino'
import {
  type Account,
  type Address,
  type Chain,
  getAbiItem,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import type {
  EnclaveDescription,
  PrepareRotationCall,
  PrepareRotationResult,
} from '../enclave/enclaveProcessApi.js'

export type EpochEnclave = {
  readonly description: EnclaveDescription
  describe(): Promise<EnclaveDescription>
  prepareRotation(call: PrepareRotationCall): Promise<PrepareRotationResult>
  retireEpochs(call: { atBlock: bigint }): Promise<EnclaveDescription>
  acceptProvisioning(call: {
    atBlock: bigint
    epoch: bigint
    epochSecret: `0x${string}`
    prevEpochSecret: `0x${string}`
  }): Promise<EnclaveDescription>
}

export type EpochKeeperParameters = {
  client: PublicClient
  wallet: WalletClient<Transport, Chain | undefined, Account>
  mc: Address
  enclave: EpochEnclave
  logger: Logger
  /** First block to scan for events (the MC's deployment block); default 0. */
  fromBlock?: bigint
}

type EpochState = { epoch: bigint; rotationBlock: bigint; started: boolean }

export class EpochKeeper {
  readonly #p: EpochKeeperParameters
  #configRead: Promise<{ epochLength: bigint; gracePeriod: bigint }> | undefined

  constructor(parameters: EpochKeeperParameters) {
    this.#p = parameters
  }

  /** Brings the enclave's keyring up to the chain's current epoch. */
  async beforeRound(): Promise<void> {
    const { client, mc, enclave, logger } = this.#p
    const head = await client.getBlockNumber({ cacheTime: 0 })
    const { epoch, started } = await this.#epochInfo(head)
    if (!started) return
    const held = (await enclave.describe()).epochs
    if (held.includes(epoch)) return
    const newest = held.at(-1) ?? -1n // describe() lists epochs ascending
    const rotations = await client.getLogs({
      address: mc,
      event: getAbiItem({ abi: managementContractAbi, name: 'Rotated' }),
      fromBlock: this.#p.fromBlock ?? 0n,
      toBlock: head,
    })
    const self = enclave.description.address.toLowerCase()
    for (const log of rotations) {
      const rotated = log.args.epoch
      if (rotated === undefined || rotated <= newest || rotated > epoch) continue
      const grant = log.args.grants?.find((g) => g.enclave.toLowerCase() === self)
      if (!grant)
        throw new RaceteeError(
          errorCodes.EXECUTOR_ENCLAVE_EXCLUDED,
          'The enclave was not granted the new epoch (revoked or vetoed).',
          { details: `epoch ${rotated}, enclave ${enclave.description.address}` },
        )
      await enclave.acceptProvisioning({
        atBlock: head,
        epoch: rotated,
        epochSecret: grant.sealedSecret,
        prevEpochSecret: '0x',
      })
      logger.info({ epoch: rotated, rotationBlock: log.blockNumber }, 'epoch secret taken from its grant')
    }
  }

  /** Posts a rotation when one looks due; the enclave decides whether it really is. */
  async betweenRounds(): Promise<void> {
    const { client, wallet, mc, enclave, logger } = this.#p
    const head = await client.getBlockNumber({ cacheTime: 0 })
    const { epoch, rotationBlock, started } = await this.#epochInfo(head)
    if (!started) return
    // Only an enclave holding an older epoch has anything to erase (saves the proofs otherwise).
    const before = (await enclave.describe()).epochs
    if (before.length > 1) {
      const after = (await enclave.retireEpochs({ atBlock: head })).epochs
      const erased = before.filter((e) => !after.includes(e))
      if (erased.length > 0) logger.info({ erased: erased.map(String) }, 'retired epoch secrets erased')
    }
    const [config, [, , lastRevocation]] = await Promise.all([
      this.#config(),
      client.readContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'registryState',
        blockNumber: head,
      }),
    ])
    const scheduled = config.epochLength > 0n && head >= rotationBlock + config.epochLength
    const revoked = lastRevocation !== 0n && lastRevocation >= rotationBlock
    if (!scheduled && !revoked) return
    const members = await this.#members(head)
    let prepared: PrepareRotationResult
    try {
      prepared = await enclave.prepareRotation({ atBlock: head, members })
    } catch (err) {
      if (err instanceof RaceteeError && err.code === errorCodes.ENCLAVE_ROTATION_REFUSED) {
        logger.debug({ details: err.details }, 'rotation not prepared')
        return
      }
      throw err
    }
    try {
      // Simulate first: another executor's rotation may already have won.
      const { request } = await client.simulateContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'rotate',
        args: [prepared.rotation, prepared.signature],
        account: wallet.account,
      })
      const hash = await wallet.writeContract(request)
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 100 })
      if (receipt.status === 'success')
        logger.info(
          {
            epoch: prepared.rotation.epoch,
            grants: prepared.rotation.grants.length,
            block: receipt.blockNumber,
            gasUsed: receipt.gasUsed,
          },
          revoked ? 'epoch rotated after a revocation' : 'epoch rotated',
        )
      else logger.info({ epoch: epoch + 1n }, 'rotation lost the race')
    } catch (err) {
      logger.info(
        { epoch: epoch + 1n, reason: (err as { shortMessage?: string }).shortMessage },
        'rotation not posted',
      )
    }
  }

  /**
   * Every registered program when the round ending at `toBlock` is the first past the grace
   * period's end (D4); otherwise undefined. The enclave proves the list complete at the fact
   * block it proves the batch's state at (decision 19), so the list runs to `factBlock`.
   */
  async resealPrograms(
    lastToBlock: bigint,
    toBlock: bigint,
    factBlock = toBlock,
  ): Promise<Address[] | undefined> {
    const { client, mc } = this.#p
    const { epoch, rotationBlock, started } = await this.#epochInfo(toBlock)
    if (!started || epoch === 0n) return undefined
    const graceEnd = rotationBlock + (await this.#config()).gracePeriod
    if (!(lastToBlock < graceEnd && graceEnd <= toBlock)) return undefined
    const logs = await client.getLogs({
      address: mc,
      event: getAbiItem({ abi: managementContractAbi, name: 'ProgramRegistered' }),
      fromBlock: this.#p.fromBlock ?? 0n,
      toBlock: factBlock,
    })
    const named = [...new Set(logs.map((l) => l.args.program!))]
    // A challenge's rollback unregisters the programs the undone commit created (decision 49),
    // and no event says so: keep only those still registered at the fact block.
    const registered = await Promise.all(
      named.map((program) =>
        client.readContract({
          address: mc,
          abi: managementContractAbi,
          functionName: 'isProgram',
          args: [program],
          blockNumber: factBlock,
        }),
      ),
    )
    return named.filter((_, i) => registered[i])
  }

  /** The MC's configuration: immutables, read once rather than every round. */
  #config(): Promise<{ epochLength: bigint; gracePeriod: bigint }> {
    if (!this.#configRead) {
      const read = this.#p.client.readContract({
        address: this.#p.mc,
        abi: managementContractAbi,
        functionName: 'config',
      })
      this.#configRead = read
      read.catch(() => {
        if (this.#configRead === read) this.#configRead = undefined // a failed read is asked again
      })
    }
    return this.#configRead
  }

  async #epochInfo(blockNumber: bigint): Promise<EpochState> {
    const info = await this.#p.client.readContract({
      address: this.#p.mc,
      abi: managementContractAbi,
      functionName: 'epochInfo',
      blockNumber,
    })
    return { epoch: info.epoch, rotationBlock: info.rotationBlock, started: info.started }
  }

  /** Members at `head`: registered enclaves admitted (effective or pending) and not revoked. */
  async #members(head: bigint): Promise<Address[]> {
    const { client, mc } = this.#p
    const logs = await client.getLogs({
      address: mc,
      event: getAbiItem({ abi: managementContractAbi, name: 'Registered' }),
      fromBlock: this.#p.fromBlock ?? 0n,
      toBlock: head,
    })
    const members: Address[] = []
    for (const signer of new Set(logs.map((l) => l.args.signer!))) {
      const info = await client.readContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'enclaveInfo',
        args: [signer],
        blockNumber: head,
      })
      if (info.admittedFrom !== 0n && info.revokedAt === 0n) members.push(signer)
    }
    return members
  }
}
