import { describe, it, expect } from 'vitest'
import { withOfflineCopy, rememberMe, cachedMe, forgetOffline, isNetworkError } from '../../src/lib/offline-cache.js'
import { canRegister, assetUrls } from '../../src/lib/service-worker.js'

function memoryStorage() {
  const m = new Map()
  return {
    get length() { return m.size },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
    keys: () => [...m.keys()],
  }
}
const offline = () => Object.assign(new Error('unavailable'), { status: 0 })

describe('offline copies', () => {
  it('answers from the network and keeps a copy for when there is none', async () => {
    const s = memoryStorage()
    expect(await withOfflineCopy('rounds.7', async () => ({ items: [1] }), s)).toEqual({ items: [1] })
    expect(await withOfflineCopy('rounds.7', async () => { throw offline() }, s)).toEqual({ items: [1] })
  })
  it('throws HTTP errors, and a network error with no copy', async () => {
    const s = memoryStorage()
    await expect(withOfflineCopy('x', async () => { throw offline() }, s)).rejects.toThrow('unavailable')
    await withOfflineCopy('x', async () => 1, s)
    const forbidden = Object.assign(new Error('forbidden'), { status: 403 })
    await expect(withOfflineCopy('x', async () => { throw forbidden }, s)).rejects.toThrow('forbidden')
  })
  it('remembers the user and forgets only its own keys', async () => {
    const s = memoryStorage()
    s.setItem('wangge.masstest.queue', '[]')
    rememberMe({ id: 3, username: 'xintie' }, s)
    await withOfflineCopy('rounds.3', async () => [], s)
    expect(cachedMe(s)).toEqual({ id: 3, username: 'xintie' })
    forgetOffline(s)
    expect(cachedMe(s)).toBe(null)
    expect(s.keys()).toEqual(['wangge.masstest.queue'])
  })
  it('tells a network error from an HTTP one', () => {
    expect(isNetworkError(offline())).toBe(true)
    expect(isNetworkError({ status: 500 })).toBe(false)
    expect(isNetworkError(null)).toBe(false)
  })
})

describe('service worker registration', () => {
  const win = (protocol, secure, sw = true) => ({ navigator: sw ? { serviceWorker: {} } : {}, isSecureContext: secure, location: { protocol } })
  it('only on secure http(s) origins with service workers', () => {
    expect(canRegister(win('https:', true))).toBe(true)
    expect(canRegister(win('http:', true))).toBe(true) // 127.0.0.1 / localhost
    expect(canRegister(win('http:', false))).toBe(false) // plain http on an intranet address
    expect(canRegister(win('file:', true))).toBe(false)
    expect(canRegister(win('https:', true, false))).toBe(false)
    expect(canRegister(undefined)).toBe(false)
  })
  it('names only same-origin /assets/ files to the worker', () => {
    const o = 'http://127.0.0.1:8080'
    expect(assetUrls([`${o}/assets/index-abc.js`, `${o}/api/v1/me`, 'http://cdn.example/assets/x.js', `${o}/favicon.svg`, '/assets/a.css'], o))
      .toEqual([`${o}/assets/index-abc.js`, `${o}/assets/a.css`])
  })
})
