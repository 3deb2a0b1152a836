/**
 * The `AdminPolicy` the engine runs with (D5 "Admin", "Access"): the enclave's own when it gives
 * one; otherwise a batch-local one over the plain `AccessPolicy` it was given (or none, every
 * program public), which keeps the changes program admins make through the ACL precompile for
 * the rest of the batch. Such an engine knows no account admins (deployers): only creators of
 * programs created in the batch can change access, which is all the engine itself can tell.
 */
import type { Address, Hex } from 'viem'
import type { AccessPolicy, AdminPolicy, ProgramAccessChange } from '../types.js'

export function adminPolicyOf(access: AccessPolicy | AdminPolicy | undefined): AdminPolicy {
  if (access !== undefined && isAdminPolicy(access)) return access
  return new BatchAdminPolicy(access)
}

function isAdminPolicy(access: AccessPolicy | AdminPolicy): access is AdminPolicy {
  return 'adminOf' in access && 'recordAccessChanges' in access
}

class BatchAdminPolicy implements AdminPolicy {
  private readonly changed = new Map<string, ProgramAccessChange>()

  constructor(private readonly base: AccessPolicy | undefined) {}

  async isAllowed(caller: Address, program: Address): Promise<boolean> {
    const change = this.changed.get(program.toLowerCase())
    if (change === undefined) return this.base === undefined || this.base.isAllowed(caller, program)
    const who = caller.toLowerCase()
    return change.acl.length === 0 || change.acl.some((allowed) => allowed.toLowerCase() === who)
  }

  async adminOf(program: Address): Promise<Address | null> {
    return this.changed.get(program.toLowerCase())?.admin ?? null
  }

  async recordAccessChanges(changes: readonly ProgramAccessChange[], _writeTag: Hex): Promise<void> {
    for (const change of changes) this.changed.set(change.program.toLowerCase(), change)
  }
}
