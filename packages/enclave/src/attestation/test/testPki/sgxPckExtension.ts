/**
 * Test-only: the Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1), with the
 * fields `@phala/dcap-qvl` reads (src/intel.js `parsePckExtension`, src/utils.js
 * `getCpuSvn`/`getPceSvn`/`getFmspc`): PPID, TCB (sixteen component SVNs, PCESVN, CPUSVN),
 * PCE-ID, FMSPC and SGX type, each a `SEQUENCE { OID, value }` inside one SEQUENCE. The TCB
 * here is the platform's: the verifier matches it against the TCB info's levels (D2 policy).
 * @module
 */
import { der } from './der.js'
import { x509 } from './x509.js'

export const SGX_EXTENSION_OID = '1.2.840.113741.1.13.1'

export type SgxPlatformTcb = {
  /** The sixteen SGX TCB component SVNs; CPUSVN is these as bytes. */
  cpuSvn: readonly number[]
  pceSvn: number
}

export type SgxPckExtensionParameters = SgxPlatformTcb & {
  ppid: Uint8Array
  pceId: Uint8Array
  fmspc: Uint8Array
}

/** SGX type 0 is "Standard" (Intel's PCK certificate profile). */
const SGX_TYPE_STANDARD = 0

export function sgxPckExtension(parameters: SgxPckExtensionParameters): x509.Extension {
  const { cpuSvn, pceSvn, ppid, pceId, fmspc } = parameters
  if (cpuSvn.length !== 16 || cpuSvn.some((s) => !Number.isInteger(s) || s < 0 || s > 255))
    throw new RangeError('cpuSvn must be 16 byte values')
  if (ppid.length !== 16) throw new RangeError('ppid must be 16 bytes')
  if (pceId.length !== 2) throw new RangeError('pceId must be 2 bytes')
  if (fmspc.length !== 6) throw new RangeError('fmspc must be 6 bytes')
  const field = (arc: string, value: Uint8Array) =>
    der.sequence(der.oid(`${SGX_EXTENSION_OID}.${arc}`), value)
  const tcb = der.sequence(
    ...cpuSvn.map((svn, i) => field(`2.${i + 1}`, der.integer(svn))),
    field('2.17', der.integer(pceSvn)),
    field('2.18', der.octetString(Uint8Array.from(cpuSvn))),
  )
  const value = der.sequence(
    field('1', der.octetString(ppid)),
    field('2', tcb),
    field('3', der.octetString(pceId)),
    field('4', der.octetString(fmspc)),
    field('5', der.enumerated(SGX_TYPE_STANDARD)),
  )
  return new x509.Extension(SGX_EXTENSION_OID, false, value)
}
