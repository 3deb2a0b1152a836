/** @racetee/contracts/workloads: inputs of the D9 workloads shared by tests, the engine and the demo. */
export { quickSelectValues } from './quickSelectValues.js'
