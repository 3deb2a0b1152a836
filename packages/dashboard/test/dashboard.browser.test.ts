/**
 * Issue 9, "Done when": the dashboard in headless Chromium while requests flow (D8). A devnet
 * of real processes (anvil with 1 s blocks, 2 storage nodes with k = 2, 2 racing executors),
 * the dashboard on a free port, the page open in Debian's Chromium through playwright-core, and
 * a confidential token deployed and used through the SDK while the page watches. The page must
 * show commits with their race winners and losers, storage confirmations, request sizes and a
 * latency chart, label itself SIMULATION, and show no plaintext: no amount sent (decimal or as
 * calldata hex) and not the recipient, who only ever appears inside ciphertext. A screenshot
 * goes to `test/artifacts/dashboard.png` (git-ignored, written on every run).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Devnet, startDevnet } from '@racetee/devnet'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { numberToHex } from 'viem'
import { afterAll, describe, expect, test } from 'vitest'
import { type StartDashboardReturnType, startDashboard } from '../src/index.js'
import { sendTokenTraffic, type TokenTraffic } from './sendTokenTraffic.js'

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const screenshot = fileURLToPath(new URL('./artifacts/dashboard.png', import.meta.url))

describe('dashboard in headless Chromium', () => {
  let devnet: Devnet | undefined
  let dashboard: StartDashboardReturnType | undefined
  let context: BrowserContext | undefined
  let profile: string | undefined

  afterAll(async () => {
    await context?.close().catch(() => {})
    await dashboard?.stop()
    await devnet?.stop()
    if (profile) rmSync(profile, { recursive: true, force: true })
  })

  test('shows commits with race winners and losers while requests flow, and no plaintext', {
    timeout: 240_000,
  }, async () => {
    // A missing browser fails this test (never a skip): the project's script installs it.
    if (!existsSync(chromiumPath))
      throw new RaceteeError(
        errorCodes.TOOLING_FAILED,
        'Chromium is missing: run scripts/install-chromium.sh.',
        {
          details: `no executable at ${chromiumPath}; run scripts/install-chromium.sh (or set CHROMIUM_PATH)`,
        },
      )
    devnet = await startDevnet({ executors: 2, storageNodes: 2, storageThreshold: 2, blockTime: 1 })
    dashboard = await startDashboard({
      rpcUrl: devnet.rpcUrl,
      mc: devnet.mc,
      deployBlock: devnet.deployBlock,
      storage: devnet.storage.map((s) => ({ url: s.url, signer: s.signer })),
      executors: devnet.executors.map((e) => ({
        healthUrl: e.healthUrl,
        enclave: e.enclave,
        account: e.account,
      })),
      port: 0,
    })
    // A fresh profile of our own, removed afterwards: nothing from any user's browser state.
    profile = mkdtempSync(join(tmpdir(), 'racetee-dashboard-chromium-'))
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    const page = await context.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.goto(dashboard.url)
    await expect.poll(() => page.getByTestId('feed-status').textContent(), { timeout: 30_000 }).toBe('live')
    expect(await page.getByTestId('simulation-badge').isVisible()).toBe(true)

    // Requests flow while the page is open.
    const traffic = await sendTokenTraffic(devnet, { rounds: 3 })

    // Every request committed, shown with its size; every commit with a winner of this devnet.
    await expect
      .poll(async () => (await text(page, 'requests')).match(/pending/g)?.length ?? 0, { timeout: 60_000 })
      .toBe(0)
    const rows = await page.getByTestId('request-row').count()
    expect(rows).toBeGreaterThanOrEqual(traffic.sent)
    expect(await text(page, 'requests')).toMatch(/\d+ B/)
    const winners = await page.getByTestId('race-winner').allTextContents()
    expect(winners.length).toBeGreaterThan(0)
    for (const winner of winners) expect(winner).toMatch(/^executor [01] · 0x/)
    // Two executors race every range: at least one lost race is on the page (D3.3, D7).
    await expect.poll(() => page.getByTestId('race-loser').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    const losers = await page.getByTestId('race-loser').allTextContents()
    for (const loser of losers)
      expect(loser).toMatch(/executor [01] \((reverted commit|lost, its health report)\)/)
    // Each commit carries both storage nodes' confirmations (k = 2).
    for (const confirmations of await page.getByTestId('storage-confirmations').allTextContents())
      expect(confirmations).toMatch(/^node [01], node [01] \(2 of k = 2\)$/)
    expect(
      Number(await page.locator('[data-testid="latency-chart"] svg').getAttribute('data-points')),
    ).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('executor-row').count()).toBe(2)
    expect(await text(page, 'executors')).not.toContain('unreachable')

    assertNoPlaintext(await page.content(), traffic)
    assertNoPlaintext(await (await fetch(`${dashboard.url}/api/snapshot`)).text(), traffic)
    expect(pageErrors).toEqual([])

    mkdirSync(fileURLToPath(new URL('./artifacts/', import.meta.url)), { recursive: true })
    await page.screenshot({ path: screenshot, fullPage: true })
    expect(existsSync(screenshot)).toBe(true)
  })
})

async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? ''
}

/** No amount (decimal, or hex as in calldata and results) and not the never-sending recipient. */
function assertNoPlaintext(content: string, traffic: TokenTraffic): void {
  const haystack = content.toLowerCase()
  for (const amount of traffic.amounts) {
    expect(haystack).not.toContain(amount.toString())
    expect(haystack).not.toContain(numberToHex(amount).slice(2))
  }
  expect(haystack).not.toContain(traffic.recipient.slice(2).toLowerCase())
}
