/**
 * Reads a JS program (D5) from a `.js` or `.ts` file for `deployProgram({ source })`: TypeScript
 * is transpiled to JavaScript (types stripped, ES2022 module; no type check, as `tsx` does),
 * and the program's declared Solidity ABI (`export const abi = [...]`) is read by importing the
 * transpiled module in this process, so the caller can encode calls and decode results without
 * writing the ABI twice. The program is the caller's own code: importing it runs its top level.
 */
import { readFile } from 'node:fs/promises'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import ts from 'typescript'
import type { Abi } from 'viem'

export type ReadProgramSourceReturnType = {
  /** The JavaScript to deploy. */
  source: string
  /** The program's declared Solidity ABI. */
  abi: Abi
}

export async function readProgramSource(path: string): Promise<ReadProgramSourceReturnType> {
  if (!/\.(m?js|m?ts)$/.test(path)) throw new TypeError('path must name a .js or .ts file')
  const text = await readFile(path, 'utf8')
  const source = /\.m?ts$/.test(path) ? transpile(text, path) : text
  let module: { abi?: unknown }
  try {
    module = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as { abi?: unknown }
  } catch (cause) {
    throw new RaceteeError(errorCodes.SDK_INVALID_PARAMETER, 'The JS program does not load as a module.', {
      details: path,
      cause,
    })
  }
  if (!Array.isArray(module.abi))
    throw new RaceteeError(errorCodes.SDK_INVALID_PARAMETER, 'The JS program declares no ABI.', {
      details: `${path}: expected \`export const abi = [...]\``,
    })
  return { source, abi: module.abi as Abi }
}

function transpile(text: string, path: string): string {
  const { outputText, diagnostics } = ts.transpileModule(text, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.ES2022,
      target: ts.ScriptTarget.ES2022,
      removeComments: true,
    },
  })
  const errors = (diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error)
  if (errors.length > 0)
    throw new RaceteeError(errorCodes.SDK_INVALID_PARAMETER, 'The TypeScript program does not parse.', {
      details: `${path}: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, ' ')}`,
    })
  return outputText
}
