// End-to-end walk through mass testing (核酸检测) against a running wangge server:
// a manager sets up and activates a round over the sampler's community and watches its dashboard; the
// sampler, on a phone, scans a tube and a pool of residents as a keyboard-wedge scanner types them
// (the tube fills to 5/5 and the page asks for the next one), sees a refusal; the dashboard's numbers
// move by themselves; the manager posts a positive result for the tube and sees the trace and the alert.
//   WANGGE_URL=http://127.0.0.1:8080 WANGGE_E2E_USER=xintie WANGGE_E2E_PASSWORD=wangge2022 \
//     [WANGGE_E2E_MANAGER=guta] node --test tests/e2e/masstest.e2e.mjs
// WANGGE_E2E_USER samples (community_worker or grid_worker: scan_samples); WANGGE_E2E_MANAGER (default
// guta, the demo district officer, same password) manages rounds and uploads lab results
// (manage_rounds + upload_lab_results) and has the sampler's area inside its scope.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, USER, PASSWORD, skip, useBrowser, newContext, shot, MANAGER, MANAGER_PASSWORD, loginAs, pickArea, scan } from './support.mjs'
import { residentCode } from '../../web/src/lib/masstest.js'

const POOL = 5

useBrowser()

/** GET inside the page (its session cookie). */
const getJson = (page, path) => page.evaluate(async (p) => {
  const r = await fetch(`/api/v1${p}`, { headers: { Accept: 'application/json' } })
  if (!r.ok) throw new Error(`${p}: HTTP ${r.status}`)
  return r.json()
}, path)

const statValue = async (page, key) => Number(await page.getAttribute(`[data-test=mt-stat-${key}]`, 'data-value'))

test('mass testing: open a round → scan a pool → coverage moves → positive result → trace', { skip }, async (t) => {
  const desk = await newContext({ width: 1366, height: 860 })
  const phone = await newContext({ width: 390, height: 844 })
  const manager = await desk.open()
  const sampler = await phone.open()
  const stamp = Date.now().toString(36).toUpperCase()
  const tube = `E2E-${stamp}-1`
  const tube2 = `E2E-${stamp}-2`
  let roundId
  let community
  let residents
  try {
    await t.test('the sampler is a community worker with residents to scan', async () => {
      await loginAs(sampler, USER, PASSWORD)
      const me = await getJson(sampler, '/me')
      assert.ok(me.permissions.scan_samples, `${USER} may scan samples`)
      community = await getJson(sampler, `/areas/${me.area.id}`)
      residents = (await getJson(sampler, `/residents?limit=${POOL + 1}`)).items
      assert.equal(residents.length, POOL + 1)
    })

    await t.test('the manager sets up a round over that community and activates it', async () => {
      await loginAs(manager, MANAGER, MANAGER_PASSWORD)
      const me = await getJson(manager, '/me')
      assert.ok(me.permissions.manage_rounds && me.permissions.upload_lab_results, `${MANAGER} manages rounds and uploads results`)
      await manager.click('[data-test=nav-masstest]')
      await manager.click('[data-test=nav-mt-rounds]')
      await manager.waitForURL(/\/mass-testing$/)
      await manager.click('[data-test=mt-round-new]')
      await manager.waitForSelector('[data-test=mt-round-form]')
      await manager.fill('[data-test=mt-round-name]', `e2e 全员核酸 ${stamp}`)
      // the cascader starts at the manager's own area: walk the community's path (as the manager sees it) from there
      const seen = await getJson(manager, `/areas/${community.id}`)
      const path = seen.path.map((p) => p.name)
      const from = path.indexOf(me.area.name)
      assert.ok(from >= 0, `${community.name} lies inside ${me.area.name}`)
      await pickArea(manager, '[data-test=mt-round-area]', [...path.slice(from), community.name])
      await manager.waitForSelector(`[data-test=mt-round-areas] [data-area-id="${community.id}"]`)
      await manager.click(`[data-test=mt-round-pool-${POOL}]`)
      await manager.click('[data-test=mt-round-activate-now]')
      await shot(manager, 'desktop-mt-round-new')
      await manager.click('[data-test=mt-round-submit]')
      await manager.waitForURL(/\/mass-testing\/rounds\/\d+$/)
      roundId = Number(/rounds\/(\d+)$/.exec(manager.url())[1])
      await manager.waitForSelector('[data-test=mt-round-title] [data-test=mt-round-status][data-status=active]')
      const expected = Number(await manager.getAttribute('[data-test=mt-coverage-headline]', 'data-expected'))
      assert.equal(expected, community.counts.residents, 'everyone in the community is expected')
    })

    await t.test('the dashboard starts at nothing sampled', async () => {
      await manager.click('[data-test=mt-round-dashboard]')
      await manager.waitForURL(/\/coverage/)
      await manager.waitForSelector(`[data-test=mt-cov-title][data-area-id="${community.id}"]`)
      await manager.waitForSelector('[data-test=mt-gauge]')
      assert.equal(await statValue(manager, 'sampled'), 0)
      assert.equal(await statValue(manager, 'remaining'), community.counts.residents)
    })

    await t.test('the sampler opens a tube and scans a pool of 5 with a wedge scanner', async () => {
      await sampler.goto(`${BASE}/mass-testing/sampler?round=${roundId}`)
      await sampler.waitForSelector('[data-test=mt-scan-input]')
      await sampler.waitForSelector('[data-test=mt-no-tube]')
      await sampler.waitForFunction(() => document.activeElement?.dataset.test === 'mt-scan-input')
      // a person before any tube is refused at once
      await scan(sampler, residentCode(residents[0].id))
      await sampler.waitForSelector('[data-test=mt-verdict][data-kind=refused]')
      await scan(sampler, tube)
      await sampler.waitForSelector(`[data-test=mt-tube][data-code="${tube}"]`)
      await sampler.waitForSelector('[data-test=mt-verdict][data-kind=ok]')
      for (let i = 0; i < POOL - 1; i++) {
        await scan(sampler, residentCode(residents[i].id))
        await sampler.waitForSelector(`[data-test=mt-tube-fill][data-count="${i + 1}"][data-capacity="${POOL}"]`)
      }
      assert.match(await sampler.innerText('[data-test=mt-tube-fill]'), new RegExp(`^\\s*${POOL - 1}\\s*/${POOL}\\s*$`))
      await shot(sampler, 'phone-mt-sampler')
      await scan(sampler, residentCode(residents[POOL - 1].id))
      // the pool is full: the page asks for the next tube
      await sampler.waitForSelector('[data-test=mt-no-tube]')
      const states = await sampler.$$eval('[data-test=mt-recent-row]', (els) => els.map((e) => e.dataset.state))
      assert.deepEqual(states, Array(POOL).fill('accepted'))
      assert.equal(await sampler.getAttribute('[data-test=mt-sync]', 'data-pending'), '0')
      assert.equal(await sampler.evaluate(() => document.activeElement?.dataset.test), 'mt-scan-input', 'the input keeps the focus')
      const overflow = await sampler.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 1, 'no horizontal scrolling on a phone')
    })

    await t.test('a second tube refuses a person already sampled, and a mistyped ID number', async () => {
      await scan(sampler, tube2)
      await sampler.waitForSelector(`[data-test=mt-tube][data-code="${tube2}"]`)
      await scan(sampler, residentCode(residents[0].id))
      await sampler.waitForSelector('[data-test=mt-verdict][data-kind=refused][data-reason=already_sampled]')
      await sampler.waitForSelector('[data-test=mt-flash][data-kind=refused]')
      await shot(sampler, 'phone-mt-sampler-refused')
      assert.equal(await sampler.getAttribute('[data-test=mt-tube-fill]', 'data-count'), '0')
      await scan(sampler, '11010519491231002') // 17 characters
      await sampler.waitForFunction(() => /18位/.test(document.querySelector('[data-test=mt-verdict]')?.innerText || ''))
      await sampler.click('[data-test=mt-tube-close]') // seal the empty tube
      await sampler.waitForSelector('[data-test=mt-no-tube]')
    })

    await t.test('the dashboard moves by itself', async () => {
      await manager.waitForSelector(`[data-test=mt-stat-sampled][data-value="${POOL}"]`, { timeout: 25000 })
      assert.equal(await statValue(manager, 'remaining'), community.counts.residents - POOL)
      await shot(manager, 'desktop-mt-dashboard')
    })

    await t.test('a positive result for the tube is traced to its people', async () => {
      await manager.goto(`${BASE}/mass-testing/lab?round=${roundId}`)
      await manager.click('[data-test=mt-lab-mode-paste]')
      await manager.fill('[data-test=mt-lab-text]', `管码,结果,检测机构\n${tube},阳性,e2e实验室\n`)
      await manager.click('[data-test=mt-lab-submit]')
      await manager.waitForSelector('[data-test=mt-lab-report]')
      assert.equal((await manager.innerText('[data-test=mt-lab-positives]')).trim(), '1')
      assert.equal((await manager.innerText('[data-test=mt-lab-retests]')).trim(), String(POOL))
      await manager.click(`[data-test=mt-lab-positive-tube][data-code="${tube}"]`)
      await manager.waitForSelector(`[data-test=mt-trace-title][data-code="${tube}"][data-result=positive]`)
      await manager.waitForSelector(`[data-test=mt-trace-people][data-n="${POOL}"]`)
      assert.equal(await manager.getAttribute('[data-test=mt-trace-retest-pending]', 'data-n'), String(POOL))
      const people = await manager.$$eval('[data-test=mt-trace-person]', (els) => els.map((e) => e.dataset.retest))
      assert.deepEqual(people, Array(POOL).fill('pending'))
      await manager.waitForLoadState('networkidle')
      await shot(manager, 'desktop-mt-trace')
    })

    await t.test('the alert is listed for the community', async () => {
      await manager.goto(`${BASE}/mass-testing/alerts?round=${roundId}`)
      await manager.waitForSelector(`[data-test=mt-alert][data-tube="${tube}"]`)
    })

    assert.deepEqual([...desk.errors, ...phone.errors], [], 'no uncaught page errors')
  } finally {
    await desk.context.close()
    await phone.context.close()
  }
})
