/**
 * The ACL precompile's address, Solidity interface and price (D5 "Admin": a program admin
 * changes a program's ACL through an ACL precompile; docs/protocol.md P9). Like the JS
 * dispatcher's, these values are part of the protocol: every enclave must use the same ones.
 *
 * ```solidity
 * interface IRaceteeAcl {
 *   function setAcl(address program, address[] calldata acl, address newAdmin) external;
 * }
 * ```
 */
import { parseAbi } from 'viem'

/** Outside Ethereum's precompile ranges, next to the JS dispatcher (`0x…000a5d15`). */
export const ACL_PRECOMPILE_ADDRESS = '0x0000000000000000000000000000000000000ac1' as const

export const aclPrecompileAbi = parseAbi([
  /** Replaces `program`'s ACL (empty: public); `newAdmin` zero keeps the admin. */
  'function setAcl(address program, address[] acl, address newAdmin)',
  /** The caller is not `program`'s admin (or `program` has none: not a program). */
  'error NotProgramAdmin(address program, address caller)',
  /** Reached by DELEGATECALL or CALLCODE: the caller must be the program itself. */
  'error AclCallNotDirect()',
  /** Reached in a static context (STATICCALL, or anything under one): a change is a write. */
  'error AclCallStatic()',
  /** The calldata is not a `setAcl` call. */
  'error AclInputMalformed()',
])

/**
 * Gas of one call, charged whatever its outcome: a base as an SSTORE set (the change is a
 * write of Info), and per ACL entry as an SSTORE reset. Below it the call runs out of gas.
 */
export const ACL_CHANGE_GAS = 20_000n
export const ACL_ENTRY_GAS = 5_000n
