/**
 * Evidence report data (P7, D3.1): the 64 bytes an enclave puts in its quote, binding the quote
 * to one deployment and to both of its keys: `keccak(abi(keccak("racetee/v1/evidence"),
 * uint256 chainId, address MC, address signer, bytes32 encryptionKey)) ‖ 32 zero bytes`.
 */
import { type Address, bytesToHex, concat, encodeAbiParameters, type Hex, keccak256 } from 'viem'
import { bytes32 } from '../encoding/fixedBytes.js'
import { labelBytes, protocolLabels } from '../encoding/labelBytes.js'
import { assertUint } from '../encoding/uintBytes.js'

export const REPORT_DATA_LENGTH = 64

export function evidenceReportData(
  chainId: bigint | number,
  mc: Address,
  signer: Address,
  encryptionKey: Hex | Uint8Array,
): Uint8Array {
  const key = bytes32(encryptionKey, 'encryptionKey')
  const digest = keccak256(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'uint256' },
        { type: 'address' },
        { type: 'address' },
        { type: 'bytes32' },
      ],
      [
        keccak256(labelBytes(protocolLabels.evidence)),
        assertUint(chainId, 256, 'chainId'),
        mc,
        signer,
        bytesToHex(key),
      ],
    ),
    'bytes',
  )
  return concat([digest, new Uint8Array(32)])
}
