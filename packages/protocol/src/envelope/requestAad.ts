/**
 * HPKE additional data (P3, P7). A request's `aad = program ‖ caller ‖ u8 kind`: a ciphertext
 * copied into another account's request, another program or another kind does not open (D4).
 */
import { type Address, concat } from 'viem'
import type { RequestKind } from '../constants/requestKinds.js'
import { addressBytes } from '../encoding/addressBytes.js'
import { u8 } from '../encoding/uintBytes.js'

export function requestAad(program: Address, caller: Address, kind: RequestKind): Uint8Array {
  return concat([addressBytes(program, 'program'), addressBytes(caller, 'caller'), u8(kind, 'kind')])
}

/** `aad = recipient` (P7): the enclave address a provisioned secret is for. */
export function provisionAad(recipient: Address): Uint8Array {
  return addressBytes(recipient, 'recipient')
}
