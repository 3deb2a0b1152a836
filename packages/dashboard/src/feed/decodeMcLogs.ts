/**
 * Decodes the management contract's public events the dashboard shows (D3.2, D3.3, D4):
 * `Request` and `Rotated` (each takes a seq of the accumulator) become request rows, with the
 * sealed payload reduced to its LENGTH on the spot, so no payload byte ever reaches the
 * snapshot; `Committed` and `RolledBack` become commit facts. Logs of other events and logs
 * that do not decode (a lying RPC) are skipped.
 */
import { managementContractAbi, type RequestKindName, requestKinds } from '@racetee/protocol'
import { type Address, type Hex, type Log, parseEventLogs, size } from 'viem'
import { type RequestView, safeNumber } from './snapshotTypes.js'

export type CommittedFact = {
  commitId: Hex
  fromSeq: number
  toSeq: number
  resultsHash: Hex
  blobsRoot: Hex
  block: number
  transactionHash: Hex
}

export type RolledBackFact = { rolledBack: Hex; restored: Hex }

export type DecodedMcLogs = {
  requests: Omit<RequestView, 'time'>[]
  committed: CommittedFact[]
  rolledBack: RolledBackFact[]
}

const kindNames = new Map<number, RequestKindName>(
  Object.entries(requestKinds).map(([name, value]) => [value, name as RequestKindName]),
)

export function requestKindName(kind: number): RequestKindName | 'unknown' {
  return kindNames.get(kind) ?? 'unknown'
}

export function decodeMcLogs(logs: readonly Log[]): DecodedMcLogs {
  const out: DecodedMcLogs = { requests: [], committed: [], rolledBack: [] }
  const parsed = parseEventLogs({
    abi: managementContractAbi,
    logs: logs as Log[],
    eventName: ['Request', 'Rotated', 'Committed', 'RolledBack'],
    strict: true,
  })
  for (const log of parsed) {
    if (log.blockNumber === null || log.transactionHash === null) continue
    const block = safeNumber(log.blockNumber, 'block')
    const transactionHash = log.transactionHash
    switch (log.eventName) {
      case 'Request':
        out.requests.push({
          seq: safeNumber(log.args.seq, 'seq'),
          kind: requestKindName(log.args.kind),
          program: log.args.program as Address,
          block,
          transactionHash,
          // The payload is ciphertext, and still only its size is kept (issue 9).
          ciphertextBytes: size(log.args.payload),
        })
        break
      case 'Rotated':
        // A rotation is an accumulator entry too (D4); its grants are sealed to enclaves: not shown.
        out.requests.push({
          seq: safeNumber(log.args.seq, 'seq'),
          kind: 'rotate',
          program: null,
          block,
          transactionHash,
          ciphertextBytes: null,
        })
        break
      case 'Committed':
        out.committed.push({
          commitId: log.args.commitId,
          fromSeq: safeNumber(log.args.fromSeq, 'fromSeq'),
          toSeq: safeNumber(log.args.toSeq, 'toSeq'),
          resultsHash: log.args.resultsHash,
          blobsRoot: log.args.blobsRoot,
          block,
          transactionHash,
        })
        break
      case 'RolledBack':
        out.rolledBack.push({ rolledBack: log.args.rolledBack, restored: log.args.restoredCommitId })
        break
    }
  }
  return out
}
