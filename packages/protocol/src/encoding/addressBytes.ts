/** An address as its 20 bytes (P0). Any hex case is accepted; the checksum is not required. */
import { type Address, hexToBytes, isAddress } from 'viem'

export function addressBytes(address: Address, name = 'address'): Uint8Array {
  if (typeof address !== 'string' || !isAddress(address, { strict: false }))
    throw new TypeError(`${name} must be a 20-byte hex address`)
  return hexToBytes(address)
}
