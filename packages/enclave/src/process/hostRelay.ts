/**
 * The enclave's side of the host services (D2.1, D7 "it fetches proofs through the host"):
 * blobs from storage and `eth_getProof`/`eth_getCode` answers, asked of the untrusted host over
 * the IPC channel. Nothing here is trusted: blobs are re-hashed by the loader, proofs verified by
 * the ChainView; this module only matches answers to questions and checks their shape.
 * @module
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { BlobSource } from '../batch/types.js'
import type { ProofSource } from '../chain/types.js'
import {
  fromWireError,
  type HostCallMessage,
  type HostReturnMessage,
  type HostService,
  type HostServices,
  type HostThrowMessage,
} from './messages.js'
import { hex, parseAccountProof } from './validateCall.js'

export type HostRelay = {
  blobs: BlobSource
  proofs: ProofSource
  /** Settles the pending call the answer names; false when no call has that id. */
  settle(message: HostReturnMessage | HostThrowMessage): boolean
  /** Rejects every pending call (the channel closed). */
  failAll(): void
}

type Pending = { resolve: (value: unknown) => void; reject: (err: unknown) => void }

export function createHostRelay(send: (message: HostCallMessage) => void): HostRelay {
  const pending = new Map<number, Pending>()
  let nextId = 1

  function ask<S extends HostService>(service: S, params: HostServices[S]['params']): Promise<unknown> {
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      try {
        send({ type: 'host', id, service, params })
      } catch {
        pending.delete(id)
        reject(channelClosed())
      }
    })
  }

  return {
    blobs: {
      async get(hash) {
        const bytes = await ask('blob', { hash })
        if (!(bytes instanceof Uint8Array))
          throw new RaceteeError(errorCodes.ENCLAVE_BLOB_MISSING, 'The host answered a blob with no bytes.', {
            details: `blob ${hash}`,
          })
        return bytes
      },
    },
    proofs: {
      async getProof(parameters) {
        return parseAccountProof(await ask('getProof', parameters))
      },
      async getCode(parameters) {
        return hex(await ask('getCode', parameters), 'code')
      },
    },
    settle(message) {
      const call = pending.get(message.id)
      if (!call) return false
      pending.delete(message.id)
      if (message.type === 'hostReturn') call.resolve(message.value)
      else call.reject(fromWireError(message.error, errorCodes.CHAIN_RPC_FAILED))
      return true
    },
    failAll() {
      for (const call of pending.values()) call.reject(channelClosed())
      pending.clear()
    },
  }
}

function channelClosed(): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_PROCESS_FAILED, 'The host channel is closed.')
}
