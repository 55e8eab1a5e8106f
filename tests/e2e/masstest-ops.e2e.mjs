// The mass-testing operations pages in the browser, on a round of their own (so nothing here depends on
// the other scenarios): a community worker keeps a sample point (a refusal at the field, then saved)
// and assigns a building to it (its expected people shown), edits it after another user did (told,
// then saved on the new version), makes a field team, generates the
// door-to-door tasks (how many and why) and assigns one to the team; after a positive pool, the re-test
// list shows the tasks and the phone page samples one — a wrong person and a used tube are refused at
// their field, a new tube is accepted — and the desk list shows it sampled.
//   WANGGE_URL=http://127.0.0.1:8080 WANGGE_E2E_USER=xintie WANGGE_E2E_PASSWORD=wangge2022 \
//     [WANGGE_E2E_MANAGER=guta] node --test tests/e2e/masstest-ops.e2e.mjs
// WANGGE_E2E_USER: a community worker (dispatch_field_work + scan_samples); WANGGE_E2E_MANAGER (default
// guta, same password): creates the round and posts the lab result (manage_rounds + upload_lab_results).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { BASE, USER, PASSWORD, skip, useBrowser, newContext, shot, MANAGER, MANAGER_PASSWORD, loginAs, pickArea, scan, api } from './support.mjs'
import { residentCode } from '../../web/src/lib/masstest.js'

const POOL = 5

useBrowser()

/** A request with the page's session cookie; asserts success. */
test('mass-testing operations: sample point → team → door tasks → re-test sampled on a phone', { skip }, async (t) => {
  const desk = await newContext({ width: 1280, height: 860 })
  const phone = await newContext({ width: 390, height: 844 })
  const worker = await desk.open()
  const sampler = await phone.open()
  const stamp = Date.now().toString(36).toUpperCase()
  const poolTube = `OPS-${stamp}-P`
  const retestTube = `OPS-${stamp}-S`
  let me, community, grid, sealed, building, residents, roundId, team, pointName
  try {
    await t.test('a round of its own over the worker\'s community, one building sealed, activated', async () => {
      await loginAs(worker, USER, PASSWORD)
      me = await api(worker, 'GET', '/me')
      assert.ok(me.permissions.dispatch_field_work && me.permissions.scan_samples, `${USER} dispatches and scans`)
      community = await api(worker, 'GET', `/areas/${me.area.id}`)
      grid = (await api(worker, 'GET', `/areas/${community.id}/children`)).items[0]
      const buildings = (await api(worker, 'GET', `/areas/${grid.id}/children`)).items.filter((b) => b.level === 'building')
      assert.ok(buildings.length >= 2, 'the grid has two buildings')
      ;[sealed, building] = buildings
      residents = (await api(worker, 'GET', `/residents?area=${building.id}&limit=${POOL}`)).items
      assert.equal(residents.length, POOL)
    })
    // the manager in a browser context of its own (its own session cookie)
    const office = await newContext({ width: 1280, height: 860 })
    const boss = await office.open()
    try {
      await loginAs(boss, MANAGER, MANAGER_PASSWORD)
      const now = Date.now()
      const round = await api(boss, 'POST', '/mass-testing/rounds', {
        name: `e2e 运维 ${stamp}`, kind: 'everyone', tags: [], area_ids: [community.id], starts_at: now - 3600e3, ends_at: now + 86400e3,
        pool_size: POOL, sealed_building_ids: [sealed.id], activate: true,
      })
      roundId = round.id
      assert.equal(round.status, 'active')

      await t.test('sample point: a refusal shown at its field, then created with lanes and crew', async () => {
        await worker.goto(`${BASE}/mass-testing/rounds/${roundId}`)
        await worker.click('[data-test=mt-round-points]')
        await worker.waitForURL(/\/points$/)
        await worker.waitForSelector('[data-test=mt-points-count]') // the round's own (none yet) and any standing ones
        await worker.click('[data-test=mt-point-new]')
        await worker.waitForSelector('[data-test=mt-point-dialog] [data-test=mt-point-name]')
        await pickArea(worker, '[data-test=mt-point-area]', [community.name])
        await worker.click('[data-test=mt-point-crew-add]')
        await worker.fill('[data-test=mt-point-crew-duty-0]', '采样')
        await worker.click('[data-test=mt-point-save]')
        // nothing sent: the name and the crew member's name are marked
        await worker.waitForSelector('[data-test=mt-point-error]')
        await worker.waitForSelector('[data-test=mt-point-dialog] .el-form-item.is-error')
        const marked = await worker.$$eval('[data-test=mt-point-dialog] .el-form-item.is-error', (els) => els.map((e) => e.querySelector('input')?.dataset.test || ''))
        assert.deepEqual(marked, ['mt-point-name', 'mt-point-crew-name-0'], 'the name and the crew member\'s name are marked')
        pointName = `e2e 采样点 ${stamp}`
        await worker.fill('[data-test=mt-point-name]', pointName)
        await worker.fill('[data-test=mt-point-place]', '社区广场东侧')
        await worker.fill('[data-test=mt-point-lanes] input', '3')
        await worker.fill('[data-test=mt-point-crew-name-0]', '李医生')
        await shot(worker, 'desktop-mt-point-dialog')
        await worker.click('[data-test=mt-point-save]')
        const card = worker.locator(`[data-test=mt-point][data-name="${pointName}"]`)
        await card.waitFor()
        assert.equal(await card.locator('[data-test=mt-point-lanes-n]').getAttribute('data-n'), '3')
        assert.match(await card.innerText(), /李医生（采样）/)
      })

      await t.test('a building is assigned from the registry tree; its expected people are shown', async () => {
        const card = worker.locator(`[data-test=mt-point][data-name="${pointName}"]`)
        await card.locator('[data-test=mt-point-open]').click()
        await worker.waitForSelector('[data-test=mt-point-drawer] [data-test=mt-point-assign]')
        await pickArea(worker, '[data-test=mt-point-drawer] [data-test=mt-point-assign]', [community.name, grid.name, building.name])
        const cell = worker.locator(`[data-test=mt-point-building-expected][data-building-id="${building.id}"]`)
        await cell.waitFor()
        const cov = await api(worker, 'GET', `/mass-testing/rounds/${roundId}/coverage?area=${building.id}&limit=1`)
        await worker.waitForFunction(([sel, n]) => document.querySelector(sel)?.textContent.trim() === n,
          [`[data-test=mt-point-building-expected][data-building-id="${building.id}"]`, cov.area.expected.toLocaleString()])
        assert.ok(cov.area.expected > 0)
        await worker.waitForSelector(`[data-test=mt-point-expected][data-n="${cov.area.expected}"]`)
        await shot(worker, 'desktop-mt-point-buildings')
        await worker.keyboard.press('Escape')
        await card.locator('[data-test=mt-point-buildings-n][data-n="1"]').waitFor()
      })

      await t.test('an edit that lost a race to another is said so, and saved on the new version', async () => {
        const card = worker.locator(`[data-test=mt-point][data-name="${pointName}"]`)
        const id = await card.getAttribute('data-point-id')
        await card.locator('[data-test=mt-point-edit]').click()
        await worker.waitForSelector('[data-test=mt-point-dialog] [data-test=mt-point-name]')
        await worker.fill('[data-test=mt-point-lanes] input', '4')
        // meanwhile someone else renames the point
        const p = await api(boss, 'GET', `/mass-testing/sample-points/${id}`)
        await api(boss, 'PATCH', `/mass-testing/sample-points/${id}`, { version: p.version, place: '社区广场西侧' })
        await worker.click('[data-test=mt-point-save]')
        await worker.waitForSelector('[data-test=mt-point-error]')
        await worker.click('[data-test=mt-point-save]') // the same edit, on the version now stored
        await card.locator('[data-test=mt-point-lanes-n][data-n="4"]').waitFor()
        const now = await api(boss, 'GET', `/mass-testing/sample-points/${id}`)
        assert.equal(now.place, '社区广场西侧', 'the other edit is kept')
        assert.equal(now.lanes, 4)
      })

      await t.test('a field team is made with the worker in it, another member picked from the community\'s staff', async () => {
        await worker.goto(`${BASE}/mass-testing/teams`)
        await worker.click('[data-test=mt-team-new]')
        await worker.fill('[data-test=mt-team-name]', `e2e 上门一组 ${stamp}`)
        // no name yet: refused in the form, nothing sent
        await worker.fill('[data-test=mt-team-name]', '')
        await worker.click('[data-test=mt-team-save]')
        await worker.waitForSelector('[data-test=mt-team-dialog] .el-form-item.is-error')
        await worker.fill('[data-test=mt-team-name]', `e2e 上门一组 ${stamp}`)
        // the picker offers the community's staff, the worker already picked
        await worker.click('[data-test=mt-team-members]')
        await worker.locator(`[data-test=mt-team-candidate][data-user-id="${me.id}"]`).waitFor()
        await worker.click('[data-test=mt-team-name]') // closes the list, not the dialog
        await worker.click('[data-test=mt-team-save]')
        const card = worker.locator(`[data-test=mt-team][data-name="e2e 上门一组 ${stamp}"]`)
        await card.waitFor()
        team = Number(await card.getAttribute('data-team-id'))
        await card.locator(`[data-test=mt-team-member][data-user-id="${me.id}"]`).waitFor()
        // the team's own picker offers the others (not the worker, a member already)
        await card.locator('[data-test=mt-team-add-id]').click()
        const option = worker.locator('.el-select-dropdown:visible [data-test=mt-team-add-option]').first()
        await option.waitFor()
        const other = Number(await option.getAttribute('data-user-id'))
        assert.notEqual(other, me.id)
        await option.click()
        await card.locator('[data-test=mt-team-add]').click()
        await card.locator(`[data-test=mt-team-member][data-user-id="${other}"]`).waitFor()
      })

      await t.test('door tasks are generated (how many, why) and one is assigned to the team', async () => {
        await worker.goto(`${BASE}/mass-testing/rounds/${roundId}/dispatch`)
        await worker.click('[data-test=mt-generate-go]')
        const result = worker.locator('[data-test=mt-generate-result]')
        await result.waitFor()
        const person = Number(await result.getAttribute('data-person'))
        const household = Number(await result.getAttribute('data-household'))
        assert.equal(Number(await result.getAttribute('data-created')), person + household)
        assert.ok(household > 0, 'the sealed building\'s households have tasks')
        await worker.waitForSelector('[data-test=mt-dispatch-row]')
        const rows = await worker.$$eval('[data-test=mt-dispatch-row]', (els) => els.map((e) => ({ id: e.dataset.taskId, reason: e.dataset.reason })))
        assert.ok(rows.some((r) => r.reason === 'sealed'))
        // generating again makes nothing new
        await worker.click('[data-test=mt-generate-go]')
        await worker.waitForSelector('[data-test=mt-generate-result][data-created="0"]')
        await worker.locator('[data-test=mt-dispatch-table] .el-table__body .el-checkbox').first().click()
        await worker.click('[data-test=mt-assign-team]')
        await worker.click(`[data-test=mt-assign-team-${team}]`)
        await worker.click('[data-test=mt-assign-selected]')
        await worker.waitForSelector(`[data-test=mt-dispatch-row][data-task-id="${rows[0].id}"][data-team="${team}"]`)
        await shot(worker, 'desktop-mt-dispatch')
      })

      await t.test('a positive pool makes re-test tasks, listed per round with status filters', async () => {
        await api(worker, 'POST', `/mass-testing/rounds/${roundId}/tubes`, { code: poolTube })
        for (const r of residents) {
          const s = await api(worker, 'POST', `/mass-testing/rounds/${roundId}/scans`, { client_id: randomUUID(), tube: poolTube, resident_id: r.id })
          assert.equal(s.outcome, 'accepted')
        }
        const lab = await api(boss, 'POST', `/mass-testing/rounds/${roundId}/lab-results`, { items: [{ tube: poolTube, result: 'positive' }] })
        assert.equal(lab.retest_tasks, POOL)
        await worker.goto(`${BASE}/mass-testing/rounds/${roundId}`)
        await worker.click('[data-test=mt-round-retests]')
        await worker.waitForURL(/\/retests/)
        await worker.waitForSelector(`[data-test=mt-retests-table][data-n="${POOL}"]`)
        await worker.click('[data-test=mt-retests-status-sampled]')
        await worker.waitForSelector('[data-test=mt-retests-table][data-n="0"]')
      })
    } finally {
      await office.context.close()
    }

    await t.test('the phone samples a re-test: wrong person and used tube refused at their field, new tube accepted', async () => {
      await loginAs(sampler, USER, PASSWORD)
      await sampler.goto(`${BASE}/mass-testing/retest?round=${roundId}`)
      await sampler.waitForSelector(`[data-test=mt-retest-count][data-n="${POOL}"]`)
      const first = sampler.locator('[data-test=mt-retest-task]').first()
      const taskId = await first.getAttribute('data-task-id')
      const tasks = (await api(sampler, 'GET', `/mass-testing/rounds/${roundId}/retest-tasks?status=pending&limit=50`)).items
      const task = tasks.find((x) => String(x.id) === taskId)
      const other = tasks.find((x) => x.resident_id !== task.resident_id)
      await first.click()
      await sampler.waitForSelector(`[data-test=mt-retest-current][data-task-id="${taskId}"]`)
      await sampler.waitForFunction(() => document.activeElement?.dataset.test === 'mt-retest-input')
      await scan(sampler, residentCode(other.resident_id))
      await sampler.waitForSelector('[data-test=mt-retest-verdict][data-kind=refused][data-field=person]')
      await sampler.waitForSelector('[data-test=mt-flash][data-kind=refused]')
      await scan(sampler, residentCode(task.resident_id))
      await sampler.waitForSelector('[data-test=mt-retest-input][data-step=tube]')
      await scan(sampler, poolTube) // already used: the server refuses it, naming the tube
      await sampler.waitForSelector('[data-test=mt-retest-verdict][data-kind=refused][data-field=tube]')
      await shot(sampler, 'phone-mt-retest-refused')
      await scan(sampler, retestTube)
      await sampler.waitForSelector('[data-test=mt-retest-verdict][data-kind=ok]')
      await sampler.waitForSelector('[data-test=mt-flash][data-kind=ok]')
      await sampler.waitForSelector(`[data-test=mt-retest-current][data-status=sampled]`)
      await shot(sampler, 'phone-mt-retest-ok')
      const overflow = await sampler.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 1, 'no horizontal scrolling on a phone')
      await sampler.click('[data-test=mt-retest-next]')
      await sampler.waitForSelector(`[data-test=mt-retest-count][data-n="${POOL - 1}"]`)
    })

    await t.test('the desk list shows it sampled, with its new tube', async () => {
      await worker.reload()
      await worker.waitForSelector('[data-test=mt-retests-table][data-n="1"]')
      await worker.waitForSelector('[data-test=mt-retest-row][data-status=sampled]')
      assert.match(await worker.innerText('[data-test=mt-retests-table]'), new RegExp(retestTube))
      await shot(worker, 'desktop-mt-retests')
    })

    assert.deepEqual([...desk.errors, ...phone.errors], [], 'no uncaught page errors')
  } finally {
    await desk.context.close()
    await phone.context.close()
  }
})
