// Shared by the browser scenarios: the environment they run against, Debian's Chromium through
// playwright-core (from web/node_modules), pages that collect script errors, screenshots, login, the API.
import { before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(new URL('../../web/package.json', import.meta.url))
const { chromium } = require('playwright-core')

export const BASE = (process.env.WANGGE_URL || '').replace(/\/$/, '')
export const USER = process.env.WANGGE_E2E_USER || ''
export const PASSWORD = process.env.WANGGE_E2E_PASSWORD || ''
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url))

/** The `skip` option of every scenario: a reason when the server to test is not given. */
export const skip = !BASE || !USER || !PASSWORD ? 'set WANGGE_URL, WANGGE_E2E_USER and WANGGE_E2E_PASSWORD' : false

let browser

/** Registers the hooks that start Chromium before the file's scenarios and close it after. */
export function useBrowser() {
  before(async () => {
    if (skip) return
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    // The flags this machine needs as root without network (see the env notes).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  })
  after(async () => { if (browser) await browser.close() })
}

/** A browser context (one user's cookies); open() adds a page whose script errors land in `errors`. */
export async function newContext(viewport) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' })
  const errors = []
  const open = async () => {
    const page = await context.newPage()
    page.setDefaultTimeout(15000)
    page.on('pageerror', (e) => errors.push(e.message))
    return page
  }
  return { context, errors, open }
}

export const shot = (page, name) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true })

/** Logs in as the scenario's user and waits until the app has left the login page. */
export async function login(page) {
  await loginAs(page, USER, PASSWORD)
}

// The mass-testing scenarios also act as a manager who sets rounds up (district or street level).
export const MANAGER = process.env.WANGGE_E2E_MANAGER || 'guta'
export const MANAGER_PASSWORD = process.env.WANGGE_E2E_MANAGER_PASSWORD || PASSWORD

/** Logs in as `user` and waits until the app has left the login page. */
export async function loginAs(page, user, password) {
  await page.goto(`${BASE}/login`)
  await page.waitForSelector('[data-test=username]')
  await page.fill('[data-test=username]', user)
  await page.fill('[data-test=password]', password)
  await page.click('[data-test=login-submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

/** Picks an area in a cascader, level by level by name, selecting the last one (checkStrictly). */
export async function pickArea(page, pickerSelector, names) {
  await page.click(`${pickerSelector} .el-cascader`)
  for (let level = 0; level < names.length; level++) {
    const node = page.locator('.el-cascader__dropdown:visible .el-cascader-menu').nth(level)
      .locator('.el-cascader-node', { hasText: names[level] }).first()
    await node.waitFor()
    if (level === names.length - 1) await node.locator('.el-radio').click()
    else await node.click()
  }
  await page.keyboard.press('Escape')
}

/** Types as a wedge scanner does: the characters, then Enter, into whatever has the focus. */
export async function scan(page, text) {
  await page.keyboard.type(text, { delay: 2 })
  await page.keyboard.press('Enter')
}

/** Calls /api/v1 with the page's cookies; fails the test on an error status. */
export async function api(page, method, path, data) {
  const res = await page.request.fetch(`${BASE}/api/v1${path}`, { method, data })
  assert.ok(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`)
  return res.status() === 204 ? null : res.json()
}
