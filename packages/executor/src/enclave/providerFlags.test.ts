import { isRaceteeError, type RaceteeError } from '@racetee/protocol'
import { keccak256, stringToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { chooseProvider, type ProviderFlags } from './providerFlags.js'

const measurement = keccak256(stringToBytes('default build'))
const choose = (flags: ProviderFlags) => chooseProvider(flags, () => measurement)

function refusal(flags: ProviderFlags): RaceteeError {
  try {
    choose(flags)
  } catch (err) {
    if (isRaceteeError(err, 'EXECUTOR_CONFIG_INVALID')) return err
    throw err
  }
  throw new TypeError('the flags were accepted')
}

describe('chooseProvider', () => {
  it('defaults to simulation with the platform key file and the computed measurement', () => {
    expect(choose({ 'platform-key-file': '/k' })).toEqual({
      kind: 'simulation',
      platform: { simulatedPlatformKeyFile: '/k', measurement },
    })
  })

  it('behavior: hardware providers take their own flags, with --insecure-trusted-rpc', () => {
    expect(
      choose({ provider: 'sgx-gramine', 'collateral-file': '/c.json', 'insecure-trusted-rpc': true }),
    ).toEqual({
      kind: 'sgx-gramine',
      platform: { insecureTrustedRpc: true, collateral: { file: '/c.json' } },
    })
    expect(
      choose({
        provider: 'tdx',
        'tsm-report-dir': '/tsm',
        'tdx-sealing-key-file': '/root/seal.key',
        'pccs-url': 'https://pccs.example/sgx/certification/v4/',
        'insecure-trusted-rpc': true,
      }),
    ).toEqual({
      kind: 'tdx',
      platform: {
        insecureTrustedRpc: true,
        collateral: { pccsUrl: 'https://pccs.example/sgx/certification/v4/' },
        sealingKeyFile: '/root/seal.key',
        tsmReportDir: '/tsm',
      },
    })
    const given = keccak256(stringToBytes('given'))
    expect(choose({ 'platform-key-file': '/k', measurement: given })).toMatchObject({
      platform: { measurement: given },
    })
  })

  it('error: a hardware provider without --insecure-trusted-rpc is refused, saying why', () => {
    const flags: ProviderFlags[] = [
      { provider: 'sgx-gramine', 'collateral-file': '/c' },
      { provider: 'tdx', 'collateral-file': '/c', 'tdx-sealing-key-file': '/s' },
    ]
    for (const f of flags)
      expect(refusal(f).details).toMatch(
        new RegExp(
          `^--provider ${f.provider} refuses the trusted-RPC header verifier.*--insecure-trusted-rpc`,
        ),
      )
  })

  it('error: unknown providers, foreign flags, missing and conflicting ones', () => {
    const hw = { 'insecure-trusted-rpc': true } as const
    const cases: [ProviderFlags, RegExp][] = [
      [{ provider: 'sev' }, /^--provider must be/],
      [{}, /^--platform-key-file is required/],
      [{ 'platform-key-file': '/k', measurement: '0x12' }, /^--measurement must be 32 bytes/],
      [
        { 'platform-key-file': '/k', 'insecure-trusted-rpc': true },
        /^--insecure-trusted-rpc does not apply to --provider simulation/,
      ],
      [
        { provider: 'sgx-gramine', ...hw, 'platform-key-file': '/k', 'collateral-file': '/c' },
        /^--platform-key-file does not apply/,
      ],
      [
        { provider: 'sgx-gramine', ...hw, 'tdx-sealing-key-file': '/s', 'collateral-file': '/c' },
        /^--tdx-sealing-key-file does not apply/,
      ],
      [{ provider: 'sgx-gramine', ...hw }, /exactly one of --collateral-file and --pccs-url/],
      [{ provider: 'tdx', ...hw, 'collateral-file': '/c', 'pccs-url': 'https://p' }, /exactly one of/],
      [
        { provider: 'tdx', ...hw, 'collateral-file': '/c' },
        /^--tdx-sealing-key-file is required with --provider tdx/,
      ],
    ]
    for (const [flags, details] of cases) expect(refusal(flags).details).toMatch(details)
  })
})
