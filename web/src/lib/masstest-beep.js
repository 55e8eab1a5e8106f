// Short sounds for the sampler, made with Web Audio (no sound files): one high beep for an accepted
// scan, two low buzzes for a refusal, a rising triple when the tube is full, a soft double when a
// scan is kept offline. Browsers start audio only after a user gesture: the first scan is one.

/** The notes of each sound: [frequency Hz, duration ms, gap after ms]. */
export const PATTERNS = {
  ok: [[1318, 110, 0]],
  refused: [[196, 180, 70], [196, 260, 0]],
  full: [[988, 90, 40], [1318, 90, 40], [1760, 160, 0]],
  queued: [[880, 80, 60], [880, 80, 0]],
}

/** Total length of a pattern in ms. */
export function patternLength(name) {
  return (PATTERNS[name] || []).reduce((s, [, d, g]) => s + d + g, 0)
}

export function createBeeper() {
  let ctx = null
  let muted = false
  function context() {
    if (ctx) return ctx
    const AC = globalThis.AudioContext || globalThis.webkitAudioContext
    if (!AC) return null
    try { ctx = new AC() } catch { ctx = null }
    return ctx
  }
  return {
    get muted() { return muted },
    set muted(v) { muted = !!v },
    /** @param {'ok'|'refused'|'full'|'queued'} name */
    play(name) {
      if (muted) return
      const c = context()
      if (!c) return
      if (c.state === 'suspended') c.resume().catch(() => {})
      let t = c.currentTime + 0.01
      for (const [freq, dur, gap] of PATTERNS[name] || []) {
        const osc = c.createOscillator()
        const gain = c.createGain()
        osc.type = name === 'refused' ? 'square' : 'sine'
        osc.frequency.setValueAtTime(freq, t)
        const end = t + dur / 1000
        gain.gain.setValueAtTime(0.0001, t)
        gain.gain.exponentialRampToValueAtTime(name === 'refused' ? 0.25 : 0.35, t + 0.01)
        gain.gain.setValueAtTime(name === 'refused' ? 0.25 : 0.35, end - 0.02)
        gain.gain.exponentialRampToValueAtTime(0.0001, end)
        osc.connect(gain).connect(c.destination)
        osc.start(t)
        osc.stop(end + 0.01)
        t = end + gap / 1000
      }
    },
    close() {
      if (ctx) ctx.close().catch(() => {})
      ctx = null
    },
  }
}
