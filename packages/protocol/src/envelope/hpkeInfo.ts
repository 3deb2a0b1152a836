/**
 * HPKE `info` strings (P3, P7, P8): `label ‖ u256 chainId ‖ MC ‖ u64 epoch`. Binding chain, MC
 * and epoch here means a ciphertext replayed to another deployment or epoch does not open.
 */
import { type Address, concat } from 'viem'
import { addressBytes } from '../encoding/addressBytes.js'
import { labelBytes, type ProtocolLabel, protocolLabels } from '../encoding/labelBytes.js'
import { u64, u256 } from '../encoding/uintBytes.js'

/** `label ‖ u256 chainId ‖ MC ‖ u64 epoch`. */
export function hpkeInfo(
  label: ProtocolLabel,
  chainId: bigint | number,
  mc: Address,
  epoch: bigint | number,
): Uint8Array {
  return concat([labelBytes(label), u256(chainId, 'chainId'), addressBytes(mc, 'mc'), u64(epoch, 'epoch')])
}

/** `"racetee/v1/request" ‖ u256 chainId ‖ MC ‖ u64 epoch` (P3). */
export function requestInfo(chainId: bigint | number, mc: Address, epoch: bigint | number): Uint8Array {
  return hpkeInfo(protocolLabels.request, chainId, mc, epoch)
}

/** `"racetee/v1/read" ‖ u256 chainId ‖ MC ‖ u64 epoch` (P8). */
export function readInfo(chainId: bigint | number, mc: Address, epoch: bigint | number): Uint8Array {
  return hpkeInfo(protocolLabels.read, chainId, mc, epoch)
}

/** `"racetee/v1/provision" ‖ u256 chainId ‖ MC ‖ u64 epoch` (P7): an epoch secret sent to an enclave. */
export function provisionInfo(chainId: bigint | number, mc: Address, epoch: bigint | number): Uint8Array {
  return hpkeInfo(protocolLabels.provision, chainId, mc, epoch)
}
