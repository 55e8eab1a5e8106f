import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest'
import { useScanFeedback, FLASH_MS, MUTED_KEY } from '../../src/composables/useScanFeedback.js'

function memoryStorage(init = {}) {
  const data = { ...init }
  return { getItem: (k) => (k in data ? data[k] : null), setItem: (k, v) => { data[k] = String(v) }, data }
}

describe('useScanFeedback', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers(); vi.unstubAllGlobals() })

  it('shows each flash for its own time; a new one replaces the old', () => {
    vi.stubGlobal('localStorage', memoryStorage())
    const f = useScanFeedback()
    f.showFlash('ok')
    expect(f.flash.value).toEqual({ kind: 'ok', seq: 1 })
    vi.advanceTimersByTime(FLASH_MS.ok - 1)
    expect(f.flash.value).not.toBeNull()
    vi.advanceTimersByTime(1)
    expect(f.flash.value).toBeNull()
    f.showFlash('refused')
    vi.advanceTimersByTime(FLASH_MS.ok)
    expect(f.flash.value).toEqual({ kind: 'refused', seq: 2 }) // a refusal stays longer, to be read
    f.showFlash('info')
    vi.advanceTimersByTime(FLASH_MS.info)
    expect(f.flash.value).toBeNull()
    f.dispose()
  })

  it('keeps the mute switch on the device', () => {
    const storage = memoryStorage({ [MUTED_KEY]: '1' })
    vi.stubGlobal('localStorage', storage)
    const f = useScanFeedback()
    expect(f.muted.value).toBe(true)
    f.toggleMute()
    expect(f.muted.value).toBe(false)
    expect(storage.data[MUTED_KEY]).toBe('')
    f.beep('ok') // no AudioContext under node: silently nothing
    f.dispose()
  })
})
