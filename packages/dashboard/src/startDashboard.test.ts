import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type StartDashboardReturnType, startDashboard } from './startDashboard.js'

/** A port nothing listens on: the feed's RPC fails, which the page must show rather than hide. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Reads the SSE stream until its first `snapshot` event. */
async function firstEvent(url: string): Promise<{ contentType: string | null; data: unknown }> {
  const controller = new AbortController()
  const res = await fetch(url, { signal: controller.signal })
  const reader = res.body!.getReader()
  let text = ''
  try {
    while (!/event: snapshot\ndata: .*\n\n/.test(text)) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
  } finally {
    controller.abort()
  }
  const data = /data: (.*)\n\n/.exec(text)?.[1]
  return { contentType: res.headers.get('content-type'), data: data ? JSON.parse(data) : undefined }
}

describe('startDashboard', () => {
  let dashboard: StartDashboardReturnType
  const mc = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

  beforeAll(async () => {
    dashboard = await startDashboard({
      rpcUrl: `http://127.0.0.1:${await closedPort()}`,
      mc,
      deployBlock: 1n,
      storage: [],
      executors: [],
      pollMs: 50,
    })
  })
  afterAll(async () => {
    await dashboard?.stop()
  })

  test('serves the page, its script and style, and a snapshot', async () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const page = await fetch(`${dashboard.url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await page.text()
    expect(html).toContain('data-testid="commits"')
    expect(html).not.toMatch(/https?:\/\//) // nothing loaded from elsewhere: works offline
    for (const [path, type] of [
      ['/app.js', 'text/javascript; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
    ] as const) {
      const res = await fetch(`${dashboard.url}${path}`)
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        type,
      })
    }
    const snapshot = await (await fetch(`${dashboard.url}/api/snapshot`)).json()
    expect(snapshot).toMatchObject({
      simulation: true,
      mc,
      commits: [],
      requests: [],
      executors: [],
      storage: [],
    })
  })

  test('behavior: /api/events streams snapshots as Server-Sent Events', async () => {
    const { contentType, data } = await firstEvent(`${dashboard.url}/api/events`)
    expect(contentType).toBe('text/event-stream')
    expect(data).toMatchObject({ simulation: true, mc })
  })

  test('behavior: an unreachable RPC shows as the feed error, and the server keeps serving', async () => {
    const deadline = Date.now() + 10_000
    let snapshot: { lastError: string | null } = { lastError: null }
    while (snapshot.lastError === null && Date.now() < deadline) {
      snapshot = (await (await fetch(`${dashboard.url}/api/snapshot`)).json()) as typeof snapshot
      if (snapshot.lastError === null) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(snapshot.lastError).toEqual(expect.any(String))
  })

  test('behavior: a deployment not under simulation is not labelled SIMULATION', async () => {
    const plain = await startDashboard({
      rpcUrl: `http://127.0.0.1:${await closedPort()}`,
      mc,
      deployBlock: 1n,
      storage: [],
      executors: [],
      simulation: false,
    })
    try {
      expect(await (await fetch(`${plain.url}/api/snapshot`)).json()).toMatchObject({ simulation: false })
    } finally {
      await plain.stop()
    }
  })

  test('error: unknown paths are 404, files outside the page are never served, other methods 405', async () => {
    for (const path of ['/nope', '/../package.json', '/page/app.js', '/startDashboard.ts'])
      expect({ path, status: (await fetch(`${dashboard.url}${path}`)).status }).toEqual({ path, status: 404 })
    expect((await fetch(`${dashboard.url}/api/snapshot`, { method: 'POST' })).status).toBe(405)
    expect((await fetch(`${dashboard.url}/api/events`, { method: 'HEAD' })).status).toBe(405)
  })
})
