/**
 * Serves the dashboard page's static files from `src/page/` (D8): a fixed list, read once at
 * start, so no request path ever reaches the file system. No bundler and no CDN: the page is
 * plain HTML, CSS and a browser script, and works offline.
 */
import { readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'

const files = {
  '/': { name: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { name: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { name: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { name: 'style.css', type: 'text/css; charset=utf-8' },
} as const

export type PageFiles = Map<string, { body: Buffer; type: string }>

export async function loadPageFiles(): Promise<PageFiles> {
  const dir = new URL('../page/', import.meta.url)
  const out: PageFiles = new Map()
  for (const [path, { name, type }] of Object.entries(files))
    out.set(path, { body: await readFile(new URL(name, dir)), type })
  return out
}

/** `false` when `path` is not a page file. */
export function servePage(files: PageFiles, path: string, res: ServerResponse): boolean {
  const file = files.get(path)
  if (!file) return false
  res
    .writeHead(200, {
      'content-type': file.type,
      'cache-control': 'no-store',
      // The page loads nothing from anywhere else (no CDN) and runs only its own script.
      'content-security-policy':
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'",
    })
    .end(file.body)
  return true
}
