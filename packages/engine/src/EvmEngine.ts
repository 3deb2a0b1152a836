/**
 * Deterministic execution of one batch of requests over EVM accounts (D5). One instance per
 * batch: `execute` each request in sequence order, then `changes()` once.
 *
 * Each request is its own osaka transaction (D5): warm sets, original storage values, transient
 * storage and refunds start afresh; gasUsed is intrinsic + execution − capped refund with the
 * EIP-7623 floor, as on chain. A request that fails or is refused rolls back alone; later
 * requests see the effects of earlier ones. No clock, no randomness, no dependence on Map order
 * or load timing: the same requests over the same loader give byte-identical results.
 * Program admins change ACLs through the ACL precompile (`acl/`); a request's changes reach the
 * access policy only when the request succeeds.
 */
import type { Common } from '@ethereumjs/common'
import { EVMError, type EVMResult, type Message } from '@ethereumjs/evm'
import { type Address, bytesToUnprefixedHex, createAddressFromString } from '@ethereumjs/util'
import { isRaceteeError, RaceteeError, resultStatus } from '@racetee/protocol'
import { AclPrecompile } from './acl/AclPrecompile.js'
import { adminPolicyOf } from './acl/adminPolicyOf.js'
import { collectChanges } from './collectChanges.js'
import { createEngineEvm, engineCommon } from './createEngineEvm.js'
import type { EngineEvm, MessageHooks } from './EngineEvm.js'
import { RequestRefusal, refuseLimit } from './engineSignals.js'
import { intrinsicGas, minimumGasLimit, settleGas, TX_GAS_LIMIT_CAP } from './intrinsicGas.js'
import { JsDispatcher } from './js/JsDispatcher.js'
import { sandboxModule } from './js/sandboxModule.js'
import { LazyStateManager } from './LazyStateManager.js'
import { LoaderGate } from './LoaderGate.js'
import { bareOutcome, logsOf, statusOf } from './outcomeOf.js'
import { RequestBlockchain } from './RequestBlockchain.js'
import { tagRequestWrites } from './tagRequestWrites.js'
import type {
  AccessPolicy,
  AdminPolicy,
  BatchChanges,
  EngineConfig,
  EngineRequest,
  ExecutionOutcome,
  ProgramLoader,
} from './types.js'

export class EvmEngine {
  private evm: EngineEvm
  private creates = 0
  private readonly coinbase: Address
  private readonly hooks: MessageHooks
  private readonly acl: AclPrecompile

  private constructor(
    private readonly config: EngineConfig,
    private readonly common: Common,
    private readonly state: LazyStateManager,
    private readonly blockchain: RequestBlockchain,
    private readonly access: AdminPolicy,
    private readonly js: JsDispatcher,
  ) {
    this.coinbase = parseAddress(config.coinbase, 'config.coinbase')
    // Only programs created in this batch have a creator; nothing is loaded to ask.
    this.acl = new AclPrecompile(access, (hex) => state.records.get(hex)?.creator ?? null)
    this.hooks = {
      mayEnter: (message) => this.mayEnter(message),
      beforeCreate: () => {
        this.creates += 1
        if (this.creates > this.config.maxCreatesPerRequest) refuseLimit()
      },
      afterCreate: async (address, creator) => {
        this.state.markDeployed(await this.state.record(address), creator.toString())
      },
    }
    this.evm = this.newEvm()
  }

  /**
   * `access`: an `AdminPolicy` (the enclave's) hears of ACL changes made through the precompile;
   * with a plain `AccessPolicy`, or none (every program public), the engine keeps them itself.
   */
  static async create(
    config: EngineConfig,
    loader: ProgramLoader,
    access?: AccessPolicy | AdminPolicy,
  ): Promise<EvmEngine> {
    const common = engineCommon(config.chainId)
    return new EvmEngine(
      config,
      common,
      new LazyStateManager(new LoaderGate(loader)),
      new RequestBlockchain(),
      adminPolicyOf(access),
      new JsDispatcher(await sandboxModule()),
    )
  }

  async execute(request: EngineRequest): Promise<ExecutionOutcome> {
    await this.js.renewIfAborted()
    const isDeploy = request.kind === 'deploy'
    const data = isDeploy ? request.initCode : request.data
    const intrinsic = intrinsicGas(data, isDeploy)
    // EIP-7825: on chain such a transaction is invalid; here it is refused before it runs.
    if (request.gasLimit > TX_GAS_LIMIT_CAP) return bareOutcome(resultStatus.limitExceeded, 0n)
    // Below its intrinsic gas (or floor) a transaction is invalid on chain; here it must still
    // have an outcome: out of gas, all of its gas used, nothing executed.
    if (request.gasLimit < minimumGasLimit(intrinsic))
      return bareOutcome(resultStatus.outOfGas, request.gasLimit)

    const caller = parseAddress(request.caller, 'request.caller')
    const target = parseAddress(
      isDeploy ? request.address : request.to,
      isDeploy ? 'request.address' : 'request.to',
    )
    this.beginRequest(caller, target)
    const block = this.blockchain.enter(request.block, this.coinbase, request.gasLimit)
    let result: EVMResult
    try {
      if (!isDeploy) {
        const program = await this.state.record(target)
        if (program.code.length === 0)
          return this.refuse(resultStatus.programNotFound, settleGas(intrinsic, 0n, 0n))
        if (!(await this.access.isAllowed(request.caller, program.hex))) {
          return this.refuse(resultStatus.accessDenied, settleGas(intrinsic, 0n, 0n))
        }
      }
      this.evm.deployAddress = isDeploy ? target : undefined
      result = await this.evm.runCall({
        caller,
        origin: caller,
        ...(isDeploy ? {} : { to: target }),
        data,
        value: 0n,
        gasPrice: 0n,
        gasLimit: request.gasLimit - intrinsic.standard,
        block,
        // The caller is an account outside the enclave: its nonce is the chain's business.
        skipNonceIncrement: true,
        isStatic: request.kind === 'call' && request.static === true,
      })
      if (isDeploy && result.execResult.exceptionError === undefined) {
        this.state.markDeployed(await this.state.record(target), null)
      }
    } catch (err) {
      return this.abort(err, request.gasLimit)
    }
    return await this.finish(result, request, intrinsic)
  }

  /** The batch's changes in canonical order (D5); call after the last request. */
  changes(): BatchChanges {
    return collectChanges(this.state.records)
  }

  private async finish(
    result: EVMResult,
    request: EngineRequest,
    intrinsic: ReturnType<typeof intrinsicGas>,
  ): Promise<ExecutionOutcome> {
    const status = statusOf(result)
    const exec = result.execResult
    if (status !== resultStatus.success) {
      this.state.rollbackRequest()
      const returnData = status === resultStatus.reverted ? exec.returnValue : new Uint8Array(0)
      const staticViolation = exec.exceptionError?.error === EVMError.errorMessages.STATIC_STATE_CHANGE
      return {
        status,
        gasUsed: settleGas(intrinsic, exec.executionGasUsed, 0n),
        returnData,
        logs: [],
        ...(staticViolation ? { staticViolation: true as const } : {}),
      }
    }
    tagRequestWrites(this.state.undo, request.writeTag)
    // D5 "Admin": ACL changes leave the request only with its success (a fault here aborts the round).
    const aclChanges = this.acl.committed()
    if (aclChanges.length > 0) await this.access.recordAccessChanges(aclChanges, request.writeTag)
    return {
      status,
      gasUsed: settleGas(intrinsic, exec.executionGasUsed, exec.gasRefund ?? 0n),
      // A creation transaction returns nothing; its code is in `changes()`.
      returnData: request.kind === 'deploy' ? new Uint8Array(0) : exec.returnValue,
      logs: logsOf(result),
    }
  }

  /** D5: warm sets, originals, transient storage and counters reset per request (EIP-2929/3651). */
  private beginRequest(caller: Address, target: Address): void {
    this.state.beginRequest(this.config.maxProgramsPerRequest)
    this.creates = 0
    const journal = this.evm.journal
    journal.cleanJournal()
    for (const precompile of this.evm.precompiles.keys()) journal.addAlwaysWarmAddress(precompile)
    journal.addAlwaysWarmAddress(caller.toString())
    journal.addAlwaysWarmAddress(this.coinbase.toString())
    // A call's target is warm as a transaction's `to`; a deploy's is warmed by the EVM itself.
    journal.addAlwaysWarmAddress(target.toString())
    this.evm.transientStorage.clear()
    this.js.beginRequest()
    this.acl.beginRequest()
  }

  private refuse(status: ExecutionOutcome['status'], gasUsed: bigint): ExecutionOutcome {
    this.state.rollbackRequest()
    return bareOutcome(status, gasUsed)
  }

  /** A refusal thrown from inside the EVM, or a fault. Either way the EVM's frames are torn. */
  private abort(err: unknown, gasLimit: bigint): ExecutionOutcome {
    this.state.rollbackRequest()
    this.evm = this.newEvm()
    if (err instanceof RequestRefusal) return bareOutcome(err.status, gasLimit)
    if (isRaceteeError(err)) throw err
    throw new RaceteeError('ENGINE_INTERNAL', 'Execution failed', { cause: err })
  }

  private async mayEnter(message: Message): Promise<boolean> {
    // DELEGATECALL/CALLCODE run the callee's code in the caller's frame: the boundary crossed
    // is from the running program (`to`) into the code's program.
    const program = message.codeAddress
    // Precompiles (the JS dispatcher, the ACL precompile) are not programs: no ACL, nothing to load.
    if (this.evm.precompiles.has(bytesToUnprefixedHex(program.bytes))) return true
    const from = program.equals(message.to!) ? message.caller : message.to!
    const rec = await this.state.record(program)
    // A program calling itself crosses no boundary; accounts that are not programs have no ACL.
    if (!rec.program || from.equals(program)) return true
    return this.acl.isAllowed(from.toString(), rec.hex)
  }

  private newEvm(): EngineEvm {
    const evm = createEngineEvm(this.common, this.state, this.blockchain, [
      this.js.precompile(),
      this.acl.precompile(),
    ])
    evm.hooks = this.hooks
    this.js.attach(evm)
    this.acl.attach(evm)
    return evm
  }
}

function parseAddress(hex: string, name: string): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(hex)) throw new TypeError(`${name} must be a 20-byte 0x-hex address`)
  return createAddressFromString(hex.toLowerCase())
}
