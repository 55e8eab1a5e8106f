// Appeal follow-up in the browser: a duplicate is shown at intake, the "after" photo goes into the
// timeline, the rating QR code is created, and a resident rates through the public page on a phone
// (no login), once. Same environment as appeals.e2e.mjs (a user who records and manages appeals).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, skip, useBrowser, newContext, shot, login, api } from './support.mjs'

useBrowser()

/** A JPEG drawn by the browser itself. */
async function jpeg(page) {
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas')
    c.width = 640; c.height = 480
    const g = c.getContext('2d')
    g.fillStyle = '#5f9e54'; g.fillRect(0, 0, 640, 480)
    return c.toDataURL('image/jpeg', 0.8).split(',')[1]
  })
  return Buffer.from(b64, 'base64')
}

test('follow-up: duplicate at intake, after photo, rating QR, a resident rates once', { skip }, async (t) => {
  const staff = await newContext({ width: 1366, height: 800 })
  const page = await staff.open()
  const text = `e2e 单元门禁关不上 ${Date.now()}`
  let appeal
  try {
    await login(page)
    const me = await api(page, 'GET', '/me')
    const category = (await api(page, 'GET', '/appeal-categories')).items.find((c) => c.code === 'facilities_repair')

    await t.test('an open appeal of the same place and category shows up at intake', async () => {
      appeal = await api(page, 'POST', '/appeals', { area_id: me.area.id, channel: 'walk_in', category_id: category.id, description: text })
      await page.goto(`${BASE}/appeals/new`)
      await page.waitForSelector('[data-test=appeal-form]')
      await page.click('[data-test=category-facilities_repair]')
      await page.locator('[data-test=similar-item]', { hasText: text }).waitFor()
      await shot(page, 'desktop-appeal-new-similar')
    })

    await t.test('resolving with an after photo puts it in the timeline', async () => {
      appeal = await api(page, 'POST', `/appeals/${appeal.id}/transitions`, { action: 'triage', track: 'immediate', version: appeal.version })
      appeal = await api(page, 'POST', `/appeals/${appeal.id}/transitions`, { action: 'claim', version: appeal.version })
      await page.goto(`${BASE}/appeals/${appeal.id}`)
      await page.click('[data-test=action-resolve]')
      await page.fill('[data-test=action-dialog] [data-test=action-note]', '已更换门禁电磁锁')
      await page.setInputFiles('[data-test=action-dialog] [data-test=photo-input]', { name: 'after.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page) })
      await page.waitForSelector('[data-test=action-dialog] [data-test=photo-tile] img')
      await page.click('[data-test=action-submit]')
      await page.waitForSelector('[data-test=timeline-item][data-action=resolve] [data-test=appeal-photo]')
      const photos = await api(page, 'GET', `/appeals/${appeal.id}/photos`)
      assert.equal(photos.items.length, 1)
      assert.equal(photos.items[0].content_type, 'image/jpeg')
    })

    let url
    await t.test('the rating QR code is created for the reported result', async () => {
      appeal = await api(page, 'GET', `/appeals/${appeal.id}`)
      await api(page, 'POST', `/appeals/${appeal.id}/transitions`, { action: 'report', version: appeal.version })
      await page.reload()
      await page.click('[data-test=evaluation-link]')
      await page.click('[data-test=evaluation-link-create]')
      await page.waitForSelector('[data-test=evaluation-link-qr]')
      url = (await page.innerText('[data-test=evaluation-link-url]')).trim()
      assert.match(url, /\/e\/[0-9a-f]{32}$/)
      await shot(page, 'desktop-evaluation-link')
    })

    await t.test('a resident rates on a phone without logging in, once', async () => {
      const phone = await newContext({ width: 390, height: 844 })
      try {
        const p = await phone.open()
        await p.goto(url)
        await p.waitForSelector('[data-test=rate-not_satisfied]')
        assert.match(await p.innerText('[data-test=public-result]'), /已更换门禁电磁锁/)
        const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        assert.ok(overflow <= 1, 'no horizontal scrolling')
        await p.click('[data-test=rate-satisfied]')
        await p.click('[data-test=public-submit]')
        await p.waitForSelector('[data-test=public-evaluation-thanks]')
        await shot(p, 'phone-public-evaluation-thanks')
        await p.reload()
        await p.waitForSelector('[data-test=public-evaluation-error][data-kind=gone]')
        assert.deepEqual(phone.errors, [])
      } finally {
        await phone.context.close()
      }
      const after = await api(page, 'GET', `/appeals/${appeal.id}`)
      assert.equal(after.status, 'evaluated')
      assert.equal(after.evaluation, 'satisfied')
      assert.equal(after.events.at(-1).actor.name, '居民（评价链接）')
    })
    assert.deepEqual(staff.errors, [], 'no uncaught page errors')
  } finally {
    await staff.context.close()
  }
})
