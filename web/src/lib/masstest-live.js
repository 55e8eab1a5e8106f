// Live numbers for the dashboards: the server's event stream (GET /api/v1/events, Server-Sent
// Events) when it answers, else polling every 10 s. Bursts of events are coalesced into at most one
// refresh per `minGapMs`.

export const EVENTS_URL = '/api/v1/events'
export const POLL_MS = 10000
export const MIN_GAP_MS = 1500

/** The stream's URL: only one round's events, areas down to `depth` levels below the caller's own. */
export function eventsUrl({ round, depth } = {}) {
  const q = new URLSearchParams()
  if (round !== undefined && round !== null && round !== '') q.set('round', String(round))
  if (depth !== undefined && depth !== null) q.set('depth', String(Math.max(0, Math.min(8, depth))))
  const qs = q.toString()
  return qs ? `${EVENTS_URL}?${qs}` : EVENTS_URL
}

/**
 * How many levels an area (by its path "/1/2/12/40/") lies below the caller's own area: the depth a
 * dashboard needs to hear about it. 8 (the most) when the caller's area is not on the path.
 */
export function depthBelow(scopeAreaId, path) {
  const ids = String(path || '').split('/').filter(Boolean)
  const i = ids.indexOf(String(scopeAreaId))
  return i < 0 ? 8 : Math.min(8, ids.length - 1 - i)
}

/** The JSON of an event's data, or null. */
export function parseEventData(data) {
  if (data === null || data === undefined || data === '') return null
  if (typeof data === 'object') return data
  try { return JSON.parse(data) } catch { return null }
}

/**
 * True when a coverage event moved the numbers of `areaId` in `roundId` (the server sends every area
 * along the changed paths, so the area itself is among them when anything below it moved). Without
 * an area, any change of the round counts.
 */
export function coverageTouches(event, roundId, areaId) {
  if (!event || String(event.round_id) !== String(roundId)) return false
  if (areaId === null || areaId === undefined || areaId === '') return true
  const areas = event.areas || []
  if (!areas.length) return true
  return areas.some((a) => String(a.area_id ?? a.id) === String(areaId))
}

/**
 * Calls `fn` at most once per `gapMs`: the first call at once, calls within the gap folded into one
 * at its end.
 */
export function coalesce(fn, gapMs = MIN_GAP_MS, { now = () => Date.now(), setTimer = setTimeout, clearTimer = clearTimeout } = {}) {
  let last = -Infinity
  let timer = null
  const run = () => { timer = null; last = now(); fn() }
  const call = () => {
    if (timer) return
    const wait = last + gapMs - now()
    if (wait <= 0) run()
    else timer = setTimer(run, wait)
  }
  call.cancel = () => { if (timer) clearTimer(timer); timer = null }
  return call
}

/**
 * Subscribes to the event stream; falls back to polling when the stream cannot be opened (no
 * EventSource, an endpoint not there, a proxy that does not pass it) and keeps polling while the
 * stream is down.
 * @param {{onCoverage?: (e: object) => void, onAlert?: (e: object) => void, poll: () => void,
 *   url?: string, pollMs?: number, EventSourceImpl?: typeof EventSource, setTimer?: Function, clearTimer?: Function,
 *   onMode?: (mode: 'live'|'poll') => void}} opts
 * @returns {{stop: () => void, mode: () => 'live'|'poll'|'connecting'}}
 */
export function subscribeLive(opts) {
  const ES = opts.EventSourceImpl ?? globalThis.EventSource
  const setTimer = opts.setTimer || ((fn, ms) => setInterval(fn, ms))
  const clearTimer = opts.clearTimer || ((h) => clearInterval(h))
  const pollMs = opts.pollMs || POLL_MS
  let mode = 'connecting'
  let es = null
  let poller = null
  let stopped = false

  const setMode = (m) => {
    if (mode === m) return
    mode = m
    if (opts.onMode) opts.onMode(m)
  }
  const startPolling = () => {
    if (poller || stopped) return
    poller = setTimer(() => opts.poll(), pollMs)
    setMode('poll')
  }
  const stopPolling = () => {
    if (poller) clearTimer(poller)
    poller = null
  }
  const dispatch = (type, raw) => {
    const data = parseEventData(raw)
    if (!data) return
    const kind = type === 'message' ? data.type : type
    if (kind === 'coverage' && opts.onCoverage) opts.onCoverage(data)
    if (kind === 'alert' && opts.onAlert) opts.onAlert(data)
  }

  if (!ES) {
    startPolling()
  } else {
    try {
      es = new ES(opts.url || EVENTS_URL, { withCredentials: true })
    } catch {
      es = null
      startPolling()
    }
    if (es) {
      es.addEventListener('open', () => {
        stopPolling()
        setMode('live')
        opts.poll() // catch up with what happened while the stream was down
      })
      es.addEventListener('error', () => {
        // CONNECTING: the browser retries by itself; poll meanwhile. CLOSED: it gave up (e.g. 404).
        startPolling()
        if (es.readyState === 2) { es.close(); es = null }
      })
      for (const type of ['coverage', 'alert', 'message']) es.addEventListener(type, (e) => dispatch(type, e.data))
    }
  }

  return {
    stop() {
      stopped = true
      stopPolling()
      if (es) es.close()
      es = null
    },
    mode: () => mode,
  }
}
