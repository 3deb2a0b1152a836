/**
 * The ACL precompile (D5 "Admin": a program admin changes a program's ACL through an ACL
 * precompile; interface and price in `aclPrecompileAbi.ts`, docs/protocol.md P9), and the
 * engine's view of access during a request.
 *
 * A precompile is not told who called it, so, as the JS dispatcher does, this one follows the
 * EVM's message stack through `beforeMessage`/`afterMessage`: its own frame's caller is the
 * program asking. Only a plain CALL counts: DELEGATECALL and CALLCODE would let code borrowed
 * from elsewhere act as the caller, and a static context forbids writes.
 *
 * A change is journaled in the precompile's own frame (`AccessJournal`), so it follows the EVM's
 * checkpoints exactly: later calls of the same request see it at once, a failed frame takes it
 * back, and the enclave hears of it only when the whole request succeeds.
 */
import {
  type EVM,
  EVMError,
  type EVMResult,
  type ExecResult,
  type Message,
  type PrecompileInput,
} from '@ethereumjs/evm'
import { bytesToHex, createAddressFromString, hexToBytes } from '@ethereumjs/util'
import { type Abi, decodeFunctionData, encodeErrorResult, type Hex, zeroAddress } from 'viem'
import type { AdminPolicy, ProgramAccessChange } from '../types.js'
import { AccessJournal } from './AccessJournal.js'
import {
  ACL_CHANGE_GAS,
  ACL_ENTRY_GAS,
  ACL_PRECOMPILE_ADDRESS,
  aclPrecompileAbi,
} from './aclPrecompileAbi.js'

const SELF = createAddressFromString(ACL_PRECOMPILE_ADDRESS)

type AclError = 'NotProgramAdmin' | 'AclCallNotDirect' | 'AclCallStatic' | 'AclInputMalformed'

export class AclPrecompile {
  private readonly messages: Message[] = []
  private readonly journal = new AccessJournal()
  private evm: EVM | undefined

  /**
   * `creatorOf` answers, without loading anything, the creator of a program created in this
   * batch by another program (lowercase hex), else null.
   */
  constructor(
    private readonly policy: AdminPolicy,
    private readonly creatorOf: (program: Hex) => Hex | null,
  ) {}

  /** Follows `evm`'s message stack; call for every EVM the engine builds (one at a time). */
  attach(evm: EVM): void {
    this.evm = evm
    this.messages.length = 0
    this.journal.begin()
    evm.events.on('beforeMessage', (message: Message) => {
      if (this.evm !== evm) return
      this.messages.push(message)
      this.journal.enter()
    })
    evm.events.on('afterMessage', (result: EVMResult) => {
      if (this.evm !== evm) return
      this.messages.pop()
      this.journal.exit(result.execResult.exceptionError === undefined)
    })
  }

  /** D5: each request is its own transaction, with no pending change. */
  beginRequest(): void {
    this.messages.length = 0
    this.journal.begin()
  }

  /** The entry for `customPrecompiles`. */
  precompile(): { address: Hex; function: (input: PrecompileInput) => Promise<ExecResult> } {
    return { address: ACL_PRECOMPILE_ADDRESS, function: (input) => this.call(input) }
  }

  /** D5 "Access" with the running request's changes first: may `caller` enter `program`? */
  async isAllowed(caller: Hex, program: Hex): Promise<boolean> {
    const pending = this.journal.get(program.toLowerCase() as Hex)
    if (pending === undefined) return this.policy.isAllowed(caller, program)
    const who = caller.toLowerCase()
    return pending.acl.length === 0 || pending.acl.includes(who as Hex)
  }

  /** The request's net changes once its top frame has succeeded, ascending by program. */
  committed(): ProgramAccessChange[] {
    return this.journal.committed()
  }

  private async call(input: PrecompileInput): Promise<ExecResult> {
    const decoded = decodeSetAcl(input.data)
    const cost = ACL_CHANGE_GAS + ACL_ENTRY_GAS * BigInt(decoded?.acl.length ?? 0)
    if (input.gasLimit < cost) return outOfGas(input.gasLimit)
    const me = this.messages.at(-1)
    if (me === undefined || !me.codeAddress.equals(SELF)) return revert(cost, 'AclCallNotDirect')
    if (me.delegatecall || me.to === undefined || !me.to.equals(SELF)) return revert(cost, 'AclCallNotDirect')
    if (me.isStatic) return revert(cost, 'AclCallStatic')
    if (decoded === null) return revert(cost, 'AclInputMalformed')
    const caller = me.caller.toString() as Hex
    const admin = await this.adminOf(decoded.program)
    if (admin !== caller) return revert(cost, 'NotProgramAdmin', [decoded.program, caller])
    const newAdmin = decoded.newAdmin === zeroAddress ? admin : decoded.newAdmin
    this.journal.set(decoded.program, { acl: decoded.acl, admin: newAdmin })
    return { executionGasUsed: cost, returnValue: new Uint8Array(0) }
  }

  /** Lowercase admin: this request's change, else the policy's, else the batch-created program's creator. */
  private async adminOf(program: Hex): Promise<Hex | null> {
    const pending = this.journal.get(program)
    if (pending !== undefined) return pending.admin
    const known = await this.policy.adminOf(program)
    if (known !== null) return known.toLowerCase() as Hex
    return this.creatorOf(program)
  }
}

/** `setAcl` arguments with every address lowercase, or null when the calldata is not one. */
function decodeSetAcl(data: Uint8Array): { program: Hex; acl: Hex[]; newAdmin: Hex } | null {
  try {
    const { args } = decodeFunctionData({ abi: aclPrecompileAbi, data: bytesToHex(data) })
    const [program, acl, newAdmin] = args
    return {
      program: program.toLowerCase() as Hex,
      acl: acl.map((a) => a.toLowerCase() as Hex),
      newAdmin: newAdmin.toLowerCase() as Hex,
    }
  } catch {
    return null
  }
}

function revert(gasUsed: bigint, error: AclError, args: readonly unknown[] = []): ExecResult {
  const data = encodeErrorResult({ abi: aclPrecompileAbi as Abi, errorName: error, args })
  return {
    executionGasUsed: gasUsed,
    returnValue: hexToBytes(data),
    exceptionError: new EVMError(EVMError.errorMessages.REVERT),
  }
}

function outOfGas(gasLimit: bigint): ExecResult {
  return {
    executionGasUsed: gasLimit,
    returnValue: new Uint8Array(0),
    exceptionError: new EVMError(EVMError.errorMessages.OUT_OF_GAS),
  }
}
