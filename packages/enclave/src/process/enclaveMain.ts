/**
 * Entry point of the enclave child process (D2): `node --import tsx enclaveMain.ts`, forked by
 * the host with an IPC channel and `serialization: 'advanced'`. It serves the RPC of
 * `messages.ts` and reads the chain only through the ChainView module (D2.1): the trusted-RPC
 * header verifier (SIMULATION) and storage proofs relayed by the host.
 *
 * Output: it prints one ready line on stderr, or `racetee-enclave: fatal <CODE>` before dying;
 * never a message, a stack or any value (they could carry secrets or plaintext). It exits when
 * the host closes the channel, after the calls in flight have finished (state is sealed before
 * each mutating call answers, so nothing is lost by an abrupt kill either).
 * @module
 */
import { errorCodes, isRaceteeError } from '@racetee/protocol'
import { provenChainView, trustedRpcHeaderVerifier } from '../chain/index.js'
import { EnclaveService } from './EnclaveService.js'
import { createHostRelay } from './hostRelay.js'
import { ENCLAVE_FATAL_PREFIX, ENCLAVE_READY_LINE, type EnclaveToHostMessage } from './messages.js'
import { serveEnclave } from './serveEnclave.js'

function fatal(err: unknown): never {
  const code = isRaceteeError(err) ? err.code : errorCodes.ENCLAVE_INTERNAL
  process.stderr.write(`${ENCLAVE_FATAL_PREFIX}${code}\n`)
  process.exit(70)
}

process.on('uncaughtException', fatal)
process.on('unhandledRejection', fatal)

const channel = process.send?.bind(process)
if (!channel) fatal(undefined) // started without an IPC channel: nobody to serve

const send = (message: EnclaveToHostMessage): void => {
  if (!process.connected) return
  channel?.(message)
}
const relay = createHostRelay((message) => {
  if (!process.connected) throw new TypeError('channel closed')
  channel?.(message)
})
const service = new EnclaveService({
  host: { blobs: relay.blobs, proofs: relay.proofs },
  chain: { headerVerifier: trustedRpcHeaderVerifier, chainView: provenChainView },
})
const server = serveEnclave({
  port: { send, onMessage: (listener) => process.on('message', listener) },
  service,
  relay,
})
process.on('disconnect', () => {
  relay.failAll()
  void server.idle().then(() => process.exit(0))
})
process.stderr.write(`${ENCLAVE_READY_LINE}\n`)
