/** `acc_0 = keccak(abi(keccak("racetee/v1/acc"), uint256 chainId, address MC))` (P2): one chain of requests per deployment. */
import { type Address, encodeAbiParameters, type Hex, keccak256 } from 'viem'
import { labelBytes, protocolLabels } from '../encoding/labelBytes.js'
import { assertUint } from '../encoding/uintBytes.js'

export function accumulatorGenesis(chainId: bigint | number, managementContract: Address): Hex {
  const id = assertUint(chainId, 256, 'chainId')
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }],
      [keccak256(labelBytes(protocolLabels.acc)), id, managementContract],
    ),
  )
}
