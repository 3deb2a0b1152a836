import { describe, expect, test } from 'vitest'
import { formatTable } from './formatTable.js'
import type { ScenarioRow } from './scoreScenario.js'

const row: ScenarioRow = {
  scenario: 'baseline',
  sent: 12,
  received: 12,
  lost: 0,
  duplicated: 0,
  wrong: 0,
  state: 'equal',
  injected: 0,
}

describe('formatTable', () => {
  test('prints a header, a rule and one aligned line per row', () => {
    const text = formatTable([row, { ...row, scenario: 'storage 1 of 3 killed', injected: 1 }])
    const lines = text.split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(
      /^scenario\s+\| sent \| received \| lost \| duplicated \| wrong \| state\s+\| injected \| ok$/,
    )
    expect(lines[2]).toMatch(/^baseline\s+\|\s+12 \|\s+12 \|\s+0 \|\s+0 \|\s+0 \| equal\s+\| 0\s+\| yes$/)
    expect(new Set(lines.map((l) => l.indexOf('|')))).toEqual(
      new Set([lines[0]!.indexOf('|'), lines[1]!.indexOf('|')]),
    )
  })

  test('behavior: a failing row says NO and why', () => {
    const text = formatTable([
      { ...row, lost: 2, received: 10 },
      { ...row, note: 'no fault fired' },
    ])
    expect(text.split('\n')[2]).toMatch(/\| NO$/)
    expect(text.split('\n')[3]).toMatch(/\| NO \(no fault fired\)$/)
  })

  test('error: no rows prints only the header', () => {
    expect(formatTable([]).split('\n')).toHaveLength(2)
  })
})
