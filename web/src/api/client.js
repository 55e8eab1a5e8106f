// Thin fetch wrapper for the wangge JSON API (/api/v1). The session is a cookie set by the server.

/** Error codes the server may return in {"error":{"code",...}}. */
export const ERROR_CODES = [
  'invalid_argument', 'not_found', 'already_exists', 'permission_denied', 'unauthenticated',
  'failed_precondition', 'aborted', 'resource_exhausted', 'unavailable', 'internal',
]

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status (0 when the request never reached the server)
   * @param {string} code one of ERROR_CODES
   * @param {string} message the server's human-readable message ('' when none)
   * @param {string} [field] the request field the error is about
   */
  constructor(status, code, message, field) {
    super(message || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.serverMessage = message || ''
    this.field = field || ''
  }
}

/** The code implied by an HTTP status when the body carries no error object. */
export function codeForStatus(status) {
  switch (status) {
    case 400: return 'invalid_argument'
    case 401: return 'unauthenticated'
    case 403: return 'permission_denied'
    case 404: return 'not_found'
    case 409: return 'aborted'
    case 412: return 'failed_precondition'
    case 429: return 'resource_exhausted'
    case 0: case 502: case 503: case 504: return 'unavailable'
    default: return 'internal'
  }
}

let unauthenticatedHandler = null
/** Called on any 401 (except where the caller opts out, e.g. the login request itself). */
export function onUnauthenticated(fn) {
  unauthenticatedHandler = fn
}

export const API_BASE = '/api/v1'

export function buildUrl(path, query) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') params.append(k, String(v))
  }
  const qs = params.toString()
  return API_BASE + path + (qs ? `?${qs}` : '')
}

/**
 * @param {string} method
 * @param {string} path e.g. '/areas/12'
 * @param {{query?: object, json?: any, body?: BodyInit, contentType?: string, authRedirect?: boolean, signal?: AbortSignal}} [opts]
 */
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json' }
  let body
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.json)
  } else if (opts.body !== undefined) {
    body = opts.body
    if (opts.contentType) headers['Content-Type'] = opts.contentType
  }
  let res
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method, headers, body, credentials: 'same-origin', signal: opts.signal,
    })
  } catch (e) {
    if (e && e.name === 'AbortError') throw e
    throw new ApiError(0, 'unavailable', '')
  }
  if (res.status === 204) return null
  const isJson = (res.headers.get('Content-Type') || '').includes('json')
  let data = null
  if (isJson) {
    try { data = await res.json() } catch { data = null }
  }
  if (res.ok) return data
  const e = data && data.error ? data.error : {}
  const err = new ApiError(res.status, e.code || codeForStatus(res.status), e.message || '', e.field || '')
  if (res.status === 401 && opts.authRedirect !== false && unauthenticatedHandler) unauthenticatedHandler(err)
  throw err
}
