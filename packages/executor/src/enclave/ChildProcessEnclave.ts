/**
 * The host end of the enclave's IPC (D2): an `EnclaveHandle` over a forked child process.
 * Calls are matched to answers by id; the child's requests for blobs and proofs are served from
 * the host services; the child's stdout and stderr lines go to the logger. If the child dies or
 * answers outside its interface, every pending call rejects with ENCLAVE_PROCESS_FAILED and so
 * does every later one.
 */
import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { BatchOutput } from '@racetee/enclave'
import { type ErrorCode, errorCodes, RaceteeError } from '@racetee/protocol'
import type { Hex } from 'viem'
import type {
  EnclaveExit,
  EnclaveHandle,
  EnclaveHostServices,
  EnclaveProviderKind,
} from './EnclaveProvider.js'
import {
  type AcceptProvisioningCall,
  type AdmitCall,
  type AdmitResult,
  ENCLAVE_FATAL_PREFIX,
  ENCLAVE_READY_LINE,
  type EnclaveDescription,
  type EnclaveMethods,
  type EnclaveToHostMessage,
  type ExecuteBatchCall,
  fromWireError,
  type HostServices,
  type HostToEnclaveMessage,
  type PrepareRotationCall,
  type PrepareRotationResult,
  parseEnclaveToHost,
  type ReadCallParams,
  type ReadCallResult,
  toWireError,
} from './enclaveProcessApi.js'

type Pending = { resolve: (value: unknown) => void; reject: (err: unknown) => void }

export class ChildProcessEnclave implements EnclaveHandle {
  readonly kind: EnclaveProviderKind
  readonly exited: Promise<EnclaveExit>
  readonly #child: ChildProcess
  readonly #services: EnclaveHostServices
  readonly #pending = new Map<number, Pending>()
  #nextId = 1
  #failure: RaceteeError | undefined
  #description: EnclaveDescription | undefined
  #fatalCode = ''
  /** Resolves on the child's ready line; rejects if it exits first. */
  readonly ready: Promise<void>

  constructor(parameters: {
    kind: EnclaveProviderKind
    child: ChildProcess
    services: EnclaveHostServices
    logger?: ((line: string) => void) | undefined
  }) {
    this.kind = parameters.kind
    this.#child = parameters.child
    this.#services = parameters.services
    const log = parameters.logger ?? (() => {})
    let markReady = () => {}
    let notReady = (_: RaceteeError) => {}
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve
      notReady = reject
    })
    this.ready.catch(() => undefined) // observed by the provider; never an unhandled rejection
    const onLine = (line: string) => {
      if (line === ENCLAVE_READY_LINE) markReady()
      else if (line.startsWith(ENCLAVE_FATAL_PREFIX))
        this.#fatalCode = line.slice(ENCLAVE_FATAL_PREFIX.length)
      log(line)
    }
    for (const stream of [this.#child.stdout, this.#child.stderr])
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine)
    this.exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        const fatal = this.#fatalCode ? `, ${this.#fatalCode}` : ''
        this.#fail(`exited with code ${code} signal ${signal}${fatal}`)
        notReady(this.#failure!)
        resolve({ code, signal })
      })
    })
    this.#child.on('error', () => this.#fail('process error'))
    this.#child.on('message', (raw) => this.#onMessage(raw))
  }

  get pid(): number | undefined {
    return this.#child.pid
  }

  get description(): EnclaveDescription {
    if (!this.#description)
      throw new RaceteeError(errorCodes.ENCLAVE_NOT_INITIALISED, 'The enclave has not been initialised.')
    return this.#description
  }

  /** Sends `init`; the provider calls it once, right after the ready line. */
  async init(config: EnclaveMethods['init']['params']): Promise<EnclaveDescription> {
    this.#description = (await this.#call('init', config)) as EnclaveDescription
    return this.#description
  }

  async describe(): Promise<EnclaveDescription> {
    this.#description = (await this.#call('describe', undefined)) as EnclaveDescription
    return this.#description
  }

  createGenesisEpoch(): Promise<{ epoch: bigint; requestPublicKey: Hex }> {
    return this.#call('createGenesisEpoch', undefined) as Promise<{ epoch: bigint; requestPublicKey: Hex }>
  }

  executeBatch(call: ExecuteBatchCall): Promise<BatchOutput> {
    return this.#call('executeBatch', call) as Promise<BatchOutput>
  }

  admit(call: AdmitCall): Promise<AdmitResult> {
    return this.#call('admit', call) as Promise<AdmitResult>
  }

  async retireEpochs(call: { atBlock: bigint }): Promise<EnclaveDescription> {
    this.#description = (await this.#call('retireEpochs', call)) as EnclaveDescription
    return this.#description
  }

  prepareRotation(call: PrepareRotationCall): Promise<PrepareRotationResult> {
    return this.#call('prepareRotation', call) as Promise<PrepareRotationResult>
  }

  async acceptProvisioning(call: AcceptProvisioningCall): Promise<EnclaveDescription> {
    this.#description = (await this.#call('acceptProvisioning', call)) as EnclaveDescription
    return this.#description
  }

  read(call: ReadCallParams): Promise<ReadCallResult> {
    return this.#call('read', call) as Promise<ReadCallResult>
  }

  async close(options: { timeoutMs?: number } = {}): Promise<EnclaveExit> {
    const { timeoutMs = 5_000 } = options
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      // Graceful: the child exits once its channel closes and its calls in flight are done.
      if (this.#child.connected) this.#child.disconnect()
      let timer: NodeJS.Timeout | undefined
      const timedOut = await Promise.race([
        this.exited.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs)
        }),
      ])
      clearTimeout(timer)
      if (timedOut) this.#child.kill('SIGKILL')
    }
    return this.exited
  }

  #call<M extends keyof EnclaveMethods>(method: M, params: EnclaveMethods[M]['params']): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure)
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#send({ type: 'call', id, method, params })
    })
  }

  #send(message: HostToEnclaveMessage): void {
    if (!this.#child.connected) {
      this.#fail('channel closed')
      return
    }
    this.#child.send(message, (err) => {
      if (err) this.#fail('send failed')
    })
  }

  #onMessage(raw: unknown): void {
    const message = parseEnclaveToHost(raw)
    if (message === null) {
      this.#fail('message outside the interface')
      this.#child.kill('SIGKILL')
      return
    }
    if (message.type === 'host') {
      void this.#serve(message)
      return
    }
    const call = this.#pending.get(message.id)
    if (!call) return
    this.#pending.delete(message.id)
    if (message.type === 'return') call.resolve(message.value)
    else call.reject(fromWireError(message.error, errorCodes.ENCLAVE_PROCESS_FAILED))
  }

  async #serve(message: Extract<EnclaveToHostMessage, { type: 'host' }>): Promise<void> {
    const fallback: ErrorCode =
      message.service === 'blob' ? errorCodes.ENCLAVE_BLOB_MISSING : errorCodes.CHAIN_RPC_FAILED
    try {
      const value = await this.#answer(message.service, message.params)
      this.#send({ type: 'hostReturn', id: message.id, value })
    } catch (err) {
      this.#send({ type: 'hostThrow', id: message.id, error: toWireError(err, fallback) })
    }
  }

  #answer(service: keyof HostServices, params: unknown): Promise<unknown> {
    switch (service) {
      case 'blob':
        return this.#services.blob((params as HostServices['blob']['params']).hash)
      case 'getProof':
        return this.#services.proofs.getProof(params as HostServices['getProof']['params'])
      case 'getCode':
        return this.#services.proofs.getCode(params as HostServices['getCode']['params'])
    }
  }

  #fail(why: string): void {
    this.#failure ??= new RaceteeError(errorCodes.ENCLAVE_PROCESS_FAILED, 'The enclave process failed.', {
      details: `pid ${this.#child.pid}: ${why}`,
    })
    for (const call of this.#pending.values()) call.reject(this.#failure)
    this.#pending.clear()
  }
}
