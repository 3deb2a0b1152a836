/**
 * SIGINT and SIGTERM for `racetee devnet` (D8 "shuts everything down cleanly on Ctrl-C"): the
 * first one asks for a clean stop, any later one forces (the process exits at once and its exit
 * hooks SIGKILL every child it spawned: anvil, storage nodes, executors, whose enclave processes
 * exit when their IPC channel closes). Returns a function that removes the handlers.
 */
export type ShutdownHandlers = {
  first: (signal: NodeJS.Signals) => void
  again: (signal: NodeJS.Signals) => void
}

export function onShutdownSignals(handlers: ShutdownHandlers): () => void {
  let received = 0
  const listener = (signal: NodeJS.Signals) => {
    received++
    if (received === 1) handlers.first(signal)
    else handlers.again(signal)
  }
  process.on('SIGINT', listener)
  process.on('SIGTERM', listener)
  return () => {
    process.off('SIGINT', listener)
    process.off('SIGTERM', listener)
  }
}
