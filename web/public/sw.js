// wangge's service worker: lets the app — above all the sampler's page, whose scans wait in
// localStorage until they sync — open again on a phone with no network. Hand-written, no libraries.
//   navigations: network first; without a network, the cached index.html (every SPA route renders
//     from it). A good index.html from the network is kept for next time.
//   same-origin /assets/* (Vite's content-hashed files, so a cached copy is never stale): cache
//     first, stored on first fetch. At install the files index.html references are fetched; the page
//     also names what it loaded before this worker controlled it (message 'cache-urls').
//   /api/* and everything else: not touched, the browser fetches as if there were no worker.
// Served with Cache-Control: no-cache, so a new version is picked up on the next visit; bump VERSION
// to drop every cache of the old one on activate.
const VERSION = 'wangge-sw-1'
const SHELL = `${VERSION}:shell`
const ASSETS = `${VERSION}:assets`
const INDEX = '/index.html'
const NAVIGATION_TIMEOUT_MS = 6000 // a network that answers nothing counts as none when a copy is cached

const isAsset = (url) => url.origin === self.location.origin && url.pathname.startsWith('/assets/')
const isApi = (url) => url.pathname === '/api' || url.pathname.startsWith('/api/')
// SPA routes (no file extension) and / render from index.html; other pages (api-docs.html) are not the shell.
const isShellPath = (path) => path === '/' || path === INDEX || !/\.[^/]*$/.test(path)

/** The /assets/ files an index.html names (script src, link href, modulepreload). */
function referencedAssets(html) {
  const found = new Set()
  for (const m of html.matchAll(/(?:src|href)\s*=\s*["']([^"']+)["']/g)) {
    const url = new URL(m[1], self.location.origin)
    if (isAsset(url)) found.add(url.pathname)
  }
  return [...found]
}

/** Fetches and stores the assets not yet cached; a failure of one does not stop the others. */
async function cacheAssets(paths) {
  const cache = await caches.open(ASSETS)
  let added = 0
  await Promise.all(paths.map(async (path) => {
    try {
      if (await cache.match(path)) return
      const res = await fetch(path, { credentials: 'same-origin' })
      if (res.ok) { await cache.put(path, res); added++ }
    } catch { /* offline or gone: fetched again on first use */ }
  }))
  return added
}

async function precache() {
  try {
    const res = await fetch(INDEX, { cache: 'no-cache', credentials: 'same-origin' })
    if (!res.ok) return
    const html = await res.clone().text()
    await (await caches.open(SHELL)).put(INDEX, res)
    await cacheAssets(referencedAssets(html))
  } catch { /* installed anyway: the next navigation stores the shell */ }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys()
    await Promise.all(names.filter((n) => n.startsWith('wangge-sw-') && !n.startsWith(`${VERSION}:`)).map((n) => caches.delete(n)))
    await self.clients.claim()
  })())
})

self.addEventListener('message', (event) => {
  const data = event.data || {}
  if (data.type !== 'cache-urls' || !Array.isArray(data.urls)) return
  const paths = []
  for (const u of data.urls) {
    try {
      const url = new URL(u, self.location.origin)
      if (isAsset(url)) paths.push(url.pathname)
    } catch { /* not a URL */ }
  }
  event.waitUntil(cacheAssets(paths))
})

async function fromNetworkOrShell(request) {
  const cache = await caches.open(SHELL)
  const cached = await cache.match(INDEX)
  const network = fetch(request).then(async (res) => {
    if (res.ok && (res.headers.get('Content-Type') || '').includes('text/html')) await cache.put(INDEX, res.clone())
    return res
  })
  if (!cached) return network
  network.catch(() => {}) // answered from the cache: a late failure is nobody's business
  let timer
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), NAVIGATION_TIMEOUT_MS) })
  try {
    const res = await Promise.race([network, timeout])
    return res || cached
  } catch {
    return cached
  } finally {
    clearTimeout(timer)
  }
}

async function assetCacheFirst(request) {
  const cache = await caches.open(ASSETS)
  const cached = await cache.match(request, { ignoreSearch: true })
  if (cached) return cached
  const res = await fetch(request)
  if (res.ok && res.type === 'basic') await cache.put(new URL(request.url).pathname, res.clone())
  return res
}

self.addEventListener('fetch', (event) => {
  const { request } = event
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || isApi(url)) return
  if (request.mode === 'navigate') {
    if (isShellPath(url.pathname)) event.respondWith(fromNetworkOrShell(request))
    return
  }
  if (isAsset(url)) event.respondWith(assetCacheFirst(request))
})
