/**
 * The domain-separation labels of docs/protocol.md (P2–P8), UTF-8 without terminator (P0).
 * A label is part of every hash or key it separates: never change one within version 1.
 */
import { stringToBytes } from 'viem'

export const protocolLabels = {
  acc: 'racetee/v1/acc',
  request: 'racetee/v1/request',
  read: 'racetee/v1/read',
  provision: 'racetee/v1/provision',
  result: 'racetee/v1/result',
  resultKey: 'racetee/v1/result-key',
  readAnswer: 'racetee/v1/read-answer',
  requestKey: 'racetee/v1/request-key',
  managementKey: 'racetee/v1/management-key',
  programKey: 'racetee/v1/program-key',
  ratchet: 'racetee/v1/ratchet',
  random: 'racetee/v1/random',
  evidence: 'racetee/v1/evidence',
} as const

export type ProtocolLabel = (typeof protocolLabels)[keyof typeof protocolLabels]

export function labelBytes(label: ProtocolLabel): Uint8Array {
  return stringToBytes(label)
}
