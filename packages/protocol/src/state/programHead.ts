/**
 * A program's head (P5): the public 96-byte blob `codeHash ‖ stateRoot ‖ infoHash`, stored under
 * its own hash, the program's on-chain digest. From a proven digest a loader reaches every blob
 * of the program. `0x0` is the digest of a registered program not yet deployed.
 */
import { bytesToHex, concat, type Hex, keccak256 } from 'viem'
import { bytes32 } from '../encoding/fixedBytes.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export const PROGRAM_HEAD_LENGTH = 96

export type ProgramHead = {
  /** keccak of the sealed code blob. */
  codeHash: Hex
  /** keccak of the sealed index blob. */
  stateRoot: Hex
  /** keccak of the sealed Info blob. */
  infoHash: Hex
}

export function encodeProgramHead(head: ProgramHead): Uint8Array {
  return concat([
    bytes32(head.codeHash, 'head.codeHash'),
    bytes32(head.stateRoot, 'head.stateRoot'),
    bytes32(head.infoHash, 'head.infoHash'),
  ])
}

export function decodeProgramHead(bytes: Uint8Array): ProgramHead {
  if (bytes.length !== PROGRAM_HEAD_LENGTH)
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Program head is not 96 bytes.', {
      details: `${bytes.length} bytes`,
    })
  const word = (i: number) => bytesToHex(bytes.subarray(32 * i, 32 * (i + 1)))
  return { codeHash: word(0), stateRoot: word(1), infoHash: word(2) }
}

/** `digest = keccak(codeHash ‖ stateRoot ‖ infoHash)` = keccak of the head blob (P5, D3.3). */
export function programDigest(head: ProgramHead): Hex {
  return keccak256(encodeProgramHead(head))
}
