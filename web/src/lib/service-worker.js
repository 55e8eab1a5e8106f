// Registers public/sw.js, which lets the app open again with no network (the sampler's page above
// all). Only in production builds (see main.js) and only where browsers allow a worker: http(s)
// origins that are secure contexts — https, or 127.0.0.1 / localhost. Anywhere else the app runs as
// before, online only.

/** Whether this window may register a service worker. */
export function canRegister(win = globalThis.window) {
  return !!win && !!win.navigator && 'serviceWorker' in win.navigator && win.isSecureContext === true &&
    /^https?:$/.test(win.location?.protocol || '')
}

/** Same-origin Vite assets among resource URLs (what the worker may cache). */
export function assetUrls(urls, origin) {
  const out = []
  for (const u of urls) {
    try {
      const url = new URL(u, origin)
      if (url.origin === origin && url.pathname.startsWith('/assets/')) out.push(url.href)
    } catch { /* not a URL */ }
  }
  return out
}

/**
 * Registers the worker once the page has loaded, then names to it every asset this page loads
 * (those fetched before the worker took control included), so the route's lazy chunks are cached too.
 */
export function registerServiceWorker(win = globalThis.window) {
  if (!canRegister(win)) return
  const start = async () => {
    try {
      await win.navigator.serviceWorker.register('/sw.js', { scope: '/' })
      const ready = await win.navigator.serviceWorker.ready
      const send = (entries) => {
        const urls = assetUrls(entries.map((e) => e.name), win.location.origin)
        if (urls.length && ready.active) ready.active.postMessage({ type: 'cache-urls', urls })
      }
      if (typeof win.PerformanceObserver === 'function') {
        new win.PerformanceObserver((list) => send(list.getEntries())).observe({ type: 'resource', buffered: true })
      } else {
        send(win.performance.getEntriesByType('resource'))
      }
    } catch { /* no offline start; everything else works as before */ }
  }
  if (win.document.readyState === 'complete') start()
  else win.addEventListener('load', start, { once: true })
}
