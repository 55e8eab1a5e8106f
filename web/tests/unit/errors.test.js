import { describe, it, expect, vi, afterEach } from 'vitest'
import { ApiError, request, onUnauthenticated, buildUrl, codeForStatus } from '../../src/api/client.js'
import { normalizeField, mapFieldErrors, errorText } from '../../src/lib/errors.js'

const t = (k) => `T(${k})`

describe('normalizeField', () => {
  it.each([
    ['phone', 'phone'],
    ['tags[2]', 'tags'],
    ['resident.id_number', 'id_number'],
    ['idNumber', 'id_number'],
    ['members[0].phone', 'phone'],
    ['', ''],
    [undefined, ''],
  ])('%s -> %s', (input, out) => expect(normalizeField(input)).toBe(out))
})

describe('mapFieldErrors', () => {
  const FIELDS = ['name', 'phone', 'registration', 'relation', 'tags']

  it('puts a validation error on the named field', () => {
    const e = new ApiError(400, 'invalid_argument', '手机号格式不正确', 'phone')
    expect(mapFieldErrors(e, FIELDS)).toEqual({ fieldErrors: { phone: '手机号格式不正确' }, general: null, error: e })
  })

  it('maps indexed and aliased fields', () => {
    expect(mapFieldErrors(new ApiError(400, 'invalid_argument', 'bad tag', 'tags[1]'), FIELDS).fieldErrors).toEqual({ tags: 'bad tag' })
    const e = new ApiError(400, 'invalid_argument', 'no such household', 'household_id')
    expect(mapFieldErrors(e, ['household'], { household_id: 'household' }).fieldErrors).toEqual({ household: 'no such household' })
  })

  it('falls back to a general message for unknown fields and other codes', () => {
    expect(mapFieldErrors(new ApiError(400, 'invalid_argument', 'odd', 'birth_date'), FIELDS))
      .toMatchObject({ fieldErrors: {}, general: 'odd' })
    expect(mapFieldErrors(new ApiError(403, 'permission_denied', 'nope', 'phone'), FIELDS))
      .toMatchObject({ fieldErrors: {}, general: 'nope' })
    expect(mapFieldErrors(new Error('boom'), FIELDS)).toMatchObject({ fieldErrors: {}, general: 'boom', error: null })
  })
})

describe('errorText', () => {
  it('prefers the server message, else the code text', () => {
    expect(errorText(new ApiError(409, 'aborted', '版本过期'), t)).toBe('版本过期')
    expect(errorText(new ApiError(503, 'unavailable', ''), t)).toBe('T(error.unavailable)')
    expect(errorText(null, t)).toBe('T(error.internal)')
  })
})

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    onUnauthenticated(null)
  })
  const reply = (status, body) => vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), {
    status, headers: { 'Content-Type': 'application/json' },
  }))

  it('builds query strings without empty values', () => {
    expect(buildUrl('/residents', { q: '张三', area: '', cursor: null, limit: 20 })).toBe('/api/v1/residents?q=%E5%BC%A0%E4%B8%89&limit=20')
  })

  it('returns JSON on success and null on 204', async () => {
    vi.stubGlobal('fetch', reply(200, { id: 1 }))
    expect(await request('GET', '/me')).toEqual({ id: 1 })
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })))
    expect(await request('DELETE', '/session')).toBeNull()
  })

  it('sends JSON bodies', async () => {
    const f = reply(200, {})
    vi.stubGlobal('fetch', f)
    await request('PATCH', '/residents/3', { json: { version: 2, name: 'x' } })
    const [url, init] = f.mock.calls[0]
    expect(url).toBe('/api/v1/residents/3')
    expect(init.method).toBe('PATCH')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(JSON.parse(init.body)).toEqual({ version: 2, name: 'x' })
    expect(init.credentials).toBe('same-origin')
  })

  it('turns the error envelope into an ApiError', async () => {
    vi.stubGlobal('fetch', reply(400, { error: { code: 'invalid_argument', message: '姓名不能为空', field: 'name' } }))
    const e = await request('POST', '/residents', { json: {} }).catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 400, code: 'invalid_argument', serverMessage: '姓名不能为空', field: 'name' })
  })

  it('derives a code when the body is not the envelope', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } })))
    expect(await request('GET', '/me').catch((x) => x)).toMatchObject({ status: 502, code: 'unavailable' })
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    expect(await request('GET', '/me').catch((x) => x)).toMatchObject({ status: 0, code: 'unavailable' })
    expect(codeForStatus(404)).toBe('not_found')
    expect(codeForStatus(429)).toBe('resource_exhausted')
  })

  it('calls the 401 handler except when told not to', async () => {
    const handler = vi.fn()
    onUnauthenticated(handler)
    vi.stubGlobal('fetch', reply(401, { error: { code: 'unauthenticated', message: 'login' } }))
    await request('GET', '/areas/1').catch(() => {})
    expect(handler).toHaveBeenCalledTimes(1)
    await request('POST', '/session', { json: {}, authRedirect: false }).catch(() => {})
    expect(handler).toHaveBeenCalledTimes(1)
  })
})
