/**
 * @racetee/contracts/devchain: a local chain for tests and the devnet (D8): anvil at the pinned
 * hardfork, the dev accounts, and deployment of the management contract.
 *
 * Owns: starting and stopping anvil processes it spawned. Does not own: executors, storage
 * nodes or the SDK. Node-only (spawns processes): never import it from browser or enclave code.
 */

export {
  type DeployManagementContractParameters,
  type DeployManagementContractReturnType,
  deployManagementContract,
} from './deployManagementContract.js'
export { anvilDevKeys } from './devAccounts.js'
export { devnetConfig, type ManagementContractConfig } from './devnetConfig.js'
export { type StartAnvilParameters, type StartAnvilReturnType, startAnvil } from './startAnvil.js'
