/**
 * Block context of one request (D5 "Block context"): `blockhash(number - 1)` is the parent hash
 * the accumulator binds, every other `blockhash` is zero (the enclave has proven no other), and
 * the header fields come from the request. basefee, blob base fee and gas price are zero: no
 * ether moves inside the enclave.
 */
import type { EVMMockBlockchainInterface, EVMRunCallOpts } from '@ethereumjs/evm'
import { type Address, hexToBytes } from '@ethereumjs/util'
import type { BlockContext } from './types.js'

type Block = NonNullable<EVMRunCallOpts['block']>

const ZERO_HASH: Uint8Array = new Uint8Array(32)

export class RequestBlockchain implements EVMMockBlockchainInterface {
  private number = -1n
  private parentHash = ZERO_HASH

  /** Sets the request's block and returns the header the EVM reads. */
  enter(block: BlockContext, coinbase: Address, gasLimit: bigint): Block {
    this.number = block.number
    this.parentHash = bytes32(block.parentHash, 'block.parentHash')
    const randao = block.prevrandao
    let prevRandao = typeof randao === 'string' ? bytes32(randao, 'block.prevrandao') : undefined
    return {
      header: {
        number: block.number,
        coinbase,
        timestamp: block.timestamp,
        difficulty: 0n,
        // Read by the EVM only for PREVRANDAO: a deferred value is computed then, once.
        get prevRandao(): Uint8Array {
          if (prevRandao === undefined && typeof randao === 'function')
            prevRandao = bytes32(randao(), 'block.prevrandao')
          return prevRandao!
        },
        gasLimit,
        baseFeePerGas: 0n,
        getBlobGasPrice: () => 0n,
      },
    }
  }

  async getBlock(blockId: number): Promise<{ hash(): Uint8Array }> {
    const hash = BigInt(blockId) === this.number - 1n ? this.parentHash : ZERO_HASH
    return { hash: () => hash }
  }

  async putBlock(): Promise<void> {}

  shallowCopy(): EVMMockBlockchainInterface {
    return this
  }
}

function bytes32(hex: string, name: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new TypeError(`${name} must be 32 bytes of 0x-hex`)
  return hexToBytes(hex as `0x${string}`)
}
