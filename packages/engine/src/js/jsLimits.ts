/**
 * Fixed prices and caps of JS programs (D5). They are part of the protocol's determinism:
 * every enclave must use the same values, so changing one changes results (a new version).
 */

/**
 * Gas per QuickJS interrupt poll. QuickJS polls about once per 5,000 loop iterations or calls;
 * at 5,000 gas a poll, K-Means (1,000 × 5 dims, k = 10, 100 iterations) costs about 7.8M gas,
 * inside one request's 2^24 cap. Per unit of wall time this is about 20 times cheaper than the
 * EVM under @ethereumjs/evm: JS programs are where computation is meant to go.
 */
export const JS_GAS_PER_POLL = 5_000n

/** Gas of entering a JS frame (a runtime, a context, the prelude) before its source. */
export const JS_FRAME_GAS = 20_000n

/** Gas per byte of source parsed when a frame starts (QuickJS parses without polling). */
export const JS_SOURCE_BYTE_GAS = 4n

/** Gas of a nested call from JS (as a cold CALL, EIP-2929), before what the callee uses. */
export const JS_CALL_GAS = 2_600n

/** Gas of a state read (as a cold SLOAD) and writes (as SSTORE set / reset, no refunds). */
export const JS_STATE_READ_GAS = 2_100n
export const JS_STATE_SET_GAS = 20_000n
export const JS_STATE_RESET_GAS = 5_000n

/** Heap cap of one frame's QuickJS runtime. */
export const JS_MEMORY_LIMIT_BYTES = 32 * 1024 * 1024

/**
 * Stack cap of one frame's QuickJS runtime: deep recursion ends in QuickJS's own
 * `InternalError: stack overflow` (a sandbox limit unless caught). QuickJS measures the C stack
 * inside WebAssembly, but each level also takes V8's native stack, which Node caps at about
 * 984 KB; past it V8 throws inside the module and leaves QuickJS torn (a fault that would abort
 * the round). Measured in this build, plain recursion at 512 KiB hit V8's cap first (depth
 * about 2,500); at 256 KiB QuickJS stops first for plain, callback, getter, Proxy, sort,
 * replace, JSON and eval recursion (depth 200-1,360), with V8's stack about half used.
 */
export const JS_STACK_LIMIT_BYTES = 256 * 1024

/**
 * Stack cap while QuickJS parses a program's source. Its parser takes far more of V8's native
 * stack per nesting level than of the WebAssembly stack it measures (source nested 5,000 deep
 * overflowed a 3.8 MB native stack under the 256 KiB cap), so parsing runs under a much lower
 * cap: deep nesting ends in QuickJS's own deterministic "stack overflow" instead.
 */
export const JS_PARSE_STACK_LIMIT_BYTES = 16 * 1024

/**
 * Most JS frames alive at once in one request. With the memory cap this bounds the sandbox
 * heap to 256 MiB, so a frame's allocation fails only at its own cap, never because the
 * WebAssembly memory could not grow (which would depend on the process's history).
 */
export const JS_MAX_LIVE_FRAMES = 8
