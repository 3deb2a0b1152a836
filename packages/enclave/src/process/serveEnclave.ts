/**
 * The enclave side of the IPC (D2): reads calls and host answers from a port, runs calls on the
 * `EnclaveService`, and answers. The port is untrusted: a message outside the interface is
 * dropped, a call with bad parameters is answered PROTOCOL_MALFORMED, and an error that is not
 * a RaceteeError crosses as ENCLAVE_INTERNAL with no text (it could hold plaintext).
 * @module
 */
import { errorCodes } from '@racetee/protocol'
import type { EnclaveService } from './EnclaveService.js'
import type { HostRelay } from './hostRelay.js'
import { type EnclaveToHostMessage, parseHostToEnclave, toWireError } from './messages.js'

export type EnclavePort = {
  send(message: EnclaveToHostMessage): void
  onMessage(listener: (message: unknown) => void): void
}

export type ServeEnclaveParameters = { port: EnclavePort; service: EnclaveService; relay: HostRelay }

/** Starts serving; `idle()` settles once no call is running (for a graceful exit). */
export function serveEnclave(parameters: ServeEnclaveParameters): {
  inFlight(): number
  idle(): Promise<void>
} {
  const { port, service, relay } = parameters
  let running = 0
  const idleWaiters: (() => void)[] = []
  const settle = () => {
    running--
    if (running === 0) for (const wake of idleWaiters.splice(0)) wake()
  }
  port.onMessage((raw) => {
    const message = parseHostToEnclave(raw)
    if (message === null) return
    if (message.type !== 'call') {
      relay.settle(message)
      return
    }
    running++
    service
      .dispatch(message.method, message.params)
      .then(
        (value) => port.send({ type: 'return', id: message.id, value }),
        (err: unknown) =>
          port.send({ type: 'throw', id: message.id, error: toWireError(err, errorCodes.ENCLAVE_INTERNAL) }),
      )
      .catch(() => undefined) // the channel closed: nobody is left to answer
      .finally(settle)
  })
  return {
    inFlight: () => running,
    idle: () =>
      running === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            idleWaiters.push(resolve)
          }),
  }
}
