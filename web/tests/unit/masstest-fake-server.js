// A fake mass-testing server for the unit tests of the sampler's queue and session: the contract's
// idempotency (scans kept by client id, tubes opened and closed by code), pool capacity, one sample
// per person. `down` fails every send like a dropped network; `lose` applies a send and loses the answer.
import { SendError } from '../../src/lib/masstest-queue.js'

/**
 * A fake server with the contract's idempotency: scans kept by client id, tubes by code. `down`
 * makes every send fail like a dropped network; `lose` accepts a send but loses the answer.
 */
export function fakeServer({ capacity = 3 } = {}) {
  const s = { down: false, lose: 0, calls: [], tubes: new Map(), scans: new Map(), people: new Map() }
  s.send = async (roundId, ops) => {
    s.calls.push({ roundId, ops: ops.map((o) => ({ ...o })) })
    if (s.down) throw new SendError(0, '')
    const results = ops.map((o) => {
      if (o.op === 'open') {
        if (!s.tubes.has(o.tube)) s.tubes.set(o.tube, { code: o.tube, capacity, scan_count: 0, status: 'open' })
        return { op: 'open', outcome: 'accepted', tube: { ...s.tubes.get(o.tube) } }
      }
      if (o.op === 'close') {
        const t = s.tubes.get(o.tube)
        if (t) t.status = 'closed'
        return { op: 'close', outcome: 'accepted', tube: t && { ...t } }
      }
      if (s.scans.has(o.client_id)) return { ...s.scans.get(o.client_id), replayed: true }
      const t = s.tubes.get(o.tube)
      const who = o.resident_code || o.id_number
      let r
      if (!t) r = { op: 'scan', client_id: o.client_id, outcome: 'refused', reason: 'unknown_tube' }
      else if (t.scan_count >= t.capacity) r = { op: 'scan', client_id: o.client_id, outcome: 'refused', reason: 'tube_full', tube: { ...t } }
      else if (t.status === 'closed') r = { op: 'scan', client_id: o.client_id, outcome: 'refused', reason: 'tube_closed', message: '采样管已封管', tube: { ...t } }
      else if (s.people.has(who)) r = { op: 'scan', client_id: o.client_id, outcome: 'refused', reason: 'already_sampled', message: '本轮已采样', tube: { ...t } }
      else {
        t.scan_count++
        if (t.scan_count >= t.capacity) t.status = 'closed'
        s.people.set(who, o.client_id)
        r = { op: 'scan', client_id: o.client_id, outcome: 'accepted', tube: { ...t }, tube_seq: t.scan_count, resident: { name: `居民${who}` } }
      }
      s.scans.set(o.client_id, r)
      return { ...r, replayed: false }
    })
    if (s.lose > 0) { s.lose--; throw new SendError(0, '') }
    return results
  }
  return s
}

