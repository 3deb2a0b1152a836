/**
 * The tsx loader as an absolute file URL, for `node --import <it> entry.ts`. A bare
 * `--import tsx` is resolved from the child's working directory, so a devnet started outside
 * this repository could not start its services; this one is resolved from the devnet package.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

export const tsxLoader: string = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
