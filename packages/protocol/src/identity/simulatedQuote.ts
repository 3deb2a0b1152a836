/**
 * The simulation provider's quote (P7, D2): `abi(bytes32 measurement, bytes reportData, bytes
 * signature)`, where `signature` is the simulated platform key's over EIP-712 `SimulatedQuote`
 * in `simulatedPlatformDomain`. Labelled simulation everywhere: it proves no hardware.
 */
import { bytesToHex, encodeAbiParameters, type Hex, hashTypedData, hexToBytes } from 'viem'
import { simulatedPlatformDomain, simulatedQuoteTypes } from '../eip712/types.js'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'

export type SimulatedQuote = { measurement: Hex; reportData: Uint8Array; signature: Hex }

const simulatedQuoteAbi = [{ type: 'bytes32' }, { type: 'bytes' }, { type: 'bytes' }] as const

export function encodeSimulatedQuote({ measurement, reportData, signature }: SimulatedQuote): Uint8Array {
  return hexToBytes(encodeAbiParameters(simulatedQuoteAbi, [measurement, bytesToHex(reportData), signature]))
}

export function decodeSimulatedQuote(bytes: Uint8Array): SimulatedQuote {
  const [measurement, reportData, signature] = decodeAbiStrict(simulatedQuoteAbi, bytes, 'Simulated quote')
  return { measurement, reportData: hexToBytes(reportData), signature }
}

/** The digest the simulated platform key signs. */
export function simulatedQuoteSigningHash(measurement: Hex, reportData: Uint8Array): Hex {
  return hashTypedData({
    domain: simulatedPlatformDomain,
    types: simulatedQuoteTypes,
    primaryType: 'SimulatedQuote',
    message: { measurement, reportData: bytesToHex(reportData) },
  })
}
