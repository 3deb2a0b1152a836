/**
 * The enclave's `AdminPolicy` for one batch (D5 "Admin", "Access"): who may call a program and
 * who administers it, answered from the program's Info as changed so far in the batch, so a
 * change made by an earlier request (an account admin's ACL-change request, or a program
 * admin's call of the ACL precompile) holds for every later one.
 *
 * A precompile change to a program with Info updates that Info in `infos` (sealed with the
 * request's accumulator as `acc_w`). A program created earlier in this batch by a factory has
 * no Info until the batch is sealed (its creator is its admin, which the engine knows), so its
 * changes wait in `created` for the sealer to apply.
 */
import type { AdminPolicy, ProgramAccessChange } from '@racetee/engine'
import type { ProgramInfoV1 } from '@racetee/protocol'
import { type Address, getAddress, type Hex, isAddressEqual } from 'viem'

export type InfoChange = { info: ProgramInfoV1; accW: Hex }
export type CreatedAccess = { acl: Address[]; admin: Address; accW: Hex }

export class InfoAccessPolicy implements AdminPolicy {
  /** Access set through the precompile for programs created in this batch, by address. */
  readonly created = new Map<Address, CreatedAccess>()

  /**
   * `currentInfo` answers a program's Info as of now in the batch (from `infos`, else its sealed
   * Info), null when it has none; `infos` is the batch's map of changed Info.
   */
  constructor(
    private readonly currentInfo: (program: Address) => Promise<ProgramInfoV1 | null>,
    private readonly infos: Map<Address, InfoChange>,
  ) {}

  async isAllowed(caller: Address, program: Address): Promise<boolean> {
    const acl = (await this.accessOf(program))?.acl ?? []
    return acl.length === 0 || acl.some((allowed) => isAddressEqual(allowed, caller))
  }

  async adminOf(program: Address): Promise<Address | null> {
    return (await this.accessOf(program))?.admin ?? null
  }

  async recordAccessChanges(changes: readonly ProgramAccessChange[], writeTag: Hex): Promise<void> {
    for (const change of changes) {
      const program = getAddress(change.program)
      const acl = change.acl.map((a) => getAddress(a))
      const admin = getAddress(change.admin)
      const info = await this.currentInfo(program)
      if (info) this.infos.set(program, { info: { ...info, acl, admin }, accW: writeTag })
      else this.created.set(program, { acl, admin, accW: writeTag })
    }
  }

  /** `info` (a new program's Info) with the access set for it in this batch, and that change's tag. */
  applyCreated(program: Address, info: ProgramInfoV1): { info: ProgramInfoV1; accW: Hex | null } {
    const set = this.created.get(getAddress(program))
    if (!set) return { info, accW: null }
    return { info: { ...info, acl: set.acl, admin: set.admin }, accW: set.accW }
  }

  private async accessOf(program: Address): Promise<{ acl: readonly Address[]; admin: Address } | null> {
    return (await this.currentInfo(program)) ?? this.created.get(getAddress(program)) ?? null
  }
}
