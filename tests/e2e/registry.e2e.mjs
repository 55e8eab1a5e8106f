// End-to-end walk through the web app against a running wangge server.
//   WANGGE_URL=http://127.0.0.1:8080 WANGGE_E2E_USER=… WANGGE_E2E_PASSWORD=… node --test tests/e2e/registry.e2e.mjs
// playwright-core comes from web/node_modules (npm ci in web/); the browser is Debian's chromium.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, skip, useBrowser, newContext, shot, login as logIn } from './support.mjs'

const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/

useBrowser()

async function newPage(viewport) {
  const { context, errors, open } = await newContext(viewport)
  return { page: await open(), context, errors }
}

async function login(page) {
  await logIn(page)
  await page.waitForURL(/\/areas\/[^/]+$/)
  await page.waitForSelector('[data-test=area-title]')
}

/** From the current area page down to a building, each time into the child with the most residents. */
async function walkToBuilding(page) {
  for (let depth = 0; depth < 12; depth++) {
    await page.waitForSelector('[data-test=area-title]')
    await page.waitForLoadState('networkidle')
    if (await page.locator('[data-test=households-table]').count()) return
    const links = await page.$$eval('[data-test=child-link]', (as) =>
      as.map((a) => ({ href: a.getAttribute('href'), residents: Number(a.dataset.residents || 0) })))
    assert.ok(links.length, `no child areas at ${page.url()}`)
    links.sort((a, b) => b.residents - a.residents)
    assert.ok(links[0].residents > 0, `no residents below ${page.url()}`)
    await page.click(`[data-test=child-link][href="${links[0].href}"]`)
    await page.waitForURL(`${BASE}${links[0].href}`)
  }
  assert.fail('no building within 12 levels')
}

test('registry walk: login, area tree, household, search, language', { skip }, async (t) => {
  const { page, context, errors } = await newPage({ width: 1366, height: 768 })
  let residentName = ''
  try {
    await t.test('logs in and lands on the own area', async () => {
      await login(page)
      await page.waitForSelector('[data-test=count-residents]')
      await shot(page, 'desktop-area-home')
    })

    await t.test('walks the area tree down to a building and opens a household', async () => {
      await walkToBuilding(page)
      await page.waitForSelector('[data-test=household-link]')
      const crumbs = await page.locator('[data-test=breadcrumb] .el-breadcrumb__item').count()
      assert.ok(crumbs >= 2, 'breadcrumb shows the ancestors')
      await shot(page, 'desktop-building')
      const households = await page.$$eval('[data-test=household-link]', (as) =>
        as.map((a) => ({ href: a.getAttribute('href'), members: Number(a.dataset.members || 0) })))
      const target = households.find((h) => h.members > 0) || households[0]
      await page.click(`[data-test=household-link][href="${target.href}"]`)
      await page.waitForSelector('[data-test=household-title]')
      await page.waitForSelector('[data-test=resident-row]')
      residentName = (await page.locator('[data-test=resident-row]').first().innerText()).trim()
      assert.ok(residentName, 'a member is listed')
      for (const id of await page.locator('[data-test=id-number]').allInnerTexts()) {
        if (id.trim()) assert.match(id.trim(), MASKED_ID)
      }
      await shot(page, 'desktop-household')
    })

    await t.test('finds the resident by name with a masked ID number', async () => {
      await page.goto(`${BASE}/residents`)
      await page.fill('[data-test=search-input]', residentName)
      await page.click('[data-test=search-submit]')
      await page.waitForURL(/\/residents\?q=/)
      await page.waitForSelector('[data-test=resident-row]')
      const names = (await page.locator('[data-test=resident-row]').allInnerTexts()).map((s) => s.trim())
      assert.ok(names.includes(residentName), `${residentName} in ${names.join(', ')}`)
      const ids = (await page.locator('[data-test=id-number]').allInnerTexts()).map((s) => s.trim()).filter(Boolean)
      assert.ok(ids.length > 0, 'ID numbers are shown')
      for (const id of ids) assert.match(id, MASKED_ID)
      await shot(page, 'desktop-search')
    })

    await t.test('switches to English and keeps it after a reload', async () => {
      await page.click('[data-test=lang-switch]')
      await page.click('[data-test=lang-en]')
      await page.waitForFunction(() => document.documentElement.lang === 'en')
      await page.getByText('Find residents', { exact: true }).first().waitFor()
      await page.getByRole('button', { name: 'Search' }).waitFor()
      await page.reload()
      await page.getByText('Log out').first().waitFor()
      const headers = await page.locator('.el-table__header th').allInnerTexts()
      assert.ok(headers.map((h) => h.trim()).includes('ID number'), `English table headers: ${headers.join('|')}`)
      await shot(page, 'desktop-search-en')
    })

    await t.test('logs out', async () => {
      await page.click('[data-test=logout]')
      await page.waitForURL(/\/login/)
      await page.goto(`${BASE}/residents`)
      await page.waitForURL(/\/login/)
    })
    assert.deepEqual(errors, [], 'no uncaught page errors')
  } finally {
    await context.close()
  }
})

test('phone: compact header, drawer menu, area page', { skip }, async () => {
  const { page, context, errors } = await newPage({ width: 375, height: 812 })
  try {
    await login(page)
    await page.click('[data-test=menu-btn]')
    await page.waitForSelector('.el-drawer [data-test=nav-residents]')
    await shot(page, 'phone-drawer')
    await page.click('.el-drawer [data-test=nav-residents]')
    await page.waitForURL(/\/residents$/)
    await page.waitForSelector('[data-test=search-input]')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `no horizontal scrolling on a phone (overflow ${overflow}px)`)
    await shot(page, 'phone-search')
    assert.deepEqual(errors, [], 'no uncaught page errors')
  } finally {
    await context.close()
  }
})
