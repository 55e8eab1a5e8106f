// The sampler's device: one persistent scan queue for the whole app (it keeps syncing when the
// sampler leaves the page), and what the device remembers between visits — the round, the sample
// point and the open tube — so that a reload in the middle of a tube goes on where it was.
import { ScanQueue } from './masstest-queue.js'
import { sendOps } from './masstest-api.js'

export const DEVICE_KEY = 'wangge.masstest.device.v1'

let queue = null

function storage() {
  try {
    return globalThis.localStorage || undefined
  } catch {
    return undefined // disabled storage: the queue lives in memory
  }
}

/** The app's one queue; created on first use, synced again whenever the browser is back online. */
export function sharedQueue() {
  if (queue) return queue
  queue = new ScanQueue({ send: (roundId, ops) => sendOps(roundId, ops), storage: storage() })
  if (globalThis.addEventListener) {
    globalThis.addEventListener('online', () => queue.resume())
    // another tab of the same device changed the queue
    globalThis.addEventListener('storage', (e) => { if (e.key === queue.key) queue.reload() })
  }
  return queue
}

/** @returns {{round_id?: number|string, point_id?: number|null, tube?: object|null}} */
export function loadDevice() {
  try {
    const v = JSON.parse(storage()?.getItem(DEVICE_KEY) || 'null')
    return v && typeof v === 'object' ? v : {}
  } catch {
    return {}
  }
}

export function saveDevice(state) {
  try { storage()?.setItem(DEVICE_KEY, JSON.stringify(state)) } catch { /* best effort */ }
}
