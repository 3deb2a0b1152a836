/**
 * Builds the one EVM configuration the engine runs (D3: hardfork pinned to `osaka`, mainnet's
 * rules, the chain's id), over the engine's own state manager and block context.
 */
import { type Common, createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common'
import { type EVMOpts, NobleBN254, paramsEVM } from '@ethereumjs/evm'
import { RaceteeError } from '@racetee/protocol'
import { EngineEvm } from './EngineEvm.js'
import { indexActivatedEips } from './indexActivatedEips.js'
import type { LazyStateManager } from './LazyStateManager.js'
import type { RequestBlockchain } from './RequestBlockchain.js'
import { valueRefusingOpcodes } from './valueRefusingOpcodes.js'

/** EIPs the design relies on (D3): calldata floor, per-transaction gas cap, CLZ. */
const REQUIRED_EIPS = [3529, 3651, 3860, 7623, 7825, 7939] as const

export function engineCommon(chainId: bigint): Common {
  const common = indexActivatedEips(
    createCustomCommon({ chainId: chainId.toString() }, Mainnet, { hardfork: Hardfork.Osaka }),
  )
  // The EVM sets these itself; the opcode table of valueRefusingOpcodes needs them first.
  common.updateParams(paramsEVM)
  for (const eip of REQUIRED_EIPS) {
    if (!common.isActivatedEIP(eip)) {
      throw new RaceteeError('ENGINE_INTERNAL', 'Pinned hardfork lacks a required EIP', {
        details: `EIP-${eip}`,
      })
    }
  }
  return common
}

export function createEngineEvm(
  common: Common,
  state: LazyStateManager,
  blockchain: RequestBlockchain,
  precompiles: NonNullable<EVMOpts['customPrecompiles']> = [],
): EngineEvm {
  // `new EVM` is what `createEVM` does after filling defaults; it is used directly because the
  // engine subclasses the EVM (EngineEvm) and supplies every default itself.
  return new EngineEvm({
    common,
    stateManager: state,
    blockchain,
    bn254: new NobleBN254(),
    customOpcodes: valueRefusingOpcodes(common),
    // D5: the JS dispatcher, at an address outside Ethereum's own precompile ranges.
    customPrecompiles: precompiles,
  })
}
