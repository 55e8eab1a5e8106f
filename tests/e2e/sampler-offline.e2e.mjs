// The sampler's page opens again with no network (web/public/sw.js, the service worker): a sampler
// loads the page online, the phone loses its network, the page is reloaded and still renders from the
// worker's caches, a tube and a scan go into the device's queue; back online, the queue syncs and the
// server has the scan. Self-contained: the manager creates its own round over the sampler's community
// through the API.
//   WANGGE_URL=http://127.0.0.1:8080 WANGGE_E2E_USER=xintie WANGGE_E2E_PASSWORD=wangge2022 \
//     [WANGGE_E2E_MANAGER=guta] node --test tests/e2e/sampler-offline.e2e.mjs
// The server must serve a production build of web/ (the worker is registered only there), on
// 127.0.0.1 / localhost or https (browsers allow service workers only in secure contexts).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { BASE, USER, PASSWORD, skip, useBrowser, newContext, shot, MANAGER, MANAGER_PASSWORD, loginAs, scan } from './support.mjs'
import { residentCode } from '../../web/src/lib/masstest.js'


useBrowser()

/** A JSON request inside the page (its session cookie); throws on an HTTP error. */
const api = (page, method, path, body) => page.evaluate(async ([m, p, b]) => {
  const r = await fetch(`/api/v1${p}`, {
    method: m,
    headers: { Accept: 'application/json', ...(b ? { 'Content-Type': 'application/json' } : {}) },
    body: b ? JSON.stringify(b) : undefined,
  })
  if (!r.ok) throw new Error(`${m} ${p}: HTTP ${r.status} ${await r.text()}`)
  return r.json()
}, [method, path, body])

/** Waits until the worker controls the page and holds index.html and every asset the page loaded. */
async function waitUntilCached(page) {
  for (let i = 0; i < 150; i++) {
    const state = await page.evaluate(async () => {
      if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return 'no controller'
      if (!(await caches.match('/index.html'))) return 'no index.html'
      const assets = performance.getEntriesByType('resource').map((e) => e.name)
        .filter((u) => new URL(u).origin === location.origin && new URL(u).pathname.startsWith('/assets/'))
      if (!assets.length) return 'no assets seen'
      for (const u of assets) if (!(await caches.match(u))) return `not cached: ${u}`
      return 'ok'
    })
    if (state === 'ok') return
    if (i === 149) assert.fail(`the service worker did not cache the page: ${state}`)
    await sleep(200)
  }
}

test('the sampler page reopens with no network, queues a scan and syncs it later', { skip }, async (t) => {
  const desk = await newContext({ width: 1366, height: 860 })
  const phone = await newContext({ width: 390, height: 844 })
  const manager = await desk.open()
  const sampler = await phone.open()
  const stamp = Date.now().toString(36).toUpperCase()
  const tube = `OFF-${stamp}`
  let round
  let person
  try {
    await t.test('the server serves the worker uncached', async () => {
      const res = await fetch(`${BASE}/sw.js`)
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('cache-control'), 'no-cache')
      assert.match(res.headers.get('content-type'), /javascript/)
      assert.match(await res.text(), /caches\.open/)
    })

    await t.test('a round over the sampler\'s community, made through the API', async () => {
      await loginAs(sampler, USER, PASSWORD)
      const me = await api(sampler, 'GET', '/me')
      assert.ok(me.permissions.scan_samples, `${USER} may scan samples`)
      person = (await api(sampler, 'GET', '/residents?limit=1')).items[0]
      assert.ok(person, 'a resident to scan')
      await loginAs(manager, MANAGER, MANAGER_PASSWORD)
      round = await api(manager, 'POST', '/mass-testing/rounds', {
        name: `e2e 离线采样 ${stamp}`, kind: 'everyone', area_ids: [me.area.id], pool_size: 5,
        starts_at: Date.now() - 3600_000, ends_at: Date.now() + 86_400_000, activate: true,
      })
      assert.equal(round.status, 'active')
    })

    await t.test('online: the page loads and the worker caches what it needs', async () => {
      await sampler.goto(`${BASE}/mass-testing/sampler?round=${round.id}`)
      await sampler.waitForSelector('[data-test=mt-scan-input]')
      await sampler.waitForSelector('[data-test=mt-no-tube]')
      await waitUntilCached(sampler)
    })

    await t.test('offline: a reload still renders the page, and a scan goes into the queue', async () => {
      await phone.context.setOffline(true)
      const reachable = await sampler.evaluate(() => fetch('/api/v1/me').then(() => true, () => false))
      assert.equal(reachable, false, 'the network is really gone')
      await sampler.reload()
      await sampler.waitForSelector('[data-test=mt-scan-input]')
      await sampler.waitForSelector('[data-test=mt-no-tube]')
      await sampler.waitForFunction(() => document.activeElement?.dataset.test === 'mt-scan-input')
      await scan(sampler, tube)
      await sampler.waitForSelector(`[data-test=mt-tube][data-code="${tube}"]`)
      await scan(sampler, residentCode(person.id))
      await sampler.waitForSelector('[data-test=mt-sync][data-pending="1"]')
      await sampler.waitForSelector('[data-test=mt-tube-fill][data-count="1"]')
      await shot(sampler, 'phone-mt-sampler-offline')
    })

    await t.test('back online: the queue syncs and the server has the scan', async () => {
      await phone.context.setOffline(false)
      // the 'online' event alone sends the queue (no click on 同步: it is gone once nothing is pending)
      await sampler.waitForSelector('[data-test=mt-sync][data-pending="0"]', { timeout: 5000 })
      const detail = await api(manager, 'GET', `/mass-testing/rounds/${round.id}/tubes/${encodeURIComponent(tube)}`)
      assert.equal(detail.scans.length, 1)
      assert.equal(detail.scans[0].resident_id, person.id)
    })

    assert.deepEqual([...desk.errors, ...phone.errors], [], 'no uncaught page errors')
  } finally {
    await desk.context.close()
    await phone.context.close()
  }
})
