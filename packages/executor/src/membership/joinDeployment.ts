/**
 * The newcomer's side of membership (D3.1, D7): before an executor runs any round, its enclave
 * must be registered, admitted by an admitted enclave, past the admission delay, and hold the
 * epoch secrets its admission carried on chain. Each step first looks at what is already true,
 * so a restart at any point repeats nothing: a registered enclave is not registered again, and
 * an enclave that holds its admission's epoch is not provisioned again.
 *
 * Waiting follows heads (no fixed sleeps). A veto or revocation ends the join with
 * EXECUTOR_ENCLAVE_EXCLUDED; so does finding our address registered with another encryption
 * key (anyone may call `register` for any signer address, and such a registration can never be
 * admitted for our enclave). Logs carry addresses, blocks and epochs only.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Logger } from 'pino'
import type { Address, Hash, Hex } from 'viem'
import type { AcceptProvisioningCall, EnclaveDescription } from '../enclave/enclaveProcessApi.js'
import type { EnclaveStatus } from './enclaveStatus.js'

/** The `Admitted` event's fields the newcomer needs (P7: the secrets are sealed to it). */
export type AdmissionRecord = {
  admitter: Address
  effectiveFrom: bigint
  epoch: bigint
  epochSecret: Hex
  prevEpochSecret: Hex
}

export type JoinChain = {
  /** Our enclave's standing in the registry, at the latest block. */
  status(): Promise<EnclaveStatus>
  /** Registers our enclave (bond, payout, endpoint chosen by the caller); resolves once mined. */
  register(): Promise<{ transactionHash: Hash; blockNumber: bigint }>
  /** The latest `Admitted` event of our enclave, if any. */
  admission(): Promise<AdmissionRecord | undefined>
}

/** The enclave facts a join reads: public only. */
export type JoinEnclaveFacts = Pick<EnclaveDescription, 'address' | 'encryptionKey' | 'epochs'>

export type JoinEnclave = {
  describe(): Promise<JoinEnclaveFacts>
  acceptProvisioning(call: AcceptProvisioningCall): Promise<Pick<EnclaveDescription, 'epochs'>>
}

export type JoinHeads = {
  /** The current head. */
  current(): Promise<bigint>
  /** The first head above `after`. */
  beyond(after: bigint): Promise<bigint>
}

export type JoinDeploymentParameters = {
  chain: JoinChain
  enclave: JoinEnclave
  heads: JoinHeads
  logger: Logger
  /** Extra public fields for the "waiting for admission" line (the health URL). */
  announce?: Record<string, string>
}

export type JoinDeploymentReturnType = {
  enclave: Address
  /** True when this call sent the registration. */
  registered: boolean
  admittedFrom: bigint
  /** True when this call handed the secrets to the enclave. */
  provisioned: boolean
  epochs: bigint[]
}

export async function joinDeployment(
  parameters: JoinDeploymentParameters,
): Promise<JoinDeploymentReturnType> {
  const { chain, enclave, heads, logger } = parameters
  const own = await enclave.describe()
  const log = logger.child({ enclave: own.address })

  let status = usable(await chain.status(), own)
  let registered = false
  if (status.kind === 'unregistered') {
    const { transactionHash, blockNumber } = await chain.register()
    log.info({ block: blockNumber, tx: transactionHash }, 'registered')
    registered = true
    status = usable(await chain.status(), own)
  }

  let head = await heads.current()
  let announced = false
  if (status.kind === 'pending')
    log.info({ fromBlock: head, ...parameters.announce }, 'waiting for admission')
  // Wait until the admission has taken effect; re-read at every new head (a veto may come).
  while (!(status.kind === 'admitted' && status.admittedFrom <= head)) {
    if (status.kind === 'admitted' && !announced) {
      log.info({ effectiveFrom: status.admittedFrom }, 'admission on chain; waiting for it to take effect')
      announced = true
    }
    head = await heads.beyond(head)
    status = usable(await chain.status(), own)
  }
  const admittedFrom = status.admittedFrom
  log.info({ effectiveFrom: admittedFrom, atBlock: head }, 'admitted')

  const admission = await chain.admission()
  if (!admission)
    throw new RaceteeError(
      errorCodes.ENCLAVE_PROVISIONING_INVALID,
      'No admission of this enclave on chain.',
      {
        details: `enclave ${own.address}`,
      },
    )
  const held = (await enclave.describe()).epochs
  if (held.includes(admission.epoch)) {
    log.info({ epochs: held.map(String) }, 'already provisioned')
    return { enclave: own.address, registered, admittedFrom, provisioned: false, epochs: held }
  }
  // The enclave opens the secrets and keeps them only if they derive the request keys proven at
  // `head` (D2.1): the host relays the event's bytes and cannot plant a secret of its own.
  const after = await enclave.acceptProvisioning({
    atBlock: head,
    epoch: admission.epoch,
    epochSecret: admission.epochSecret,
    prevEpochSecret: admission.prevEpochSecret,
  })
  log.info({ epochs: after.epochs.map(String), admitter: admission.admitter }, 'provisioned')
  return { enclave: own.address, registered, admittedFrom, provisioned: true, epochs: after.epochs }
}

type Usable = Exclude<EnclaveStatus, { kind: 'excluded' }>

/** Throws for a status from which no round may ever run. */
function usable(status: EnclaveStatus, own: JoinEnclaveFacts): Usable {
  if (status.kind === 'excluded')
    throw new RaceteeError(errorCodes.EXECUTOR_ENCLAVE_EXCLUDED, 'The enclave was vetoed or revoked.', {
      details: `enclave ${own.address}, vetoed or revoked at block ${status.at}`,
    })
  if (
    status.kind !== 'unregistered' &&
    status.encryptionKey.toLowerCase() !== own.encryptionKey.toLowerCase()
  )
    throw new RaceteeError(
      errorCodes.EXECUTOR_ENCLAVE_EXCLUDED,
      'The enclave address is registered with another encryption key.',
      { details: `enclave ${own.address}` },
    )
  return status
}
