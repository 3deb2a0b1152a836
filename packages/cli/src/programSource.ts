/**
 * What `racetee deploy` deploys and where `call`/`read` take an ABI from (D8): a Solidity
 * artifact JSON (`abi` and `bytecode`, as our compile script, Hardhat or Foundry write them),
 * a JS program file (`.js`/`.ts`, D5, read with `readProgramSource`), or a built-in contract of
 * `@racetee/contracts` by name (`ConfidentialERC20`, the D9 workloads).
 */
import { existsSync, readFileSync } from 'node:fs'
import { extname } from 'node:path'
import {
  adderArtifact,
  calArtifact,
  confidentialDexArtifact,
  confidentialErc20Artifact,
  multiplierArtifact,
  pairFactoryArtifact,
  quickSelectArtifact,
  sealedBidAuctionArtifact,
} from '@racetee/contracts'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { readProgramSource } from '@racetee/sdk/node'
import { type Abi, type Hex, isHex } from 'viem'

export type ProgramSource = {
  name: string
  abi: Abi
} & ({ runtime: 'evm'; bytecode: Hex } | { runtime: 'js'; source: string })

const builtins: Record<string, { abi: readonly unknown[]; bytecode: Hex }> = {
  ConfidentialERC20: confidentialErc20Artifact,
  ConfidentialDex: confidentialDexArtifact,
  SealedBidAuction: sealedBidAuctionArtifact,
  Adder: adderArtifact,
  Multiplier: multiplierArtifact,
  QuickSelect: quickSelectArtifact,
  Cal: calArtifact,
  PairFactory: pairFactoryArtifact,
}

export const builtinNames = Object.keys(builtins)

/** A file path (artifact JSON, .js/.ts program) or a built-in name, loaded. */
export async function loadProgramSource(spec: string): Promise<ProgramSource> {
  if (existsSync(spec)) {
    const ext = extname(spec)
    if (ext === '.json') return readArtifact(spec)
    if (/^\.m?[jt]s$/.test(ext)) {
      const { source, abi } = await readProgramSource(spec).catch((cause: unknown) => {
        throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'The JS program cannot be read.', {
          details: spec,
          cause,
        })
      })
      return { name: spec, abi, runtime: 'js', source }
    }
    throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'Unknown program file type.', {
      details: `${spec}: expected an artifact .json, or a .js/.ts JS program`,
    })
  }
  const name = builtinNames.find((n) => n.toLowerCase() === spec.toLowerCase())
  if (name !== undefined) {
    const artifact = builtins[name]!
    return { name, abi: artifact.abi as Abi, runtime: 'evm', bytecode: artifact.bytecode }
  }
  throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'No such file or built-in program.', {
    details: `${spec}; built-ins: ${builtinNames.join(', ')}`,
  })
}

function readArtifact(path: string): ProgramSource {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (cause) {
    throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'The artifact is not JSON.', { details: path, cause })
  }
  const artifact = parsed as { abi?: unknown; bytecode?: unknown }
  // Foundry writes `bytecode: { object }`; our compile script and Hardhat a hex string.
  const bytecode =
    typeof artifact.bytecode === 'object' && artifact.bytecode !== null
      ? (artifact.bytecode as { object?: unknown }).object
      : artifact.bytecode
  const hex = typeof bytecode === 'string' && !bytecode.startsWith('0x') ? `0x${bytecode}` : bytecode
  if (
    !Array.isArray(artifact.abi) ||
    typeof hex !== 'string' ||
    !isHex(hex, { strict: true }) ||
    hex.length <= 2
  )
    throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'The artifact has no ABI and creation bytecode.', {
      details: `${path}: expected { "abi": [...], "bytecode": "0x..." }`,
    })
  return { name: path, abi: artifact.abi as Abi, runtime: 'evm', bytecode: hex }
}

/** An ABI for `call`/`read --abi`: an artifact or ABI JSON file, a JS program, or a built-in name. */
export async function loadAbi(spec: string): Promise<Abi> {
  if (existsSync(spec) && extname(spec) === '.json') {
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(spec, 'utf8'))
    } catch (cause) {
      throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'The ABI file is not JSON.', { details: spec, cause })
    }
    const abi = Array.isArray(parsed) ? parsed : (parsed as { abi?: unknown }).abi
    if (!Array.isArray(abi))
      throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'The file holds no ABI.', {
        details: `${spec}: expected an ABI array or an artifact with "abi"`,
      })
    return abi as Abi
  }
  return (await loadProgramSource(spec)).abi
}
