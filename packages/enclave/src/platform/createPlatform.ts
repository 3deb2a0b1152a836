/**
 * Chooses the enclave's `Platform` from its `init` configuration (D2): one place that maps the
 * provider named by the host to the code that talks to the CPU. The host chooses the provider,
 * but cannot make a platform claim more than it is: a simulation platform says `simulated`, and
 * hardware evidence is only as good as the quote the CPU signs.
 * @module
 */
import type { EnclaveInitConfig } from '../process/messages.js'
import type { Platform } from './Platform.js'
import { sgxGraminePlatform } from './sgxGraminePlatform.js'
import { type SimulationPlatform, simulationPlatform } from './simulationPlatform.js'
import { tdxPlatform } from './tdxPlatform.js'

export function createPlatform(config: EnclaveInitConfig): Platform | SimulationPlatform {
  switch (config.provider) {
    case 'simulation':
      return simulationPlatform({
        platformKeyFile: config.simulatedPlatformKeyFile,
        measurement: config.measurement,
      })
    case 'sgx-gramine':
      return sgxGraminePlatform({
        ...(config.attestationDir === undefined ? {} : { attestationDir: config.attestationDir }),
        collateral: config.collateral,
      })
    case 'tdx':
      return tdxPlatform({
        ...(config.tsmReportDir === undefined ? {} : { tsmReportDir: config.tsmReportDir }),
        sealingKeyFile: config.sealingKeyFile,
        collateral: config.collateral,
      })
  }
}
