/**
 * @racetee/executor/testing: helpers for tests of the executor and of packages built on it
 * (the SDK's). Never imported by the daemon itself.
 */
export { type CommitWithTestStorageParameters, commitWithTestStorage } from './commitWithTestStorage.js'
