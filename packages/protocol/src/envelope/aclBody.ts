/**
 * Body of an ACL-change request (P3): `abi(address[] acl, address newAdmin)`. `newAdmin = 0x0`
 * keeps the admin; an empty `acl` makes the program public. Strict decoding, PROTOCOL_MALFORMED.
 */
import { type Address, encodeAbiParameters, hexToBytes } from 'viem'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'

export type AclBody = { acl: Address[]; newAdmin: Address }

const aclBodyAbi = [{ type: 'address[]' }, { type: 'address' }] as const

export function encodeAclBody({ acl, newAdmin }: AclBody): Uint8Array {
  return hexToBytes(encodeAbiParameters(aclBodyAbi, [acl, newAdmin]))
}

export function decodeAclBody(body: Uint8Array): AclBody {
  const [acl, newAdmin] = decodeAbiStrict(aclBodyAbi, body, 'ACL body')
  return { acl: [...acl], newAdmin }
}
