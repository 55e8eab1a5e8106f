// The sampler's hot path as plain logic (the page only draws it): what a scanned text means in the
// current state, which operations go into the persistent queue, and what the sampler sees and hears
// — a verdict per scan (ok / refused / queued / info) with a message key or the server's message.
import { classifyScan, idCheckMessage, newClientId } from './masstest.js'
import { maskIdNumber } from './mask.js'

/** How long a scan waits for the server's answer before it counts as kept offline. */
export const ANSWER_WAIT_MS = 4000
export const RECENT_MAX = 30

/**
 * @typedef {{kind: 'ok'|'refused'|'queued'|'info', sound: 'ok'|'refused'|'full'|'queued'|null,
 *   key?: string, params?: object, message?: string, reason?: string, advanced?: boolean}} Verdict
 */

export class SamplerSession {
  /**
   * @param {{queue: import('./masstest-queue.js').ScanQueue, roundId: number|string, poolSize: number,
   *   pointId?: number|null, now?: () => number, newId?: () => string, setTimer?: Function, clearTimer?: Function,
   *   waitMs?: number, onChange?: () => void, tube?: object|null}} opts
   */
  constructor(opts) {
    this.queue = opts.queue
    this.roundId = opts.roundId
    this.poolSize = Number(opts.poolSize) || 10
    this.pointId = opts.pointId || null
    this.now = opts.now || (() => Date.now())
    this.newId = opts.newId || newClientId
    this.setTimer = opts.setTimer || ((fn, ms) => setTimeout(fn, ms))
    this.clearTimer = opts.clearTimer || ((h) => clearTimeout(h))
    this.waitMs = opts.waitMs ?? ANSWER_WAIT_MS
    this.onChange = opts.onChange || (() => {})
    /** The open tube: {code, capacity, scan_count (the server's), kind, status, pending (scans not yet answered)} */
    this.tube = opts.tube ? { ...opts.tube, pending: 0 } : null
    // a tube restored after a reload: its scans still in the queue are on their way
    if (this.tube) this.tube.pending = this.queue.items(this.roundId).filter((o) => o.op === 'scan' && o.tube === this.tube.code).length
    /** Recent scans, newest first: {qid, label, tube, state: 'sending'|'accepted'|'refused'|'queued'|'failed', message, name, seq} */
    this.recent = []
    /** Scans answered with a refusal after the sampler had moved on: to sample again. */
    this.late = []
    this.waiters = new Map()
    this.unsubscribe = this.queue.subscribe((e) => { if (e.type === 'result') this.onResult(e.op, e.result) })
  }

  dispose() {
    this.unsubscribe()
    for (const w of this.waiters.values()) w.done(null)
    this.waiters.clear()
  }

  /** The fill the sampler sees: answered scans plus those on their way. */
  fill() {
    if (!this.tube) return null
    return { count: (Number(this.tube.scan_count) || 0) + (this.tube.pending || 0), capacity: Number(this.tube.capacity) || this.poolSize }
  }

  isFull() {
    const f = this.fill()
    return !!f && (f.count >= f.capacity || this.tube.status === 'closed')
  }

  /**
   * One scan or typed line (Enter). Resolves to the verdict to flash.
   * @param {string} text
   * @returns {Promise<Verdict|null>} null for empty input
   */
  async input(text) {
    const c = classifyScan(text, new Date(this.now()))
    switch (c.kind) {
      case 'empty': return null
      case 'bad_resident_code': return refusedLocal('mt.local.badResidentCode')
      case 'bad_id_number': {
        const m = idCheckMessage(c.check)
        return refusedLocal(m.key, m.params)
      }
      case 'bad_tube': return refusedLocal(c.reason === 'length' ? 'mt.local.tubeTooLong' : 'mt.local.tubeChars')
      case 'tube': return this.openTube(c.value)
      default: return this.scanPerson(c)
    }
  }

  /** Seals the open tube early (fewer people than places). */
  async closeTube() {
    if (!this.tube) return null
    const code = this.tube.code
    this.queue.add({ op: 'close', round_id: this.roundId, tube: code })
    this.tube = null
    this.changed()
    this.queue.flush()
    return { kind: 'info', sound: null, key: 'mt.sampler.closedTube', params: { code } }
  }

  async openTube(code) {
    if (this.tube && this.tube.code === code) {
      return { kind: 'info', sound: null, key: 'mt.local.sameTube', params: { code } }
    }
    let closedPrev = null
    if (this.tube) {
      // a new tube in hand: the one before is sealed, as it is on the table
      closedPrev = this.tube.code
      this.queue.add({ op: 'close', round_id: this.roundId, tube: closedPrev })
    }
    const op = this.queue.add({ op: 'open', round_id: this.roundId, tube: code, ...(this.pointId ? { point_id: this.pointId } : {}) })
    this.tube = { code, capacity: this.poolSize, scan_count: 0, status: 'open', kind: 'pool', pending: 0, confirmed: false }
    this.changed()
    const result = await this.answer(op)
    const prev = closedPrev ? { prev: closedPrev } : {}
    if (!result) {
      return { kind: 'queued', sound: 'queued', key: 'mt.sampler.tubeQueued', params: { code, ...prev } }
    }
    if (result.outcome !== 'accepted') {
      if (this.tube && this.tube.code === code) this.tube = null
      this.changed()
      return { kind: 'refused', sound: 'refused', reason: result.reason, message: result.message, key: refusalKey(result) }
    }
    const t = result.tube || {}
    if (t.status === 'closed' || (t.capacity && t.scan_count >= t.capacity)) {
      if (this.tube && this.tube.code === code) this.tube = null
      this.changed()
      return { kind: 'refused', sound: 'refused', reason: t.status === 'closed' ? 'tube_closed' : 'tube_full', key: t.status === 'closed' ? 'mt.refusals.tube_closed' : 'mt.refusals.tube_full' }
    }
    return { kind: 'ok', sound: 'ok', key: t.scan_count ? 'mt.sampler.tubeReopened' : 'mt.sampler.tubeOpened', params: { code, n: t.scan_count || 0, ...prev } }
  }

  async scanPerson(c) {
    if (!this.tube) return refusedLocal('mt.local.scanTubeFirst')
    if (this.isFull()) return refusedLocal('mt.local.tubeFullNext')
    const tubeCode = this.tube.code
    if (this.recent.some((r) => r.tube === tubeCode && r.value === c.value && r.state !== 'refused' && r.state !== 'failed')) {
      return refusedLocal('mt.local.duplicate')
    }
    const clientId = this.newId()
    const op = this.queue.add({
      op: 'scan', round_id: this.roundId, tube: tubeCode, client_id: clientId, scanned_at: this.now(),
      ...(c.by === 'resident_code' ? { resident_code: c.value } : c.by === 'resident_id' ? { resident_id: c.residentId } : { id_number: c.value }),
    })
    const entry = {
      qid: op.qid, value: c.value, label: c.label || (c.by === 'id_number' ? maskIdNumber(c.value) : c.value), tube: tubeCode,
      state: 'sending', message: '', name: '', seq: 0,
    }
    this.recent.unshift(entry)
    if (this.recent.length > RECENT_MAX) this.recent.length = RECENT_MAX
    this.tube.pending = (this.tube.pending || 0) + 1
    this.changed()
    const result = await this.answer(op)
    if (!result) {
      entry.state = 'queued'
      const advanced = this.advanceIfFull(tubeCode)
      this.changed()
      return { kind: 'queued', sound: advanced ? 'full' : 'queued', key: advanced ? 'mt.sampler.queuedFull' : 'mt.sampler.queued', advanced, params: { code: tubeCode }, clientId }
    }
    if (result.outcome === 'accepted') {
      const advanced = this.advanceIfFull(tubeCode)
      this.changed()
      const who = result.resident?.name || entry.label
      return {
        kind: 'ok', sound: advanced ? 'full' : 'ok', advanced,
        key: advanced ? 'mt.sampler.acceptedFull' : 'mt.sampler.accepted',
        params: { name: who, seq: result.tube_seq || '', code: tubeCode }, clientId,
      }
    }
    if (result.reason === 'tube_full' || result.reason === 'tube_closed') {
      if (this.tube && this.tube.code === tubeCode) this.tube = null
    }
    this.changed()
    return { kind: 'refused', sound: 'refused', reason: result.reason, message: result.message, key: refusalKey(result), clientId }
  }

  /**
   * Samples a known resident (a door-to-door task: the team knows who they are visiting) into the
   * open tube, by id. Resolves to the verdict, with the scan's client id.
   */
  async scanResident(residentId, label = '') {
    const id = Number(residentId)
    if (!Number.isInteger(id) || id <= 0) throw new RangeError(`bad resident id: ${residentId}`)
    return this.scanPerson({ kind: 'resident', by: 'resident_id', value: `#${id}`, residentId: id, label })
  }

  /** When the open tube is full (as far as the sampler knows), the next scan must be a new tube. */
  advanceIfFull(code) {
    if (this.tube && this.tube.code === code && this.isFull()) {
      this.tube = null
      return true
    }
    return false
  }

  /** Waits for the answer to one queued operation: null when it stays queued (offline or slow). */
  answer(op) {
    return new Promise((resolve) => {
      let timer = null
      const w = {
        done: (r) => {
          if (!this.waiters.has(op.qid)) return
          this.waiters.delete(op.qid)
          this.clearTimer(timer)
          resolve(r)
        },
      }
      this.waiters.set(op.qid, w)
      timer = this.setTimer(() => w.done(null), this.waitMs)
      this.queue.flush().then(() => {
        if (this.queue.items().some((o) => o.qid === op.qid)) w.done(null)
      }, () => w.done(null))
    })
  }

  /** Every answer from the queue, awaited or late: tube counters, the recent list, late refusals. */
  onResult(op, result) {
    if (String(op.round_id) !== String(this.roundId)) return
    const entry = op.op === 'scan' ? this.recent.find((r) => r.qid === op.qid) : null
    const waiting = this.waiters.get(op.qid)
    if (op.op === 'scan' && this.tube && this.tube.code === op.tube && this.tube.pending > 0) this.tube.pending--
    if (this.tube && result && result.tube && result.tube.code === this.tube.code) {
      const { pending } = this.tube
      this.tube = { ...this.tube, ...result.tube, pending, confirmed: true }
    }
    if (entry) {
      if (result.outcome === 'accepted') {
        entry.state = 'accepted'
        entry.name = result.resident?.name || ''
        if (result.resident?.id_number) entry.label = result.resident.id_number
        entry.seq = result.tube_seq || 0
      } else {
        const late = !waiting
        entry.state = result.outcome === 'failed' ? 'failed' : 'refused'
        entry.message = result.message || ''
        entry.reason = result.reason || ''
        if (late) this.late.unshift({ qid: op.qid, label: entry.label, tube: op.tube, reason: entry.reason, message: entry.message })
      }
    } else if (op.op === 'scan' && result.outcome !== 'accepted') {
      // a scan queued in an earlier visit of the page
      this.late.unshift({ qid: op.qid, label: op.id_number ? maskIdNumber(op.id_number) : op.resident_code || '', tube: op.tube, reason: result.reason || '', message: result.message || '' })
    }
    if (waiting) waiting.done(result)
    this.changed()
  }

  changed() {
    try { this.onChange() } catch { /* drawing must not break scanning */ }
  }
}

function refusedLocal(key, params) {
  return { kind: 'refused', sound: 'refused', key, params: params || {}, local: true }
}

/** The locale key for a refusal reason (the server's message is shown when there is one). */
export function refusalKey(result) {
  return result && result.reason ? `mt.refusals.${result.reason}` : 'mt.refusals.unknown'
}
