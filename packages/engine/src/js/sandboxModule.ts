/**
 * The QuickJS WebAssembly module JS frames run in (D5: variant and version pinned). The sync
 * release build of quickjs-emscripten 0.32.0: host calls are promises (see runJsFrame), so no
 * frame ever suspends inside WebAssembly and one module serves every frame of the process.
 */
import { newQuickJSWASMModule, type QuickJSWASMModule, RELEASE_SYNC } from 'quickjs-emscripten'

let shared: Promise<QuickJSWASMModule> | undefined

export function sandboxModule(): Promise<QuickJSWASMModule> {
  shared ??= newQuickJSWASMModule(RELEASE_SYNC)
  return shared
}

/** A fresh module in place of one a program aborted; later engines share it. */
export function renewSandboxModule(): Promise<QuickJSWASMModule> {
  shared = newQuickJSWASMModule(RELEASE_SYNC)
  return shared
}
