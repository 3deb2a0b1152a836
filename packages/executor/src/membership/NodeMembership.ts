/**
 * What the executor daemon asks of membership (D3.1, D7), as two hooks of `ExecutorNode`:
 * `join` runs once before the first round, `betweenRounds` after each burst of rounds.
 */
export type NodeMembership = {
  /**
   * Registers the enclave if needed, waits (following heads) for its admission to take effect,
   * and provisions it from the chain. Rejects with EXECUTOR_ENCLAVE_EXCLUDED when the enclave
   * was vetoed or revoked: the node must not run rounds then.
   */
  join(context: { healthUrl: string | undefined }): Promise<void>
  /**
   * Admits pending newcomers; checks `shouldYield` before each, so a waiting round is held up by
   * at most one admission. Never rejects: faults are logged and retried at the next call.
   */
  betweenRounds(shouldYield: () => boolean): Promise<void>
}
