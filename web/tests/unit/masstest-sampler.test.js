import { describe, it, expect } from 'vitest'
import { fakeServer } from './masstest-fake-server.js'
import { ScanQueue } from '../../src/lib/masstest-queue.js'
import { SamplerSession } from '../../src/lib/masstest-sampler.js'
import { residentCode, idNumberCheckChar } from '../../src/lib/masstest.js'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'

const NOW = new Date(2022, 3, 16, 9).getTime()

function setup({ capacity = 3, poolSize = 3, waitMs = 50 } = {}) {
  const srv = fakeServer({ capacity })
  const timers = []
  const queue = new ScanQueue({
    send: srv.send,
    setTimer: (fn, ms) => { const h = { fn, ms }; timers.push(h); return h },
    clearTimer: (h) => { const i = timers.indexOf(h); if (i >= 0) timers.splice(i, 1) },
  })
  let n = 0
  const session = new SamplerSession({
    queue, roundId: 7, poolSize, now: () => NOW, newId: () => `cid-${++n}`, waitMs,
    setTimer: (fn, ms) => setTimeout(fn, ms), clearTimer: (h) => clearTimeout(h),
  })
  return { srv, queue, session, timers }
}

const person = (id) => residentCode(id)
const idNumber = (seq) => {
  const body = `21070219800115${String(seq).padStart(3, '0')}`
  return body + idNumberCheckChar(body)
}

function get(obj, key) {
  return key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj)
}

describe('SamplerSession', () => {
  it('opens a tube, fills it to 3/3 and asks for the next one', async () => {
    const { session, srv } = setup()
    expect(await session.input('')).toBeNull()
    expect(await session.input(person(1))).toMatchObject({ kind: 'refused', key: 'mt.local.scanTubeFirst', sound: 'refused' })
    expect(await session.input('T1\r\n')).toMatchObject({ kind: 'ok', key: 'mt.sampler.tubeOpened', sound: 'ok' })
    expect(session.fill()).toEqual({ count: 0, capacity: 3 })
    expect(await session.input(person(1))).toMatchObject({ kind: 'ok', key: 'mt.sampler.accepted', params: { name: `居民${person(1)}`, seq: 1 } })
    expect(await session.input(idNumber(2))).toMatchObject({ kind: 'ok', params: { seq: 2 } })
    expect(session.fill()).toEqual({ count: 2, capacity: 3 })
    const last = await session.input(person(3))
    expect(last).toMatchObject({ kind: 'ok', key: 'mt.sampler.acceptedFull', sound: 'full', advanced: true })
    expect(session.tube).toBeNull()
    expect(srv.tubes.get('T1').scan_count).toBe(3)
    expect(srv.calls.at(-2).ops[0]).toMatchObject({ op: 'scan', id_number: idNumber(2), client_id: 'cid-2', scanned_at: NOW })
    expect(session.recent.map((r) => r.state)).toEqual(['accepted', 'accepted', 'accepted'])
    expect(session.recent[1].label).toBe(`210702********${idNumber(2).slice(-4)}`)
  })

  it('refuses a mistyped ID number and a misread code without asking the server', async () => {
    const { session, srv } = setup()
    await session.input('T1')
    const calls = srv.calls.length
    const bad = idNumber(5).slice(0, 17) + (idNumber(5).endsWith('1') ? '2' : '1')
    const v = await session.input(bad)
    expect(v).toMatchObject({ kind: 'refused', key: 'mt.idCheck.check', local: true })
    expect(v.params.expected).toBe(idNumber(5)[17])
    const misread = person(9).slice(0, -1) + (person(9).endsWith('0') ? '1' : '0')
    expect(await session.input(misread)).toMatchObject({ kind: 'refused', key: 'mt.local.badResidentCode' })
    expect(srv.calls.length).toBe(calls)
    // ten digits are not an ID number: a numeric tube barcode, which seals T1 and opens it
    expect(await session.input('2107021980')).toMatchObject({ kind: 'ok', key: 'mt.sampler.tubeOpened', params: { code: '2107021980', prev: 'T1' } })
    expect(srv.calls.slice(calls).map((c) => c.ops.map((o) => o.op))).toEqual([['close', 'open']])
  })

  it('shows the server refusal and its message', async () => {
    const { session } = setup({ capacity: 5, poolSize: 5 })
    await session.input('T1')
    await session.input(person(1))
    await session.input('T2') // T1 is sealed, T2 opened
    expect(session.tube.code).toBe('T2')
    const v = await session.input(person(1))
    expect(v).toMatchObject({ kind: 'refused', reason: 'already_sampled', message: '本轮已采样', key: 'mt.refusals.already_sampled' })
    expect(session.fill()).toEqual({ count: 0, capacity: 5 })
  })

  it('refuses the same code twice in a row in one tube (a double read)', async () => {
    const { session, srv } = setup({ capacity: 5, poolSize: 5 })
    await session.input('T1')
    await session.input(person(1))
    const calls = srv.calls.length
    expect(await session.input(person(1))).toMatchObject({ kind: 'refused', key: 'mt.local.duplicate' })
    expect(srv.calls.length).toBe(calls)
  })

  it('keeps scanning offline, counts the fill locally, advances when full, and syncs later', async () => {
    const { session, srv, queue } = setup()
    srv.down = true
    expect(await session.input('T1')).toMatchObject({ kind: 'queued', key: 'mt.sampler.tubeQueued' })
    expect(await session.input(person(1))).toMatchObject({ kind: 'queued', key: 'mt.sampler.queued', sound: 'queued' })
    expect(session.fill()).toEqual({ count: 1, capacity: 3 })
    await session.input(person(2))
    expect(await session.input(person(3))).toMatchObject({ kind: 'queued', key: 'mt.sampler.queuedFull', sound: 'full', advanced: true })
    expect(session.tube).toBeNull()
    expect(await session.input(person(4))).toMatchObject({ key: 'mt.local.scanTubeFirst' })
    await session.input('T2')
    await session.input(person(1)) // the same person again: the server will refuse it on sync
    expect(queue.pendingScans(7)).toBe(4)
    expect(session.recent.filter((r) => r.state === 'queued').length).toBe(4)

    srv.down = false
    await queue.resume()
    expect(queue.pendingScans(7)).toBe(0)
    expect(srv.tubes.get('T1').scan_count).toBe(3)
    expect(srv.tubes.get('T2').scan_count).toBe(0)
    expect(session.recent.map((r) => r.state)).toEqual(['refused', 'accepted', 'accepted', 'accepted'])
    expect(session.late).toEqual([{ qid: 'cid-4', label: person(1), tube: 'T2', reason: 'already_sampled', message: '本轮已采样' }])
    expect(session.fill()).toEqual({ count: 0, capacity: 3 })
  })

  it('a tube restored after a reload counts its scans still queued', async () => {
    const { session, srv, queue } = setup({ capacity: 10, poolSize: 10 })
    srv.down = true
    await session.input('T1')
    await session.input(person(1))
    await session.input(person(2))
    session.dispose()
    const again = new SamplerSession({ queue, roundId: 7, poolSize: 10, tube: { code: 'T1', capacity: 10, scan_count: 0 }, waitMs: 50 })
    expect(again.fill()).toEqual({ count: 2, capacity: 10 })
    srv.down = false
    await queue.resume()
    expect(again.fill()).toEqual({ count: 2, capacity: 10 })
    expect(again.tube.pending).toBe(0)
  })

  it('a retried sync never counts twice', async () => {
    const { session, srv, queue } = setup({ capacity: 10, poolSize: 10 })
    srv.down = true
    await session.input('T1')
    for (let i = 1; i <= 5; i++) await session.input(person(i))
    srv.down = false
    srv.lose = 1 // the batch is applied, its answer lost
    await queue.resume()
    expect(queue.pendingScans(7)).toBe(5)
    await queue.resume()
    expect(queue.pendingScans(7)).toBe(0)
    expect(srv.tubes.get('T1').scan_count).toBe(5)
    expect(session.late).toEqual([])
  })

  it('seals a tube early and refuses a closed one when reopened', async () => {
    const { session, srv } = setup({ capacity: 5, poolSize: 5 })
    await session.input('T1')
    await session.input(person(1))
    expect(await session.closeTube()).toMatchObject({ kind: 'info', key: 'mt.sampler.closedTube' })
    await Promise.resolve()
    await new Promise((r) => setTimeout(r, 0))
    expect(srv.tubes.get('T1').status).toBe('closed')
    expect(await session.input('T1')).toMatchObject({ kind: 'refused', key: 'mt.refusals.tube_closed' })
    expect(session.tube).toBeNull()
  })

  it('takes the household-tube capacity the server answers', async () => {
    const { session, srv, queue } = setup({ capacity: 10, poolSize: 10 })
    await session.input('T1')
    const send = srv.send
    queue.send = async (r, ops) => (await send(r, ops)).map((x) => (x.op === 'scan' && x.tube ? { ...x, tube: { ...x.tube, kind: 'household', capacity: 2 } } : x))
    await session.input(person(1))
    expect(session.fill()).toEqual({ count: 1, capacity: 2 })
    expect(session.tube.kind).toBe('household')
  })

  it('samples a known resident by id (door to door) and returns the client id', async () => {
    const { session, srv } = setup({ capacity: 5, poolSize: 5 })
    expect(await session.scanResident(42, '王*英')).toMatchObject({ key: 'mt.local.scanTubeFirst' })
    await session.input('T1')
    const v = await session.scanResident(42, '王*英')
    expect(v).toMatchObject({ kind: 'ok', clientId: 'cid-1' })
    expect(srv.calls.at(-1).ops[0]).toMatchObject({ op: 'scan', resident_id: 42, client_id: 'cid-1' })
    expect(session.recent[0]).toMatchObject({ label: '王*英', state: 'accepted' })
    expect(await session.scanResident(42, '王*英')).toMatchObject({ kind: 'refused', key: 'mt.local.duplicate' })
    await expect(session.scanResident('x')).rejects.toThrow(RangeError)
  })

  it('has every text it uses in both languages', async () => {
    const keys = ['mt.local.badResidentCode', 'mt.local.tubeTooLong', 'mt.local.tubeChars', 'mt.local.sameTube', 'mt.local.scanTubeFirst',
      'mt.local.tubeFullNext', 'mt.local.duplicate', 'mt.sampler.closedTube', 'mt.sampler.tubeQueued', 'mt.sampler.tubeOpened',
      'mt.sampler.tubeReopened', 'mt.sampler.queued', 'mt.sampler.queuedFull', 'mt.sampler.accepted', 'mt.sampler.acceptedFull', 'mt.refusals.unknown']
    for (const k of keys) {
      expect(get(zhCN, k), k).toBeTruthy()
      expect(get(en, k), k).toBeTruthy()
    }
  })
})
