/**
 * @racetee/sdk/node: the parts of the SDK that need Node (D8): the file-backed secret store, and
 * reading a JS program (TypeScript transpiled) with its declared ABI for `deployProgram`.
 *
 * Owns: durable storage of request secrets on the local disk. Does not own: the actions (in
 * `@racetee/sdk`, browser-safe). Invariant: nothing here logs; a record's secret reaches only
 * its file (mode 0600) and the caller.
 */
export { type FileSecretStoreParameters, fileSecretStore } from './fileSecretStore.js'
export { type ReadProgramSourceReturnType, readProgramSource } from './readProgramSource.js'
