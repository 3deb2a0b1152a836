/**
 * The enclave's hot path, measured and profiled (issue 7): runs `erc20Throughput` (one
 * `Enclave`, a warm-up batch, then a timed batch of confidential ERC20 transfers: open, execute,
 * seal, commit) `rounds` times and prints each rate and the median; then one more round under
 * the V8 sampling profiler, started and stopped around the timed batch alone (the client's
 * sealing and the warm-up stay out of it), writes the `.cpuprofile` and prints its self-time
 * summary. The profiled round's rate is printed apart: sampling slows it.
 *
 * Run: `npx tsx bench/micro/enclaveProfile.ts [--transfers 500] [--rounds 3] [--out /tmp/prof]
 * [--no-profile]`. Single-threaded by construction; not part of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { erc20Throughput } from '../engine/erc20Throughput.js'
import { percentile } from '../percentile.js'
import {
  type CpuProfile,
  type CpuProfileStage,
  formatCpuProfileSummary,
  summariseCpuProfile,
} from './summariseCpuProfile.js'

/** The stages of one batch, in the order a sample is matched against them (first wins). */
const stages: CpuProfileStage[] = [
  { name: '(garbage collector)', frames: /^\(garbage collector\)/ },
  { name: 'open envelopes (HPKE, unpad)', frames: /^openRequest packages\// },
  { name: 'seal results (HKDF, AES-GCM-SIV)', frames: /^sealResult packages\// },
  { name: 'encode and pad results', frames: /^(encodeResultV1|padToBucket) packages\// },
  { name: 'prevrandao (HKDF)', frames: /^prevrandao packages\// },
  { name: 'check the accumulator', frames: /^chainRequests packages\// },
  { name: 'results bundle (encode, keccak)', frames: /^(encodeResultsBundle|resultsHash) packages\// },
  { name: 'seal pages and Info, sign commit', frames: /^(sealChanges|signTypedDataHash|commitId) / },
  { name: 'EVM (engine and @ethereumjs)', frames: /@ethereumjs\/|packages\/engine\// },
]

const { values } = parseArgs({
  options: {
    transfers: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    out: { type: 'string', default: '/tmp/racetee-prof' },
    'no-profile': { type: 'boolean', default: false },
    top: { type: 'string', default: '25' },
  },
  strict: true,
})
const transfers = positive('transfers', values.transfers)
const warmup = positive('warmup', values.warmup)
const rounds = positive('rounds', values.rounds)
const top = positive('top', values.top)

// Wall-clock rate (what the bench reports) and the rate per CPU-second of this process: on a
// machine shared with other work the second is the steadier figure to compare before/after by
// (it counts V8's helper threads too, so it is never flattering).
const rates: number[] = []
const cpuRates: number[] = []
for (let round = 0; round < rounds; round++) {
  let cpuMs = 0
  const { perSecond } = await erc20Throughput({
    transfers,
    warmup,
    around: async (run) => {
      const before = process.cpuUsage()
      try {
        return await run()
      } finally {
        const used = process.cpuUsage(before)
        cpuMs = (used.user + used.system) / 1000
      }
    },
  })
  const perCpuSecond = (transfers * 1000) / cpuMs
  rates.push(perSecond)
  cpuRates.push(perCpuSecond)
  process.stdout.write(
    `round ${round + 1}: ${perSecond.toFixed(0)} transfers/s wall, ${perCpuSecond.toFixed(0)} per CPU-second\n`,
  )
}
process.stdout.write(
  `median of ${rounds}: ${percentile(rates, 50).toFixed(0)} transfers/s wall, ${percentile(cpuRates, 50).toFixed(0)} per CPU-second (${transfers} per batch, Node ${process.version})\n`,
)

if (!values['no-profile']) {
  const session = new Session()
  session.connect()
  let profile: CpuProfile | undefined
  try {
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: 100 })
    const { perSecond } = await erc20Throughput({
      transfers,
      warmup,
      around: async (run) => {
        await session.post('Profiler.start')
        try {
          return await run()
        } finally {
          profile = (await session.post('Profiler.stop')).profile as CpuProfile
        }
      },
    })
    process.stdout.write(`profiled round: ${perSecond.toFixed(0)} transfers/s (with sampling overhead)\n`)
  } finally {
    session.disconnect()
  }
  if (profile) {
    mkdirSync(values.out, { recursive: true })
    const file = join(values.out, `enclave-${Date.now()}.cpuprofile`)
    writeFileSync(file, JSON.stringify(profile))
    process.stdout.write(
      `wrote ${file}\n${formatCpuProfileSummary(summariseCpuProfile(profile, top, stages))}`,
    )
  }
}

function positive(name: string, value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--${name} must be a positive integer`)
  return n
}
