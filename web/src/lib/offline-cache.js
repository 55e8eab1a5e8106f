// What the app remembers on this device so a page reopened with no network can still render (the
// sampler's page: its scans queue offline): the logged-in user as /me last answered (no secret — the
// session cookie stays HttpOnly and every API call still needs it) and a few small lists. Dropped on
// logout and on a 401.
const PREFIX = 'wangge.offline.'
const ME = `${PREFIX}me`

const store = () => { try { return globalThis.localStorage || null } catch { return null } }

function save(key, value, storage = store()) {
  try { if (storage) storage.setItem(key, JSON.stringify(value)) } catch { /* full or blocked: online only */ }
}
function load(key, storage = store()) {
  try {
    const text = storage ? storage.getItem(key) : null
    return text ? JSON.parse(text) : null
  } catch { return null }
}

/** True for the client's "no answer" error (api/client.js: status 0), not for an HTTP error. */
export const isNetworkError = (e) => !!e && e.status === 0

export function rememberMe(me, storage = store()) { if (me) save(ME, me, storage) }
export function cachedMe(storage = store()) { return load(ME, storage) }

/** Forgets everything remembered here (logout, session gone). */
export function forgetOffline(storage = store()) {
  if (!storage) return
  try {
    const keys = []
    for (let i = 0; i < storage.length; i++) { const k = storage.key(i); if (k && k.startsWith(PREFIX)) keys.push(k) }
    for (const k of keys) storage.removeItem(k)
  } catch { /* ignore */ }
}

/**
 * `fetcher()`'s answer, remembered under `key`; without a network, the answer remembered last time
 * (else the error). Other errors are thrown as they are.
 */
export async function withOfflineCopy(key, fetcher, storage = store()) {
  try {
    const value = await fetcher()
    save(PREFIX + key, value, storage)
    return value
  } catch (e) {
    if (isNetworkError(e)) {
      const copy = load(PREFIX + key, storage)
      if (copy !== null) return copy
    }
    throw e
  }
}
