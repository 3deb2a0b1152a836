/** Joins a storage node's base URL and an API path, whatever trailing slashes the base has. */
export function storageUrl(base: string, path: string): string {
  if (typeof base !== 'string' || !/^https?:\/\//.test(base))
    throw new TypeError('url must be an http(s) URL of a storage node')
  return `${base.replace(/\/+$/, '')}${path}`
}
