/**
 * ACL changes of the running request, journaled along the EVM's frames (D5 "Admin", "Each
 * request is its own transaction"): a change belongs to the frame that made it (the ACL
 * precompile's own frame), passes to the calling frame when that frame ends without error, and
 * is dropped with it when it fails. So a change survives exactly when every frame from the
 * precompile's up to the request's top frame succeeds, as a storage write does, including an
 * inner frame that reverts while its caller carries on.
 *
 * Invariant: every change in a frame is older than every change in the frames above it, so the
 * newest value of a program is the first one found from the innermost frame down.
 */
import type { Hex } from 'viem'
import type { ProgramAccessChange } from '../types.js'

export type ProgramAccess = { acl: readonly Hex[]; admin: Hex }

export class AccessJournal {
  /** One entry per open EVM message, innermost last; null until the frame changes something. */
  private readonly frames: (Map<Hex, ProgramAccess> | null)[] = []
  /** Changes of the request's top frame once it has succeeded. */
  private done = new Map<Hex, ProgramAccess>()

  /** D5: each request starts with no change. */
  begin(): void {
    this.frames.length = 0
    this.done = new Map()
  }

  /** A message starts (EVM `beforeMessage`). */
  enter(): void {
    this.frames.push(null)
  }

  /** A message ended (EVM `afterMessage`); `ok` when it ended without an exception. */
  exit(ok: boolean): void {
    if (this.frames.length === 0) throw new RangeError('exit without a matching enter')
    const changes = this.frames.pop()
    if (!ok || !changes) return
    const parent = this.frames.length === 0 ? this.done : this.open(this.frames.length - 1)
    for (const [program, access] of changes) parent.set(program, access)
  }

  /** Records a change in the innermost open frame. `program` is lowercase hex. */
  set(program: Hex, access: ProgramAccess): void {
    if (this.frames.length === 0) throw new RangeError('set outside any frame')
    this.open(this.frames.length - 1).set(program, access)
  }

  /** The newest change of `program` visible now, undefined when the request has not changed it. */
  get(program: Hex): ProgramAccess | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const found = this.frames[i]?.get(program)
      if (found !== undefined) return found
    }
    return this.done.get(program)
  }

  /** The request's net changes after its top frame succeeded, ascending by program (D5 canonical order). */
  committed(): ProgramAccessChange[] {
    return [...this.done.keys()].sort().map((program) => {
      const access = this.done.get(program)!
      return { program, acl: [...access.acl], admin: access.admin }
    })
  }

  private open(index: number): Map<Hex, ProgramAccess> {
    let frame = this.frames[index]
    if (!frame) {
      frame = new Map()
      this.frames[index] = frame
    }
    return frame
  }
}
