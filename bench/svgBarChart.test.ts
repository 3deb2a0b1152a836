import { describe, expect, it } from 'vitest'
import { formatValue, svgBarChart } from './svgBarChart.js'

const widths = (svg: string) =>
  [...svg.matchAll(/<rect x="300" y="[\d.]+" width="([\d.]+)" height="14"/g)].map((m) => Number(m[1]))

describe('svgBarChart', () => {
  it('draws one bar per value, the largest across the whole bar area, with its value and unit', () => {
    const svg = svgBarChart({
      title: 'Gas per call',
      unit: 'gas',
      series: ['public', 'confidential'],
      groups: [
        { label: 'ERC20 transfer', values: [40_000, 60_000] },
        { label: 'cal(100000)', values: [12_000_000, 80_000] },
      ],
    })
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    expect(svg.split('\n')[1]).toBe('<title>Gas per call</title>')
    expect(widths(svg)).toEqual([1.5, 2.2, 440, 2.9])
    expect(svg).toContain('12,000,000 gas')
    expect(svg).toContain('>ERC20 transfer</text>')
    expect(svg).toContain('>confidential</text>')
  })

  it('behavior: a log scale keeps small bars visible and ordered', () => {
    const svg = svgBarChart({
      title: 't',
      unit: 'gas',
      series: ['a'],
      groups: [10, 1_000, 100_000].map((v) => ({ label: String(v), values: [v] })),
      scale: 'log',
    })
    const [small, middle, large] = widths(svg)
    expect(large).toBe(440)
    expect(small).toBeGreaterThan(50)
    expect(middle).toBeGreaterThan(small!)
    expect(middle).toBeLessThan(large!)
    expect(svg).toContain('log scale')
  })

  it('behavior: a null value is drawn as n/a, and labels are XML-escaped', () => {
    const svg = svgBarChart({
      title: 'a < b & "c"',
      unit: 'ms',
      series: ['public', 'confidential'],
      groups: [{ label: 'K-Means <JS>', values: [null, 12.345] }],
    })
    expect(svg).toContain('n/a')
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;')
    expect(svg).toContain('K-Means &lt;JS&gt;')
    expect(svg).not.toContain('<JS>')
    expect(widths(svg)).toEqual([440])
    expect(formatValue(12.345)).toBe('12.35')
  })

  it('error: values that do not match the series, negative values, or zero on a log scale are RangeErrors', () => {
    const chart = (values: (number | null)[], scale?: 'log') =>
      svgBarChart({
        title: 't',
        unit: 'u',
        series: ['a', 'b'],
        groups: [{ label: 'g', values }],
        ...(scale ? { scale } : {}),
      })
    expect(() => chart([1])).toThrow(RangeError)
    expect(() => chart([1, -1])).toThrow(RangeError)
    expect(() => chart([0, 1], 'log')).toThrow(RangeError)
    expect(() => chart([1, Number.POSITIVE_INFINITY])).toThrow(RangeError)
    expect(() => svgBarChart({ title: 't', unit: 'u', series: [], groups: [] })).toThrow(RangeError)
  })
})
