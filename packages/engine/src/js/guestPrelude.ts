/**
 * The sandbox's global environment (D5 "JS programs"), evaluated after the codec and before
 * the program. It removes what would make a run depend on the machine (`Math.random`, any
 * clock, observable garbage collection) and every way to compile code from a string (`eval`,
 * the `Function` constructors), and installs `racetee`, the program's only door out:
 *
 * - `racetee.self`, `racetee.sender`: the program's address and its immediate caller;
 * - `await racetee.call(address, abi, functionName, args)`: a nested call through the EVM,
 *   ABI-encoded by the host; a failed call rejects with a `racetee.CallError` whose `data` is
 *   the callee's revert data (uncaught, it reverts this program with the same data);
 * - `await racetee.callRaw(address, data)`: the same with raw calldata, resolving `{ok, data}`;
 * - `await racetee.state.get(key)`, `await racetee.state.set(key, value)`: uint256 values
 *   under string keys, kept in the program's EVM storage at `keccak256(key)`;
 * - `racetee.revert(message, data?)`: throws a `CallError` (revert with `data`, or Error(message)).
 */
export const GUEST_PRELUDE_SOURCE = `
(() => {
  const host = globalThis.__host
  const codec = globalThis.__racetee
  const globals = codec.decode(globalThis.__globals)
  delete globalThis.__host
  delete globalThis.__globals
  delete Math.random
  // No code from strings at run time: a program is the source it was deployed with, and the
  // parser's native recursion is bounded only while the source itself is parsed (jsLimits).
  delete globalThis.eval
  for (const fn of [function () {}, async function () {}, function* () {}, async function* () {}])
    Object.defineProperty(Object.getPrototypeOf(fn), 'constructor', { value: undefined })
  delete globalThis.Function
  for (const name of ['Date', 'WeakRef', 'FinalizationRegistry']) delete globalThis[name]
  class CallError extends Error {
    constructor(message, data) {
      super(message)
      this.name = 'CallError'
      this.data = data
    }
  }
  const ask = (op, payload) =>
    host(op, codec.encode(payload)).then(codec.decode, (text) => {
      const failure = codec.decode(text)
      throw new CallError(failure.message, failure.data)
    })
  const state = Object.freeze({
    get: (key) => ask('get', { key }),
    set: (key, value) => ask('set', { key, value }),
  })
  const racetee = Object.freeze({
    ...globals,
    call: (address, abi, functionName, args = []) => ask('call', { address, abi, functionName, args }),
    callRaw: (address, data) => ask('callRaw', { address, data }),
    state,
    CallError,
    revert(message, data) {
      throw new CallError(String(message), data)
    },
  })
  Object.defineProperty(globalThis, 'racetee', { value: racetee })
})()
`
