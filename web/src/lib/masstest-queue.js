// The sampler's persistent operation queue. Every tube opening, scan and tube closing is written to
// storage (localStorage) BEFORE it is sent, so that nothing the sampler did is lost to a dropped
// network, a closed tab or a flat battery. A pump sends the queue's head in order — one operation
// alone through the single endpoints (the answer the sampler waits for), more as one batch — and
// removes what the server answered. Retrying is safe: the server keeps scans by their client id and
// opens/closes tubes idempotently by code, so a lost answer never counts a person twice.

export const STORAGE_KEY = 'wangge.masstest.queue.v1'
export const MAX_BATCH = 100
/** Waits between retries after a network failure (ms); the last repeats. */
export const BACKOFF_MS = [1000, 2000, 5000, 10000, 30000]

/**
 * What went wrong with a send, as the queue needs to know it:
 *   'retry'  — no answer, or the server is busy or down (status 0, 408, 429, 5xx): keep and retry later;
 *   'auth'   — the session is gone (401): keep and wait for a new login;
 *   'reject' — the server refused the request itself (400 shape, 403, 404, 413): drop it as failed.
 * @param {number} status
 */
export function failureKind(status) {
  if (status === 401) return 'auth'
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) return 'retry'
  return 'reject'
}

export class SendError extends Error {
  /**
   * @param {number} status HTTP status, 0 without an answer
   * @param {string} message the server's message
   * @param {number} [index] for a batch rejected for one item (field "items[i]…"), that item
   */
  constructor(status, message, index) {
    super(message || `HTTP ${status}`)
    this.name = 'SendError'
    this.status = status
    this.kind = failureKind(status)
    this.index = index ?? null
  }
}

/** The item index named by a batch error field such as "items[3].tube", else null. */
export function batchErrorIndex(field) {
  const m = /^items\[(\d+)\]/.exec(String(field || ''))
  return m ? Number(m[1]) : null
}

function memoryStorage() {
  const m = new Map()
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => { m.set(k, String(v)) },
    removeItem: (k) => { m.delete(k) },
  }
}

/**
 * @typedef {{qid: string, round_id: number|string, op: 'open'|'scan'|'close', tube: string, client_id?: string,
 *   resident_id?: number, resident_code?: string, id_number?: string, scanned_at?: number, queued_at: number,
 *   attempts: number, point_id?: number}} QueuedOp
 * @typedef {{op: string, client_id?: string, outcome: 'accepted'|'refused'|'failed', replayed?: boolean,
 *   reason?: string, message?: string, tube?: object, tube_seq?: number, resident?: object}} OpResult
 */

export class ScanQueue {
  /**
   * @param {{send: (roundId: string|number, ops: QueuedOp[]) => Promise<OpResult[]>, storage?: Storage,
   *   key?: string, now?: () => number, setTimer?: Function, clearTimer?: Function}} opts
   *   send answers one result per op, in order, or throws a SendError.
   */
  constructor(opts) {
    this.send = opts.send
    this.storage = opts.storage || memoryStorage()
    this.key = opts.key || STORAGE_KEY
    this.now = opts.now || (() => Date.now())
    this.setTimer = opts.setTimer || ((fn, ms) => setTimeout(fn, ms))
    this.clearTimer = opts.clearTimer || ((h) => clearTimeout(h))
    this.listeners = new Set()
    this.flushing = null
    this.failures = 0
    this.resumed = false // resume() came while a send was out
    this.timer = null
    this.paused = false // after a 401, until resume()
    this.seq = 0
    this.ops = this.read()
  }

  read() {
    try {
      const raw = this.storage.getItem(this.key)
      const list = raw ? JSON.parse(raw) : []
      return Array.isArray(list) ? list.filter((o) => o && o.op && o.round_id !== undefined && o.qid) : []
    } catch {
      return []
    }
  }

  write() {
    try {
      if (this.ops.length) this.storage.setItem(this.key, JSON.stringify(this.ops))
      else this.storage.removeItem(this.key)
      return true
    } catch {
      return false // storage full or disabled: the queue still works in memory
    }
  }

  /** Re-reads storage (another tab may have changed it). */
  reload() {
    this.ops = this.read()
    this.emit({ type: 'change' })
  }

  /** @param {(e: {type: 'result'|'change'|'state', op?: QueuedOp, result?: OpResult}) => void} fn */
  subscribe(fn) {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  emit(e) {
    for (const fn of this.listeners) {
      try { fn(e) } catch { /* a listener's bug must not stop the queue */ }
    }
  }

  /** The operations waiting, oldest first (optionally of one round). */
  items(roundId) {
    return roundId === undefined ? [...this.ops] : this.ops.filter((o) => String(o.round_id) === String(roundId))
  }

  /** How many scans wait to be sent (optionally of one round). */
  pendingScans(roundId) {
    return this.items(roundId).filter((o) => o.op === 'scan').length
  }

  /**
   * Appends an operation and persists it; returns it with its queue id. A scan must carry its
   * client id (made once per physical scan, never again on a retry).
   * @param {Omit<QueuedOp, 'qid'|'queued_at'|'attempts'>} op
   */
  add(op) {
    if (!op || !['open', 'scan', 'close'].includes(op.op)) throw new TypeError('op must be open, scan or close')
    if (op.round_id === undefined || op.round_id === null) throw new TypeError('round_id is required')
    if (!op.tube) throw new TypeError('tube is required')
    if (op.op === 'scan' && !op.client_id) throw new TypeError('a scan needs its client_id')
    const q = { ...op, qid: op.client_id || `${op.op}:${this.now()}:${++this.seq}:${op.tube}`, queued_at: this.now(), attempts: 0 }
    if (q.op === 'scan' && this.ops.some((o) => o.qid === q.qid)) return this.ops.find((o) => o.qid === q.qid)
    this.ops.push(q)
    const persisted = this.write()
    this.emit({ type: 'change', persisted })
    return q
  }

  /** The next group to send: the head and the operations after it of the same round. */
  head() {
    if (!this.ops.length) return []
    const round = String(this.ops[0].round_id)
    const out = []
    for (const o of this.ops) {
      if (String(o.round_id) !== round || out.length >= MAX_BATCH) break
      out.push(o)
    }
    return out
  }

  remove(qids) {
    const drop = new Set(qids)
    this.ops = this.ops.filter((o) => !drop.has(o.qid))
    this.write()
  }

  /**
   * Sends until the queue is empty or a send fails. Only one flush runs at a time (a second call
   * waits for the running one). Resolves to {sent, left, error}.
   */
  flush() {
    if (this.flushing) return this.flushing
    this.clearTimer(this.timer)
    this.timer = null
    this.flushing = this.run().finally(() => { this.flushing = null })
    return this.flushing
  }

  async run() {
    let sent = 0
    while (this.ops.length && !this.paused) {
      const group = this.head()
      for (const o of group) o.attempts = (o.attempts || 0) + 1
      this.emit({ type: 'state', state: 'sending' })
      let results
      try {
        results = await this.send(group[0].round_id, group)
        if (!Array.isArray(results) || results.length !== group.length) {
          throw new SendError(500, 'answer does not match the operations sent')
        }
      } catch (e) {
        const err = e instanceof SendError ? e : new SendError(0, e && e.message)
        if (err.kind === 'retry') {
          this.write() // keeps the attempt counts
          if (this.resumed) {
            // it went out before the browser was back online: try again now, not after a back-off
            this.resumed = false
            this.schedule(0)
          } else {
            this.failures++
            this.schedule()
          }
          this.emit({ type: 'state', state: 'offline', error: err })
          return { sent, left: this.ops.length, error: err }
        }
        if (err.kind === 'auth') {
          this.paused = true
          this.emit({ type: 'state', state: 'auth', error: err })
          return { sent, left: this.ops.length, error: err }
        }
        // rejected: drop the one item the server named, else the whole group, telling the page
        const bad = err.index !== null && group[err.index] ? [group[err.index]] : group
        this.remove(bad.map((o) => o.qid))
        for (const o of bad) this.emit({ type: 'result', op: o, result: failedResult(o, err.message) })
        this.emit({ type: 'change' })
        continue
      }
      this.failures = 0
      this.resumed = false
      this.remove(group.map((o) => o.qid))
      sent += group.length
      group.forEach((o, i) => this.emit({ type: 'result', op: o, result: results[i] }))
      this.emit({ type: 'change' })
    }
    if (!this.paused) this.emit({ type: 'state', state: 'idle' })
    return { sent, left: this.ops.length, error: null }
  }

  /** The next retry after `failures` failures in a row. */
  backoff() {
    return BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length) - 1] ?? BACKOFF_MS[0]
  }

  schedule(ms = this.backoff()) {
    this.clearTimer(this.timer)
    this.timer = this.setTimer(() => { this.timer = null; this.flush() }, ms)
  }

  /**
   * After a new login, or when the browser says it is online again: send now. A send still out (made
   * while offline, it may take a while to fail) is followed at once by another, not by a back-off.
   */
  resume() {
    this.paused = false
    this.failures = 0
    if (this.flushing) this.resumed = true
    return this.flush()
  }

  /** Stops the retry timer (the page is left). */
  stop() {
    this.clearTimer(this.timer)
    this.timer = null
  }
}

function failedResult(op, message) {
  return { op: op.op, client_id: op.client_id, outcome: 'failed', reason: 'rejected', message: message || '', tube: null }
}

/**
 * Applies one answered operation to the sampler's view of its tube. Returns the new tube (or the
 * old one when the answer is about another tube).
 * @param {object|null} tube {code, capacity, scan_count, status, kind}
 * @param {OpResult} result
 */
export function tubeAfter(tube, result) {
  if (!result || !result.tube) return tube
  if (tube && result.tube.code !== tube.code) return tube
  return { ...(tube || {}), ...result.tube }
}
