/**
 * `Common.isActivatedEIP` as a Set lookup, for the engine's one pinned Common (D3, D5;
 * issue 7). @ethereumjs/common answers it by scanning an array of every EIP of the hardfork
 * (about a hundred), and the interpreter asks several times per opcode step: that scan was
 * 4% of the enclave's time per confidential transfer. The answers cannot differ: the Set is
 * built from the same array and rebuilt whenever Common replaces it (it assigns a new array
 * on every hardfork or EIP change, never edits one in place); the test compares both for every
 * EIP number.
 */
import type { Common } from '@ethereumjs/common'

/** Common's own cache of activated EIPs (a private field of @ethereumjs/common 10.1.3). */
type WithEipCache = { _activatedEIPsCache: number[] }

export function indexActivatedEips(common: Common): Common {
  const internal = common as unknown as WithEipCache
  if (!Array.isArray(internal._activatedEIPsCache))
    throw new TypeError('common has no activated-EIP cache to index (an @ethereumjs/common upgrade?)')
  let source: number[] | undefined
  let index = new Set<number>()
  common.isActivatedEIP = (eip: number): boolean => {
    const current = internal._activatedEIPsCache
    if (current !== source) {
      source = current
      index = new Set(current)
    }
    return index.has(eip)
  }
  return common
}
