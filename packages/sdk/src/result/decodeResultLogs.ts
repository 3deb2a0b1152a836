/**
 * Private events (D5, P4 `ResultV1.logs`): the logs a request emitted travel only inside its
 * sealed result, so only its caller ever sees them. This module gives them the shape viem gives
 * a receipt's logs: each raw log gets its `logIndex` (its position among the request's logs, as
 * in a receipt with one transaction), and every log that decodes with one of the given ABIs
 * appears again as an event with `eventName` and `args`, as `parseEventLogs` returns it.
 *
 * Decoding is by event signature, whoever emitted the log (viem's `parseEventLogs` semantics):
 * a token's `Transfer` inside a DEX swap decodes once the token's ABI is among `abis`. The
 * emitter is in `address`; filter on it to tell two programs with the same event apart. A log
 * no ABI decodes (strictly) stays in `logs` only. Decoding never throws: viem's decode errors
 * quote the data, which is the caller's plaintext.
 */
import type { ResultLog } from '@racetee/protocol'
import { type Abi, type Log, parseEventLogs } from 'viem'

/** A raw log of a request's result, with its position among the request's logs. */
export type IndexedResultLog = ResultLog & { logIndex: number }

/** `eventName` and `args` of one event of `abi`, correlated (a union member per event). */
type EventFieldsOf<abi extends Abi | readonly unknown[]> =
  Log<bigint, number, false, undefined, true, abi, undefined> extends infer log
    ? log extends { eventName: infer eventName; args: infer args }
      ? { eventName: eventName; args: args }
      : never
    : never

/**
 * A decoded private event: the raw log and `eventName`/`args` as viem's `parseEventLogs`
 * decodes them. Given a union of ABIs, a union of their events.
 */
export type ResultEvent<abi extends Abi | readonly unknown[] = Abi> = abi extends unknown
  ? IndexedResultLog & EventFieldsOf<abi>
  : never

export type DecodeResultLogsParameters = {
  logs: readonly ResultLog[]
  /** ABIs whose events to decode, tried in order for a signature several of them share. */
  abis: readonly (Abi | readonly unknown[])[]
}

export type DecodeResultLogsReturnType<abi extends Abi | readonly unknown[] = Abi> = {
  /** Every log, in emission order, with `logIndex`. */
  logs: IndexedResultLog[]
  /** The logs that decode with one of `abis`, in emission order. */
  events: ResultEvent<abi>[]
}

export function decodeResultLogs<abi extends Abi | readonly unknown[] = Abi>(
  parameters: DecodeResultLogsParameters,
): DecodeResultLogsReturnType<abi> {
  const { abis } = parameters
  if (!Array.isArray(parameters.logs)) throw new TypeError('logs must be an array')
  if (!Array.isArray(abis)) throw new TypeError('abis must be an array of ABIs')
  const logs = parameters.logs.map((log, logIndex) => ({
    address: log.address,
    topics: [...log.topics],
    data: log.data,
    logIndex,
  }))
  const abi = abis.flat() as Abi
  if (logs.length === 0 || !abi.some((item) => item.type === 'event')) return { logs, events: [] }
  // parseEventLogs spreads each log into its event, so the events carry exactly our raw fields;
  // it skips (strict) a log whose topics or data do not fit the signature's types.
  const events = parseEventLogs({ abi, logs: logs as never, strict: true }).map(
    (event) =>
      ({
        address: event.address,
        topics: [...event.topics],
        data: event.data,
        logIndex: event.logIndex,
        eventName: event.eventName,
        args: event.args,
      }) as unknown as ResultEvent<abi>,
  )
  return { logs, events }
}
