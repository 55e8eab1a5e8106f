import { describe, it, expect } from 'vitest'
import { parseEventData, coverageTouches, coalesce, subscribeLive, eventsUrl, depthBelow } from '../../src/lib/masstest-live.js'

class FakeES {
  static last = null
  constructor(url, init) {
    this.url = url
    this.init = init
    this.readyState = 0
    this.handlers = {}
    this.closed = false
    FakeES.last = this
  }
  addEventListener(type, fn) { (this.handlers[type] ||= []).push(fn) }
  fire(type, data) { for (const fn of this.handlers[type] || []) fn({ data }) }
  close() { this.closed = true; this.readyState = 2 }
}

function intervals() {
  const list = []
  return {
    list,
    setTimer: (fn, ms) => { const h = { fn, ms }; list.push(h); return h },
    clearTimer: (h) => { const i = list.indexOf(h); if (i >= 0) list.splice(i, 1) },
  }
}

describe('events', () => {
  it('parses data and tells which coverage events matter', () => {
    expect(parseEventData('{"round_id":7}')).toEqual({ round_id: 7 })
    expect(parseEventData('nope')).toBeNull()
    expect(parseEventData('')).toBeNull()
    const e = { round_id: 7, areas: [{ area_id: 1 }, { area_id: 12 }, { area_id: 40 }] }
    expect(coverageTouches(e, 7, 12)).toBe(true)
    expect(coverageTouches(e, '7', '40')).toBe(true)
    expect(coverageTouches(e, 7, 13)).toBe(false)
    expect(coverageTouches(e, 8, 12)).toBe(false)
    expect(coverageTouches(e, 7, null)).toBe(true)
    expect(coverageTouches({ round_id: 7, areas: [{ id: 5 }] }, 7, 5)).toBe(true)
    expect(coverageTouches(null, 7, 5)).toBe(false)
  })

  it('builds the stream URL and the depth a dashboard needs', () => {
    expect(eventsUrl()).toBe('/api/v1/events')
    expect(eventsUrl({ round: 7, depth: 3 })).toBe('/api/v1/events?round=7&depth=3')
    expect(eventsUrl({ round: 7, depth: 12 })).toBe('/api/v1/events?round=7&depth=8')
    expect(depthBelow(33, '/1/2/3/33/')).toBe(0)
    expect(depthBelow(33, '/1/2/3/33/35/973/974/')).toBe(3)
    expect(depthBelow(99, '/1/2/3/33/')).toBe(8)
  })

  it('coalesces bursts into one refresh per gap', () => {
    let clock = 0
    const timers = []
    let calls = 0
    const c = coalesce(() => calls++, 1000, {
      now: () => clock, setTimer: (fn, ms) => { const h = { fn, at: clock + ms }; timers.push(h); return h }, clearTimer: () => {},
    })
    c()
    expect(calls).toBe(1)
    clock = 100; c(); c(); c()
    expect(calls).toBe(1)
    expect(timers.length).toBe(1)
    expect(timers[0].at).toBe(1000)
    clock = 1000; timers.shift().fn()
    expect(calls).toBe(2)
    clock = 2500; c()
    expect(calls).toBe(3)
  })

  it('listens to the stream and polls while it is down', () => {
    const iv = intervals()
    const seen = []
    let polls = 0
    const modes = []
    const sub = subscribeLive({
      EventSourceImpl: FakeES, ...iv, poll: () => polls++, onCoverage: (e) => seen.push(['c', e.round_id]),
      onAlert: (e) => seen.push(['a', e.tube]), onMode: (m) => modes.push(m),
    })
    const es = FakeES.last
    expect(es.url).toBe('/api/v1/events')
    expect(es.init).toEqual({ withCredentials: true })
    es.readyState = 1
    es.fire('open')
    expect(modes).toEqual(['live'])
    expect(polls).toBe(1) // catches up once
    es.fire('coverage', '{"round_id":7,"areas":[]}')
    es.fire('alert', '{"tube":"T1"}')
    es.fire('message', '{"type":"coverage","round_id":8}')
    es.fire('coverage', 'garbage')
    expect(seen).toEqual([['c', 7], ['a', 'T1'], ['c', 8]])
    es.readyState = 0
    es.fire('error')
    expect(modes.at(-1)).toBe('poll')
    expect(iv.list.map((h) => h.ms)).toEqual([10000])
    iv.list[0].fn()
    expect(polls).toBe(2)
    es.readyState = 1
    es.fire('open') // reconnected
    expect(iv.list).toEqual([])
    expect(modes.at(-1)).toBe('live')
    sub.stop()
    expect(es.closed).toBe(true)
  })

  it('polls when the stream is refused or missing', () => {
    const iv = intervals()
    subscribeLive({ EventSourceImpl: FakeES, ...iv, poll: () => {} })
    const es = FakeES.last
    es.readyState = 2 // 404: the browser gives up
    es.fire('error')
    expect(es.closed).toBe(true)
    expect(iv.list.length).toBe(1)
    const iv2 = intervals()
    const sub = subscribeLive({ EventSourceImpl: null, ...iv2, poll: () => {} })
    expect(sub.mode()).toBe('poll')
    expect(iv2.list.length).toBe(1)
    sub.stop()
    expect(iv2.list.length).toBe(0)
  })
})
