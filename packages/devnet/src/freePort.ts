/**
 * A TCP port on 127.0.0.1 that was free a moment ago: the OS picks it (listen on port 0), the
 * probe closes it, and the caller binds it next. Used where a URL must be known before its
 * process starts (the genesis executor registers its read endpoint, D7, before it runs).
 * Another process could take the port in between; the caller's bind then fails loudly.
 */
import { createServer } from 'node:net'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => (port > 0 ? resolve(port) : reject(new RangeError('the OS gave no port'))))
    })
  })
}
