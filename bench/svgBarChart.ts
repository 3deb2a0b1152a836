/**
 * Our own tiny SVG bar chart for the benchmark report (issue 7: no chart library). Horizontal
 * bars, one group per workload and one bar per series inside it (public vs confidential gas,
 * p50 vs p95 latency), a linear or logarithmic axis (gas spans 40k to millions, so the gas chart
 * is logarithmic or the small bars vanish). Every label is XML-escaped; the output is a
 * standalone SVG file that GitHub and browsers render.
 */

export type BarGroup = {
  label: string
  /** One value per series, in the order of `series`; null draws "n/a" (K-Means has no public run). */
  values: readonly (number | null)[]
}

export type SvgBarChartParameters = {
  title: string
  /** Unit after each value ("gas", "ms"). */
  unit: string
  series: readonly string[]
  groups: readonly BarGroup[]
  scale?: 'linear' | 'log'
}

const LABEL_WIDTH = 300
const BAR_AREA = 440
const VALUE_WIDTH = 150
const BAR_HEIGHT = 16
const GROUP_GAP = 12
const TOP = 56
const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2'] as const

export function svgBarChart(parameters: SvgBarChartParameters): string {
  const { title, unit, series, groups, scale = 'linear' } = parameters
  if (series.length === 0 || series.length > COLORS.length)
    throw new RangeError(`series must name 1 to ${COLORS.length} series`)
  const values: number[] = []
  for (const group of groups) {
    if (group.values.length !== series.length)
      throw new RangeError(`groups[${group.label}].values must have one value per series`)
    for (const v of group.values) {
      if (v === null) continue
      if (!Number.isFinite(v) || v < 0) throw new RangeError('values must be finite and not negative')
      if (scale === 'log' && v <= 0) throw new RangeError('a log scale needs values above 0')
      values.push(v)
    }
  }
  const max = Math.max(0, ...values)
  const min = Math.min(...values)
  // Log axis from one decade below the smallest value, so the smallest bar is still visible.
  const logFloor = values.length > 0 ? Math.floor(Math.log10(min)) - 1 : 0
  const length = (v: number): number => {
    if (max === 0) return 0
    if (scale === 'linear') return (v / max) * BAR_AREA
    const span = Math.log10(max) - logFloor
    return span === 0 ? BAR_AREA : ((Math.log10(v) - logFloor) / span) * BAR_AREA
  }

  const groupHeight = series.length * BAR_HEIGHT + GROUP_GAP
  const height = TOP + groups.length * groupHeight + 24
  const width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    // The chart's accessible name (and what Biome's a11y lint asks of every committed SVG).
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ]
  series.forEach((name, i) => {
    const x = LABEL_WIDTH + i * 150
    parts.push(
      `<rect x="${x}" y="30" width="12" height="12" fill="${COLORS[i]}"/>`,
      `<text x="${x + 16}" y="40">${escapeXml(name)}</text>`,
    )
  })
  if (scale === 'log')
    parts.push(`<text x="${width - 10}" y="40" text-anchor="end" fill="#666666">log scale</text>`)
  groups.forEach((group, g) => {
    const y0 = TOP + g * groupHeight
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y0 + (series.length * BAR_HEIGHT) / 2 + 4}" text-anchor="end">${escapeXml(group.label)}</text>`,
    )
    group.values.forEach((v, i) => {
      const y = y0 + i * BAR_HEIGHT
      if (v === null) {
        parts.push(`<text x="${LABEL_WIDTH + 4}" y="${y + 12}" fill="#666666">n/a</text>`)
        return
      }
      const w = round(length(v))
      parts.push(
        `<rect x="${LABEL_WIDTH}" y="${y + 1}" width="${w}" height="${BAR_HEIGHT - 2}" fill="${COLORS[i]}"><title>${escapeXml(`${series[i]}: ${formatValue(v)} ${unit}`)}</title></rect>`,
        `<text x="${round(LABEL_WIDTH + w + 4)}" y="${y + 12}">${escapeXml(`${formatValue(v)} ${unit}`)}</text>`,
      )
    })
  })
  parts.push(
    `<line x1="${LABEL_WIDTH}" y1="${TOP - 4}" x2="${LABEL_WIDTH}" y2="${height - 20}" stroke="#333333"/>`,
    '</svg>',
  )
  return `${parts.join('\n')}\n`
}

/** Thousands separated, at most two decimals below 100 (ms figures), whole numbers above. */
export function formatValue(v: number): string {
  const digits = Math.abs(v) < 100 && !Number.isInteger(v) ? 2 : 0
  return v.toLocaleString('en-US', { maximumFractionDigits: digits })
}

function round(v: number): number {
  return Math.round(v * 10) / 10
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}
