// The verdict feedback of the phone pages that scan (采样扫码, 单管复核采样): a full-screen flash per
// verdict (green accepted, red refused, amber kept offline, blue information) and a Web Audio beep
// (lib/masstest-beep.js), with a mute switch kept on the device. Render the flash with
// components/masstest/ScanFlash.vue.
import { ref, onBeforeUnmount, getCurrentInstance } from 'vue'
import { createBeeper } from '../lib/masstest-beep.js'

/** How long each flash stays (ms); a refusal stays longest, to be read. */
export const FLASH_MS = { ok: 700, queued: 1100, info: 700, refused: 2200 }
export const MUTED_KEY = 'wangge.masstest.muted'

export function useScanFeedback({ durations = FLASH_MS } = {}) {
  const beeper = createBeeper()
  const muted = ref(false)
  const flash = ref(null) // {kind, seq}
  let timer = null
  let seq = 0
  try { muted.value = globalThis.localStorage?.getItem(MUTED_KEY) === '1' } catch { /* storage disabled */ }
  beeper.muted = muted.value

  /** @param {'ok'|'refused'|'queued'|'info'} kind */
  function showFlash(kind) {
    clearTimeout(timer)
    flash.value = { kind, seq: ++seq }
    timer = setTimeout(() => { flash.value = null }, durations[kind] || 900)
  }

  /** @param {'ok'|'refused'|'full'|'queued'|undefined} sound */
  function beep(sound) {
    if (sound && !muted.value) beeper.play(sound)
  }

  function toggleMute() {
    muted.value = !muted.value
    beeper.muted = muted.value
    try { globalThis.localStorage?.setItem(MUTED_KEY, muted.value ? '1' : '') } catch { /* storage disabled */ }
  }

  function dispose() {
    clearTimeout(timer)
    beeper.close()
  }
  if (getCurrentInstance()) onBeforeUnmount(dispose)
  return { flash, muted, showFlash, beep, toggleMute, dispose }
}
