/**
 * @ethereumjs/evm with the three places where the engine must step into message handling:
 * - a deploy request creates its program at the program's registered address (its CREATE2
 *   proxy on chain, D3.1), not at the address the EVM would derive from the caller's nonce;
 * - a nested call into a program is checked against its ACL (D5 "Access"): a refused call fails
 *   like a revert of that inner call, so the calling frame sees a failed CALL and may carry on;
 * - a nested CREATE/CREATE2 is counted against C and, when it succeeds, makes a new program
 *   with its creator (D5 "Factories").
 * Everything else is the unmodified EVM (house style: plug in through options and overrides,
 * not a fork of the interpreter).
 */
import { EVM, EVMError, type EVMResult, type EVMRunCallOpts, type Message } from '@ethereumjs/evm'
import type { Address } from '@ethereumjs/util'

export type MessageHooks = {
  /** Whether a nested message may enter its program (false: it fails like a revert). */
  mayEnter(message: Message): Promise<boolean>
  /** A nested create is about to run (counts C; may throw a refusal). */
  beforeCreate(): void
  /** A nested create succeeded at `address`, made by program `creator`. */
  afterCreate(address: Address, creator: Address): Promise<void>
}

export class EngineEvm extends EVM {
  /** Where the running deploy request puts its program; undefined for calls. */
  deployAddress: Address | undefined
  hooks: MessageHooks | undefined

  override async runCall(opts: EVMRunCallOpts): Promise<EVMResult> {
    const message = opts.message
    const hooks = this.hooks
    if (message === undefined || message.depth === 0 || hooks === undefined) return super.runCall(opts)
    if (message.to === undefined) {
      hooks.beforeCreate()
      const result = await super.runCall(opts)
      if (result.execResult.exceptionError === undefined && result.createdAddress !== undefined) {
        await hooks.afterCreate(result.createdAddress, message.caller)
      }
      return result
    }
    if (!(await hooks.mayEnter(message))) return refusedCall()
    return super.runCall(opts)
  }

  protected override async _generateAddress(message: Message): Promise<Address> {
    if (message.depth === 0 && this.deployAddress !== undefined) return this.deployAddress
    return super._generateAddress(message)
  }
}

/** A frame that reverted at once with empty data and used no gas of its own. */
function refusedCall(): EVMResult {
  return {
    execResult: {
      returnValue: new Uint8Array(0),
      executionGasUsed: 0n,
      exceptionError: new EVMError(EVMError.errorMessages.REVERT),
    },
  }
}
