/**
 * Kinds of entries in the request accumulator (D3.2). The numeric values are hashed into the
 * accumulator and stored on chain: never renumber.
 */
export const requestKinds = {
  /** Call a deployed program with ABI calldata. */
  call: 1,
  /** Deploy a program at its CREATE2 proxy address (created by `createProgram`). */
  deploy: 2,
  /** Change a program's ACL or admin; only the program's account admin may. */
  acl: 3,
  /** An epoch rotation posted with `rotate` (D4); it carries no envelope and gets no result. */
  rotate: 4,
} as const

export type RequestKindName = keyof typeof requestKinds
export type RequestKind = (typeof requestKinds)[RequestKindName]

/** Runtimes a program can have; stored in its Info and code blob. */
export const programRuntimes = {
  evm: 1,
  js: 2,
} as const

export type ProgramRuntime = (typeof programRuntimes)[keyof typeof programRuntimes]
