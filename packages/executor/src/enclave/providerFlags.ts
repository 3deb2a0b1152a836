/**
 * The executor's enclave provider flags (D2, D2.1), checked before anything starts:
 *
 *   --provider simulation|sgx-gramine|tdx    default simulation
 *   simulation:  --platform-key-file <file> [--measurement <32-byte hex>]
 *   sgx-gramine: [--attestation-dir <dir>] (--collateral-file <file> | --pccs-url <url>)
 *   tdx:         [--tsm-report-dir <dir>] --tdx-sealing-key-file <file>
 *                (--collateral-file <file> | --pccs-url <url>)
 *   hardware:    --insecure-trusted-rpc      required until the light client lands (D2.1)
 *                [--dcap-root-ca <der file>] admission: newcomers' quotes chain to it (default Intel's)
 *                [--min-tcb-status <status>] admission: worst TCB status accepted (default UpToDate)
 *
 * A hardware enclave is worth nothing if the host decides which chain facts are true, and the
 * only header verifier this build has is the trusted-RPC one (simulation): so a hardware
 * provider refuses to start without `--insecure-trusted-rpc`, and with it the executor warns at
 * start and its health says simulation. A flag of another provider is a configuration error,
 * not silently ignored.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Hex } from 'viem'
import { isHex } from 'viem'
import { childProcessProvider } from './childProcessProvider.js'
import type { EnclaveHandle, EnclaveHostServices, EnclaveLaunchConfig } from './EnclaveProvider.js'
import type { DcapCollateralSource, EnclaveProviderName } from './enclaveProcessApi.js'

/** `node:util` parseArgs options for the flags above. */
export const providerFlagOptions = {
  provider: { type: 'string' },
  'platform-key-file': { type: 'string' },
  measurement: { type: 'string' },
  'attestation-dir': { type: 'string' },
  'tsm-report-dir': { type: 'string' },
  'tdx-sealing-key-file': { type: 'string' },
  'collateral-file': { type: 'string' },
  'pccs-url': { type: 'string' },
  'insecure-trusted-rpc': { type: 'boolean' },
  'dcap-root-ca': { type: 'string' },
  'min-tcb-status': { type: 'string' },
} as const

export type ProviderFlags = {
  [K in keyof typeof providerFlagOptions]?: (typeof providerFlagOptions)[K]['type'] extends 'boolean'
    ? boolean
    : string
}

/** The provider and its platform config, less the deployment's fields (chain, MC, data dir, RPC). */
export type ProviderChoice = {
  [K in EnclaveProviderName]: { kind: K; platform: Omit<EnclaveLaunchConfig<K>, keyof CommonLaunchConfig> }
}[EnclaveProviderName]

type CommonLaunchConfig = Pick<EnclaveLaunchConfig<'simulation'>, 'chainId' | 'mc' | 'dataDir' | 'rpcUrl'>

const ownFlags: Record<EnclaveProviderName, readonly (keyof ProviderFlags)[]> = {
  simulation: ['platform-key-file', 'measurement'],
  'sgx-gramine': [
    'attestation-dir',
    'collateral-file',
    'pccs-url',
    'insecure-trusted-rpc',
    'dcap-root-ca',
    'min-tcb-status',
  ],
  tdx: [
    'tsm-report-dir',
    'tdx-sealing-key-file',
    'collateral-file',
    'pccs-url',
    'insecure-trusted-rpc',
    'dcap-root-ca',
    'min-tcb-status',
  ],
}

function invalid(details: string): RaceteeError {
  return new RaceteeError(errorCodes.EXECUTOR_CONFIG_INVALID, 'Invalid executor configuration.', { details })
}

/**
 * Checks the provider flags and returns the provider's platform config. `defaultMeasurement` is
 * called only under simulation without `--measurement`. Throws EXECUTOR_CONFIG_INVALID.
 */
export function chooseProvider(flags: ProviderFlags, defaultMeasurement: () => Hex): ProviderChoice {
  const kind = flags.provider ?? 'simulation'
  if (kind !== 'simulation' && kind !== 'sgx-gramine' && kind !== 'tdx')
    throw invalid('--provider must be simulation, sgx-gramine or tdx')
  for (const [name, value] of Object.entries(flags) as [keyof ProviderFlags, unknown][])
    if (name !== 'provider' && value !== undefined && !ownFlags[kind].includes(name))
      throw invalid(`--${name} does not apply to --provider ${kind}`)
  const required = (name: keyof ProviderFlags): string => {
    const value = flags[name]
    if (typeof value !== 'string' || value === '')
      throw invalid(`--${name} is required with --provider ${kind}`)
    return value
  }
  if (kind === 'simulation') {
    const given = flags.measurement
    if (given !== undefined && (!isHex(given) || given.length !== 66))
      throw invalid('--measurement must be 32 bytes of hex')
    return {
      kind,
      platform: {
        simulatedPlatformKeyFile: required('platform-key-file'),
        measurement: given ?? defaultMeasurement(),
      },
    }
  }
  if (flags['insecure-trusted-rpc'] !== true)
    throw invalid(
      `--provider ${kind} refuses the trusted-RPC header verifier, the only one this build has: it is ` +
        'SIMULATION, so the RPC endpoint, not the enclave, would decide which chain facts are true (D2.1). ' +
        'Pass --insecure-trusted-rpc to run anyway until the light client lands (docs/hardware.md).',
    )
  const collateral = collateralSource(flags)
  const insecureTrustedRpc = true as const
  // Admission policy (D3.1); the enclave checks the status name and reads the file itself.
  const admission = {
    ...(flags['dcap-root-ca'] === undefined ? {} : { dcapRootCaFile: flags['dcap-root-ca'] }),
    ...(flags['min-tcb-status'] === undefined ? {} : { minimumTcbStatus: flags['min-tcb-status'] }),
  }
  if (kind === 'sgx-gramine')
    return {
      kind,
      platform: {
        insecureTrustedRpc,
        collateral,
        ...admission,
        ...(flags['attestation-dir'] === undefined ? {} : { attestationDir: flags['attestation-dir'] }),
      },
    }
  return {
    kind,
    platform: {
      insecureTrustedRpc,
      collateral,
      ...admission,
      sealingKeyFile: required('tdx-sealing-key-file'),
      ...(flags['tsm-report-dir'] === undefined ? {} : { tsmReportDir: flags['tsm-report-dir'] }),
    },
  }
}

function collateralSource(flags: ProviderFlags): DcapCollateralSource {
  const file = flags['collateral-file']
  const pccsUrl = flags['pccs-url']
  if ((file === undefined) === (pccsUrl === undefined))
    throw invalid('a hardware provider needs exactly one of --collateral-file and --pccs-url')
  return file !== undefined ? { file } : { pccsUrl: pccsUrl as string }
}

export type LaunchChosenEnclaveParameters = {
  choice: ProviderChoice
  common: CommonLaunchConfig
  services: EnclaveHostServices
  logger?: (line: string) => void
  /** The child's entry module (tests); default the enclave package's. */
  entry?: string
}

/** Launches the chosen provider's enclave child with the deployment's fields and its platform's. */
export function launchChosenEnclave(parameters: LaunchChosenEnclaveParameters): Promise<EnclaveHandle> {
  const { choice, common, services, logger, entry } = parameters
  const options = {
    services,
    ...(logger ? { logger } : {}),
  }
  const providerOptions = entry === undefined ? {} : { entry }
  switch (choice.kind) {
    case 'simulation':
      return childProcessProvider('simulation', providerOptions).launch({
        ...options,
        config: { ...common, ...choice.platform },
      })
    case 'sgx-gramine':
      return childProcessProvider('sgx-gramine', providerOptions).launch({
        ...options,
        config: { ...common, ...choice.platform },
      })
    case 'tdx':
      return childProcessProvider('tdx', providerOptions).launch({
        ...options,
        config: { ...common, ...choice.platform },
      })
  }
}
