/** A `StoreAuthorization` (P6) with the enclave's signature over its EIP-712 hash (D6). */
import type { StoreAuthorization } from '@racetee/protocol'
import type { Hex } from 'viem'

export type SignedStoreAuthorization = StoreAuthorization & { signature: Hex }
