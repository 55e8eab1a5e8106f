import { describe, it, expect } from 'vitest'
import { sendOps, wireOp } from '../../src/lib/masstest-api.js'
import { SendError } from '../../src/lib/masstest-queue.js'

function fakeFetch(answer) {
  const calls = []
  const fn = async (url, init) => {
    calls.push({ url, body: init.body ? JSON.parse(init.body) : null, method: init.method })
    const a = typeof answer === 'function' ? answer(url, init) : answer
    if (a instanceof Error) throw a
    return {
      status: a.status,
      headers: { get: () => (a.json !== undefined ? 'application/json' : 'text/plain') },
      json: async () => a.json,
    }
  }
  fn.calls = calls
  return fn
}

const scanOp = { qid: 'c1', op: 'scan', round_id: 7, tube: 'T1', client_id: 'c1', resident_code: 'WG1', scanned_at: 5, queued_at: 1, attempts: 2, id_number: '' }

describe('wireOp', () => {
  it('sends only what the server takes', () => {
    expect(wireOp(scanOp)).toEqual({ op: 'scan', tube: 'T1', client_id: 'c1', resident_code: 'WG1', scanned_at: 5 })
    expect(wireOp({ qid: 'x', op: 'open', round_id: 7, tube: 'T1', point_id: 3 })).toEqual({ op: 'open', tube: 'T1', point_id: 3 })
    expect(wireOp({ qid: 'x', op: 'close', round_id: 7, tube: 'T1' })).toEqual({ op: 'close', tube: 'T1' })
  })
})

describe('sendOps', () => {
  it('posts one scan to the single endpoint and returns accepted and refused answers alike', async () => {
    const ok = fakeFetch({ status: 201, json: { client_id: 'c1', outcome: 'accepted', tube: { code: 'T1', scan_count: 1 } } })
    expect(await sendOps(7, [scanOp], ok)).toEqual([{ op: 'scan', client_id: 'c1', outcome: 'accepted', tube: { code: 'T1', scan_count: 1 } }])
    expect(ok.calls[0].url).toBe('/api/v1/mass-testing/rounds/7/scans')
    expect(ok.calls[0].body).toEqual({ tube: 'T1', client_id: 'c1', resident_code: 'WG1', scanned_at: 5 })
    const refused = fakeFetch({ status: 409, json: { outcome: 'refused', reason: 'tube_full', message: '采样管已满', error: { code: 'failed_precondition' } } })
    const [r] = await sendOps(7, [scanOp], refused)
    expect(r).toMatchObject({ op: 'scan', outcome: 'refused', reason: 'tube_full', message: '采样管已满' })
  })

  it('opens and closes tubes through their endpoints', async () => {
    const f = fakeFetch((url) => ({ status: url.endsWith('/close') ? 200 : 201, json: { code: 'T1', status: url.endsWith('/close') ? 'closed' : 'open' } }))
    const [opened] = await sendOps(7, [{ op: 'open', tube: 'T 1' }], f)
    const [closed] = await sendOps(7, [{ op: 'close', tube: 'T 1' }], f)
    expect(f.calls.map((c) => c.url)).toEqual(['/api/v1/mass-testing/rounds/7/tubes', '/api/v1/mass-testing/rounds/7/tubes/T%201/close'])
    expect(f.calls[0].body).toEqual({ code: 'T 1' })
    expect(opened).toEqual({ op: 'open', outcome: 'accepted', tube: { code: 'T1', status: 'open' } })
    expect(closed.tube.status).toBe('closed')
    const refused = fakeFetch({ status: 409, json: { outcome: 'refused', reason: 'tube_other_round', message: '另一轮次的采样管' } })
    expect((await sendOps(7, [{ op: 'open', tube: 'T9' }], refused))[0]).toMatchObject({ op: 'open', outcome: 'refused', reason: 'tube_other_round' })
  })

  it('posts several operations as one batch', async () => {
    const f = fakeFetch({ status: 200, json: { items: [{ op: 'open', outcome: 'accepted' }, { op: 'scan', outcome: 'accepted' }], accepted: 2 } })
    const r = await sendOps(7, [{ op: 'open', tube: 'T1' }, scanOp], f)
    expect(r.length).toBe(2)
    expect(f.calls[0].url).toBe('/api/v1/mass-testing/rounds/7/scans/batch')
    expect(f.calls[0].body.items[1]).toEqual({ op: 'scan', tube: 'T1', client_id: 'c1', resident_code: 'WG1', scanned_at: 5 })
  })

  it('turns failures into what the queue acts on', async () => {
    const kind = async (fetchFn, ops = [scanOp, scanOp]) => {
      try { await sendOps(7, ops, fetchFn) } catch (e) { expect(e).toBeInstanceOf(SendError); return [e.kind, e.index, e.message] }
      return null
    }
    expect(await kind(fakeFetch(new TypeError('Failed to fetch')))).toEqual(['retry', null, 'HTTP 0'])
    expect(await kind(fakeFetch({ status: 503 }))).toEqual(['retry', null, 'HTTP 503'])
    expect(await kind(fakeFetch({ status: 401, json: { error: { code: 'unauthenticated' } } }))).toEqual(['auth', null, 'HTTP 401'])
    expect(await kind(fakeFetch({ status: 400, json: { error: { code: 'invalid_argument', message: 'bad id', field: 'items[1].client_id' } } })))
      .toEqual(['reject', 1, 'bad id'])
    expect(await kind(fakeFetch({ status: 404, json: { error: { code: 'not_found', message: 'round' } } }), [scanOp])).toEqual(['reject', null, 'round'])
  })
})
