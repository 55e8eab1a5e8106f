import { describe, it, expect } from 'vitest'
import { fakeServer } from './masstest-fake-server.js'
import {
  ScanQueue, SendError, failureKind, batchErrorIndex, tubeAfter, MAX_BATCH, BACKOFF_MS, STORAGE_KEY,
} from '../../src/lib/masstest-queue.js'

function storage() {
  const m = new Map()
  return {
    map: m,
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => { m.set(k, String(v)) },
    removeItem: (k) => { m.delete(k) },
  }
}

function manualTimers() {
  const timers = []
  return {
    timers,
    setTimer: (fn, ms) => { const h = { fn, ms }; timers.push(h); return h },
    clearTimer: (h) => { const i = timers.indexOf(h); if (i >= 0) timers.splice(i, 1) },
  }
}

const scan = (n, tube = 'T1', round = 7) => ({ op: 'scan', round_id: round, tube, client_id: `c${n}`, resident_code: `P${n}`, scanned_at: 1000 + n })

describe('failure kinds', () => {
  it('retries network and server trouble, waits after 401, drops refused requests', () => {
    for (const s of [0, 408, 429, 500, 502, 503, 504]) expect(failureKind(s)).toBe('retry')
    expect(failureKind(401)).toBe('auth')
    for (const s of [400, 403, 404, 413]) expect(failureKind(s)).toBe('reject')
    expect(batchErrorIndex('items[12].tube')).toBe(12)
    expect(batchErrorIndex('items')).toBeNull()
  })
})

describe('ScanQueue', () => {
  it('persists every operation before sending and survives a reload', () => {
    const st = storage()
    const q = new ScanQueue({ send: async () => [], storage: st })
    q.add({ op: 'open', round_id: 7, tube: 'T1' })
    q.add(scan(1))
    const saved = JSON.parse(st.map.get(STORAGE_KEY))
    expect(saved.map((o) => o.op)).toEqual(['open', 'scan'])
    expect(saved[1]).toMatchObject({ qid: 'c1', client_id: 'c1', resident_code: 'P1', attempts: 0 })
    const again = new ScanQueue({ send: async () => [], storage: st })
    expect(again.items().length).toBe(2)
    expect(again.pendingScans(7)).toBe(1)
    expect(again.pendingScans(8)).toBe(0)
  })

  it('refuses malformed operations and keeps one entry per client id', () => {
    const q = new ScanQueue({ send: async () => [] })
    expect(() => q.add({ op: 'scan', round_id: 7, tube: 'T1' })).toThrow(/client_id/)
    expect(() => q.add({ op: 'jump', round_id: 7, tube: 'T1' })).toThrow()
    expect(() => q.add({ op: 'open', tube: 'T1' })).toThrow(/round_id/)
    q.add(scan(1))
    q.add(scan(1))
    expect(q.items().length).toBe(1)
  })

  it('sends in order, groups by round, and empties storage', async () => {
    const st = storage()
    const srv = fakeServer()
    const q = new ScanQueue({ send: srv.send, storage: st })
    const results = []
    q.subscribe((e) => e.type === 'result' && results.push(e.result))
    q.add({ op: 'open', round_id: 7, tube: 'T1' })
    q.add(scan(1))
    q.add(scan(2))
    q.add({ op: 'open', round_id: 8, tube: 'U1' })
    const r = await q.flush()
    expect(r).toEqual({ sent: 4, left: 0, error: null })
    expect(srv.calls.map((c) => [c.roundId, c.ops.map((o) => o.op)])).toEqual([[7, ['open', 'scan', 'scan']], [8, ['open']]])
    expect(results.map((x) => x.outcome)).toEqual(['accepted', 'accepted', 'accepted', 'accepted'])
    expect(st.map.has(STORAGE_KEY)).toBe(false)
  })

  it('caps a batch at MAX_BATCH operations', async () => {
    const srv = fakeServer({ capacity: 1000 })
    const q = new ScanQueue({ send: srv.send })
    q.add({ op: 'open', round_id: 7, tube: 'T1' })
    for (let i = 0; i < 250; i++) q.add(scan(i))
    await q.flush()
    expect(srv.calls.map((c) => c.ops.length)).toEqual([MAX_BATCH, MAX_BATCH, 51])
    expect(srv.tubes.get('T1').scan_count).toBe(250)
  })

  it('keeps everything while offline, retries with back-off, and never counts twice', async () => {
    const srv = fakeServer({ capacity: 10 })
    const timers = manualTimers()
    const q = new ScanQueue({ send: srv.send, ...timers })
    const states = []
    q.subscribe((e) => e.type === 'state' && states.push(e.state))
    srv.down = true
    q.add({ op: 'open', round_id: 7, tube: 'T1' })
    for (let i = 1; i <= 4; i++) q.add(scan(i))
    let r = await q.flush()
    expect(r.sent).toBe(0)
    expect(r.left).toBe(5)
    expect(r.error.kind).toBe('retry')
    expect(states.at(-1)).toBe('offline')
    expect(timers.timers.map((t) => t.ms)).toEqual([BACKOFF_MS[0]])
    r = await q.flush() // a new scan triggers a flush: fails again, waits longer
    expect(timers.timers.map((t) => t.ms)).toEqual([BACKOFF_MS[1]])
    expect(q.items()[1].attempts).toBe(2)

    // the network comes back, but the first answer is lost after the server applied the batch
    srv.down = false
    srv.lose = 1
    r = await q.flush()
    expect(r.left).toBe(5)
    expect(srv.tubes.get('T1').scan_count).toBe(4) // applied once
    await timers.timers[0].fn() // the scheduled retry resends the same client ids
    await q.flushing
    expect(q.items()).toEqual([])
    expect(srv.tubes.get('T1').scan_count).toBe(4) // still 4: the retry was a replay
    expect(srv.calls.at(-1).ops.map((o) => o.client_id)).toEqual([undefined, 'c1', 'c2', 'c3', 'c4'])
    expect(states.at(-1)).toBe('idle')
  })

  it('backs off up to the last step', () => {
    const q = new ScanQueue({ send: async () => [] })
    const seen = []
    for (let f = 1; f <= BACKOFF_MS.length + 3; f++) { q.failures = f; seen.push(q.backoff()) }
    expect(seen.slice(0, BACKOFF_MS.length)).toEqual(BACKOFF_MS)
    expect(seen.at(-1)).toBe(BACKOFF_MS.at(-1))
  })

  it('sends again at once when the browser comes back online while a send is still out', async () => {
    const srv = fakeServer()
    const timers = manualTimers()
    let release
    let offline = true
    const send = (round, ops) => (offline
      ? new Promise((resolve, reject) => { release = () => reject(new SendError(0, 'offline')) }) // hangs until it fails
      : srv.send(round, ops))
    const q = new ScanQueue({ send, ...timers })
    q.add({ op: 'open', round_id: 7, tube: 'T1' })
    q.add(scan(1))
    const first = q.flush() // goes out while the network is down, and hangs
    offline = false
    const resumed = q.resume() // the 'online' event: the send above is still out
    release() // ... and only now fails
    await first
    await resumed
    // not a backoff: a retry at once, which sends everything
    expect(timers.timers.map((t) => t.ms)).toEqual([0])
    await timers.timers[0].fn()
    await q.flushing
    expect(q.items()).toEqual([])
    expect(srv.tubes.get('T1').scan_count).toBe(1)
    expect(q.failures).toBe(0)
  })

  it('pauses on 401 and goes on after resume()', async () => {
    let status = 401
    const srv = fakeServer()
    const send = async (round, ops) => { if (status) throw new SendError(status, 'login'); return srv.send(round, ops) }
    const q = new ScanQueue({ send })
    q.add({ op: 'open', round_id: 7, tube: 'T1' })
    let r = await q.flush()
    expect(r.error.kind).toBe('auth')
    expect(q.paused).toBe(true)
    status = 0
    r = await q.flush()
    expect(r.sent).toBe(0) // still paused: nothing sent
    status = null
    r = await q.resume()
    expect(r).toMatchObject({ sent: 1, left: 0 })
  })

  it('drops the one item a batch was rejected for and sends the rest', async () => {
    const srv = fakeServer()
    let first = true
    const send = async (round, ops) => {
      if (first) { first = false; throw new SendError(400, 'items[1].client_id: bad', 1) }
      return srv.send(round, ops)
    }
    const q = new ScanQueue({ send })
    const results = []
    q.subscribe((e) => e.type === 'result' && results.push([e.op.qid, e.result.outcome, e.result.message]))
    const open = q.add({ op: 'open', round_id: 7, tube: 'T1' })
    q.add(scan(1))
    q.add(scan(2))
    const r = await q.flush()
    expect(r).toMatchObject({ sent: 2, left: 0 })
    expect(results).toEqual([['c1', 'failed', 'items[1].client_id: bad'], [open.qid, 'accepted', undefined], ['c2', 'accepted', undefined]])
  })

  it('drops a whole group the server will never take (403/404)', async () => {
    const q = new ScanQueue({ send: async () => { throw new SendError(404, 'no such round') } })
    const failed = []
    q.subscribe((e) => e.type === 'result' && failed.push(e.result.outcome))
    q.add(scan(1))
    q.add(scan(2))
    expect(await q.flush()).toMatchObject({ sent: 0, left: 0 })
    expect(failed).toEqual(['failed', 'failed'])
  })

  it('runs one flush at a time', async () => {
    const srv = fakeServer()
    let calls = 0
    const q = new ScanQueue({ send: async (r, o) => { calls++; await new Promise((res) => setTimeout(res, 5)); return srv.send(r, o) } })
    q.add({ op: 'open', round_id: 7, tube: 'T1' })
    const [a, b] = [q.flush(), q.flush()]
    expect(a).toBe(b)
    await a
    expect(calls).toBe(1)
  })

  it('takes operations added while a send is in flight in the same flush', async () => {
    const srv = fakeServer()
    let q
    const send = async (r, ops) => {
      if (ops[0].op === 'open') q.add(scan(1)) // the sampler scans while the tube opens
      return srv.send(r, ops)
    }
    q = new ScanQueue({ send })
    q.add({ op: 'open', round_id: 7, tube: 'T1' })
    expect(await q.flush()).toMatchObject({ sent: 2, left: 0 })
    expect(srv.calls.map((c) => c.ops.map((o) => o.op))).toEqual([['open'], ['scan']])
  })

  it('treats an answer of the wrong length as a server fault and keeps the operations', async () => {
    const timers = manualTimers()
    const q = new ScanQueue({ send: async () => [], ...timers })
    q.add(scan(1))
    const r = await q.flush()
    expect(r.left).toBe(1)
    expect(r.error.kind).toBe('retry')
  })

  it('survives unreadable storage', () => {
    const st = storage()
    st.setItem(STORAGE_KEY, '{not json')
    expect(new ScanQueue({ send: async () => [], storage: st }).items()).toEqual([])
    const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceeded') }, removeItem: () => {} }
    const q = new ScanQueue({ send: async () => [], storage: full })
    let persisted
    q.subscribe((e) => { if (e.type === 'change') persisted = e.persisted })
    q.add(scan(1))
    expect(persisted).toBe(false)
    expect(q.items().length).toBe(1)
  })
})

describe('tubeAfter', () => {
  it('takes the server tube for the current code only', () => {
    const t = { code: 'T1', capacity: 10, scan_count: 3, status: 'open' }
    expect(tubeAfter(t, { tube: { code: 'T1', capacity: 10, scan_count: 4, status: 'open' } }).scan_count).toBe(4)
    expect(tubeAfter(t, { tube: { code: 'T2', scan_count: 9 } })).toBe(t)
    expect(tubeAfter(t, { tube: null })).toBe(t)
    expect(tubeAfter(null, { tube: { code: 'T2', scan_count: 1 } })).toMatchObject({ code: 'T2' })
  })
})
