#!/usr/bin/env node
// The `racetee` launcher (D8): registers tsx's ESM loader in this process and imports the
// TypeScript entry, so there is one process: Ctrl-C (SIGINT) and SIGTERM reach the command's
// own handlers directly, and its exit code is the process's. No re-exec, nothing to forward.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
