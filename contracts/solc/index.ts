export { type CompiledContract, compileSolidity } from './compileSolidity.js'
