/**
 * Test helper: a directory that behaves as Gramine's `/dev/attestation` does for a DCAP enclave.
 * `attestation_type` and `keys/_sgx_mrenclave` are plain files; `user_report_data` is a plain
 * file the platform writes; `quote` is a FIFO served by this helper, which on each read answers
 * with a quote over whatever was last written to `user_report_data` (a minimal, unsigned quote
 * by default, or `answer`'s bytes to play a broken or hostile platform). Works across processes:
 * an enclave child reading the FIFO is served by the test process.
 *
 * `stop()` ends the serving loop (unblocking a pending FIFO open) and removes nothing the test
 * did not ask it to: the caller owns `dir`.
 * @module
 */
import { execFileSync } from 'node:child_process'
import { closeSync, constants, mkdirSync, openSync, writeFileSync } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { minimalQuote } from './minimalQuote.js'

export type FakeGramineAttestationParameters = {
  dir: string
  /** What `attestation_type` reads; default `dcap`. */
  attestationType?: string
  /** The 16-byte MRENCLAVE-bound key; omit to leave `keys/_sgx_mrenclave` missing. */
  mrenclaveKey?: Uint8Array
  /** The quote to answer for the report data just written; default a minimal SGX quote over it. */
  answer?: (reportData: Uint8Array) => Uint8Array
  /** The MRENCLAVE the default quote claims. */
  measurement?: Uint8Array
}

export type FakeGramineAttestation = { dir: string; quotesServed(): number; stop(): Promise<void> }

export function startFakeGramineAttestation(
  parameters: FakeGramineAttestationParameters,
): FakeGramineAttestation {
  const { dir } = parameters
  mkdirSync(join(dir, 'keys'), { recursive: true })
  writeFileSync(join(dir, 'attestation_type'), `${parameters.attestationType ?? 'dcap'}\n`)
  writeFileSync(join(dir, 'user_report_data'), new Uint8Array(64))
  if (parameters.mrenclaveKey) writeFileSync(join(dir, 'keys', '_sgx_mrenclave'), parameters.mrenclaveKey)
  const quotePath = join(dir, 'quote')
  execFileSync('mkfifo', [quotePath])
  let stopped = false
  let served = 0
  const serveOne = async (): Promise<void> => {
    // Blocks (in libuv's pool) until a reader opens the FIFO.
    const fifo = await open(quotePath, 'w')
    try {
      if (stopped) return
      const reportData = new Uint8Array(await readFile(join(dir, 'user_report_data')))
      const quote =
        parameters.answer?.(reportData) ??
        minimalQuote({
          tee: 'sgx',
          reportData,
          ...(parameters.measurement ? { measurement: parameters.measurement } : {}),
        })
      await fifo.writeFile(quote)
      served++
    } catch (err) {
      // The open may have met the previous reader on its way out (it had read its quote and
      // EOF): it closed before we wrote. Nothing was delivered; the next reader gets a fresh one.
      if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err
    } finally {
      await fifo.close()
    }
  }
  const serve = async () => {
    while (!stopped) {
      await serveOne()
      // Let the reader that just got EOF close its end before the FIFO is opened again.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  const loop = serve()
  return {
    dir,
    quotesServed: () => served,
    async stop() {
      stopped = true
      // Open the read end ourselves so a writer blocked in open() wakes up, sees `stopped`, exits.
      const reader = openSync(quotePath, constants.O_RDONLY | constants.O_NONBLOCK)
      try {
        await loop
      } finally {
        closeSync(reader)
      }
    },
  }
}
