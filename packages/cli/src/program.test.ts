import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { createProgram } from './program.js'

const docs = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8')

function longFlags(command: Command): string[] {
  // commander 8's typings do not declare `options` (14's do); the field is there in both.
  const { options } = command as unknown as { options: { long?: string }[] }
  return options.map((o) => o.long).filter((l): l is string => l !== undefined && l !== '--version')
}

describe('createProgram', () => {
  it('has the six commands of D8', () => {
    expect(createProgram().commands.map((c) => c.name())).toEqual([
      'devnet',
      'deploy',
      'call',
      'read',
      'status',
      'bench',
    ])
  })

  it('behavior: docs/cli.md documents every command and every flag --help shows', () => {
    for (const command of createProgram().commands) {
      expect(docs, command.name()).toContain(`racetee ${command.name()}`)
      for (const flag of longFlags(command)) expect(docs, `${command.name()} ${flag}`).toContain(flag)
    }
  })

  it('behavior: the private key flag shows its environment variable, never a value', () => {
    const help = createProgram()
      .commands.find((c) => c.name() === 'call')!
      .helpInformation()
    expect(help).toContain('RACETEE_PRIVATE_KEY')
    expect(help).not.toMatch(/0x[0-9a-fA-F]{64}/)
  })
})
