// End-to-end walk through Party-Day Talk (党日说事) against a running wangge server.
//   WANGGE_URL=http://127.0.0.1:8080 WANGGE_E2E_USER=… WANGGE_E2E_PASSWORD=… node --test tests/e2e/appeals.e2e.mjs
// The user must be allowed to record and to manage appeals (community_worker, party_secretary or
// street_officer). playwright-core comes from web/node_modules; the browser is Debian's chromium.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, skip, useBrowser, newContext, shot, login } from './support.mjs'

useBrowser()

/** A user above community level picks one: down the cascader, each time the first node, to a leaf. */
async function chooseCommunityIfAsked(page) {
  if (!(await page.locator('[data-test=appeal-community]').count())) return
  await page.click('[data-test=appeal-community]')
  for (let level = 0; level < 5; level++) {
    const menus = page.locator('.el-cascader-menu')
    await page.waitForFunction((n) => document.querySelectorAll('.el-cascader-menu').length > n
      && document.querySelectorAll('.el-cascader-menu')[n].querySelector('.el-cascader-node'), level)
    const node = menus.nth(level).locator('.el-cascader-node').first()
    const isLeaf = !(await node.locator('.el-cascader-node__postfix').count())
    await node.click()
    if (isLeaf) return
  }
  assert.fail('no community within 5 levels')
}

const status = (page) => page.getAttribute('[data-test=appeal-title] [data-test=appeal-status]', 'data-status')
const timelineCount = (page) => page.locator('[data-test=timeline-item]').count()
async function waitForStatus(page, want, events) {
  await page.waitForSelector(`[data-test=appeal-title] [data-test=appeal-status][data-status="${want}"]`)
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=timeline-item]').length === n, events)
}

test('appeal: record → triage immediate → claim (a lost race is told) → resolve', { skip }, async (t) => {
  const { context, errors, open } = await newContext({ width: 1366, height: 800 })
  const page = await open()
  const text = `e2e 燃化楼下水井返水，污水横流 ${Date.now()}`
  try {
    await t.test('opens the ledger from the menu', async () => {
      await login(page)
      await page.click('[data-test=nav-appeals]')
      await page.waitForURL(/\/appeals$/)
      await page.waitForSelector('[data-test=appeal-table]')
      await page.waitForLoadState('networkidle')
      await shot(page, 'desktop-appeals-ledger')
    })

    await t.test('records an appeal', async () => {
      await page.click('[data-test=appeal-new]')
      await page.waitForURL(/\/appeals\/new$/)
      await chooseCommunityIfAsked(page)
      await page.click('[data-test=channel-grid_visit]')
      await page.locator('[data-test=appeal-category] .el-radio').first().click()
      await page.fill('[data-test=appeal-description]', text)
      await page.click('[data-test=reporter-named]')
      await page.fill('[data-test=reporter-name]', '王大爷')
      await page.fill('[data-test=reporter-phone]', '13800001111')
      await shot(page, 'desktop-appeal-new')
      await page.click('[data-test=appeal-submit]')
      await page.waitForURL(/\/appeals\/\d+$/)
      await page.waitForSelector('[data-test=appeal-description]')
      assert.equal((await page.innerText('[data-test=appeal-description]')).trim(), text)
      await waitForStatus(page, 'recorded', 1)
      assert.equal(await page.getAttribute('[data-test=timeline-item]', 'data-action'), 'record')
    })

    await t.test('triages it as know it, do it', async () => {
      await page.waitForSelector('[data-test=action-triage-immediate]')
      await page.click('[data-test=action-triage-immediate]')
      await waitForStatus(page, 'triaged', 2)
      await page.waitForSelector('[data-test=appeal-band][data-band]:not([data-band=""])')
    })

    await t.test('a second tab claiming with the old version is told someone else claimed it first', async () => {
      const other = await open()
      await other.goto(page.url())
      await other.waitForSelector('[data-test=action-claim]')
      await page.click('[data-test=action-claim]')
      await waitForStatus(page, 'claimed', 3)
      await other.click('[data-test=action-claim]')
      await other.locator('.el-message--warning').waitFor()
      await waitForStatus(other, 'claimed', 3) // reloaded
      await other.close()
    })

    await t.test('resolves it with a note and sees the timeline grow', async () => {
      await page.click('[data-test=action-resolve]')
      await page.waitForSelector('[data-test=action-dialog] [data-test=action-note]')
      await page.click('[data-test=action-submit]') // a note is required
      await page.locator('[data-test=action-dialog] .el-form-item__error').waitFor()
      await page.fill('[data-test=action-dialog] [data-test=action-note]', '已联系维修人员疏通，污水已清理')
      await page.click('[data-test=action-submit]')
      await waitForStatus(page, 'resolved', 4)
      const actions = await page.$$eval('[data-test=timeline-item]', (els) => els.map((e) => e.dataset.action))
      assert.deepEqual(actions, ['record', 'triage', 'claim', 'resolve'])
      assert.match(await page.innerText('[data-test=appeal-timeline]'), /已联系维修人员疏通/)
      assert.equal(await timelineCount(page), 4)
      assert.equal(await status(page), 'resolved')
      await page.waitForSelector('[data-test=action-dialog]', { state: 'hidden' })
      await shot(page, 'desktop-appeal')
    })

    await t.test('finds it in the ledger and on the board', async () => {
      await page.goto(`${BASE}/appeals?status=resolved`)
      await page.getByText(text).first().waitFor()
      await page.click('[data-test=view-board]')
      await page.waitForSelector('[data-test=board-column][data-status=resolved] [data-test=board-card]')
      assert.match(await page.innerText('[data-test=board-column][data-status=resolved]'), /e2e 燃化楼/)
      await shot(page, 'desktop-appeals-board')
    })
    assert.deepEqual(errors, [], 'no uncaught page errors')
  } finally {
    await context.close()
  }
})

test('phone: ledger cards and the intake form fit 375 px', { skip }, async () => {
  const { context, errors, open } = await newContext({ width: 375, height: 812 })
  const page = await open()
  try {
    await login(page)
    await page.click('[data-test=menu-btn]')
    await page.click('.el-drawer [data-test=nav-appeals]')
    await page.waitForURL(/\/appeals$/)
    await page.waitForSelector('[data-test=appeal-cards]')
    await page.waitForLoadState('networkidle')
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok((await overflow()) <= 1, 'ledger: no horizontal scrolling')
    await shot(page, 'phone-appeals-ledger')
    await page.goto(`${BASE}/appeals/new`)
    await page.waitForSelector('[data-test=appeal-description]')
    await page.click('[data-test=appeal-submit]') // empty: the client asks for the description
    await page.locator('.el-form-item.is-error .el-form-item__error').first().waitFor()
    assert.ok((await overflow()) <= 1, 'intake: no horizontal scrolling')
    await shot(page, 'phone-appeal-new')
    assert.deepEqual(errors, [], 'no uncaught page errors')
  } finally {
    await context.close()
  }
})
