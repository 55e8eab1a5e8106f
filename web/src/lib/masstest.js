// Mass testing (核酸检测): the enumerations of docs/api/mass-testing.md and the client-side rules
// built on them — ID number (GB 11643) and resident code checks, what a scanned text is, tube fill,
// coverage figures, the round form. Texts live in the locale files under `mt.*`.

export const ROUND_STATUSES = ['draft', 'active', 'closed']
export const ROUND_KINDS = ['everyone', 'tags']
export const POOL_SIZES = [1, 5, 10, 20]
export const EXEMPTION_REASONS = ['away', 'infant', 'hospitalised']
export const TUBE_KINDS = ['pool', 'household', 'single']
export const TUBE_STATUSES = ['open', 'closed']
export const TUBE_RESULTS = ['negative', 'positive', 'invalid']
export const REFUSAL_REASONS = [
  'round_not_active', 'outside_time_window', 'unknown_tube', 'tube_other_round', 'tube_closed', 'tube_full',
  'unknown_person', 'invalid_id_number', 'outside_round', 'not_in_key_group', 'exempt', 'already_sampled',
  'household_tube',
]
export const MAX_AREAS = 100
export const MAX_TUBE_CODE = 64

// ---- GB 11643 citizen ID numbers ----

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** The check character of the first 17 digits (ISO 7064 MOD 11-2 as GB 11643 writes it). */
export function idNumberCheckChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11]
}

function isRealDate(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
  return d <= days
}

/**
 * Checks an 18-character ID number as the server does (src/common/id_number.cpp), so that the
 * sampler hears at once what is wrong with a typed number.
 * @param {string} text
 * @param {Date} [today]
 * @returns {{ok: true, value: string} | {ok: false, reason: 'length'|'digits'|'last'|'province'|'birth'|'future'|'check', n?: number, expected?: string}}
 */
export function checkIdNumber(text, today = new Date()) {
  const s = String(text ?? '').trim()
  if (s.length !== 18) return { ok: false, reason: 'length', n: s.length }
  if (!/^\d{17}/.test(s)) return { ok: false, reason: 'digits' }
  const last = s[17] === 'x' ? 'X' : s[17]
  if (!/[\dX]/.test(last)) return { ok: false, reason: 'last' }
  const province = Number(s.slice(0, 2))
  if (province < 11 || province > 82) return { ok: false, reason: 'province' }
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  if (y < 1880 || y > 2999 || !isRealDate(y, m, d)) return { ok: false, reason: 'birth' }
  const birth = y * 10000 + m * 100 + d
  const now = today.getFullYear() * 10000 + (today.getMonth() + 1) * 100 + today.getDate()
  if (birth > now) return { ok: false, reason: 'future' }
  const expected = idNumberCheckChar(s)
  if (expected !== last) return { ok: false, reason: 'check', expected }
  return { ok: true, value: s.slice(0, 17) + last }
}

// ---- resident codes: "WG" + id in 10 digits + ISO 7064 MOD 11-2 check ----

/** The check character of a resident code's 10 digits (src/domain/masstest/resident_code.cpp). */
export function residentCodeCheckChar(digits) {
  let p = 0
  for (const c of digits) p = ((p + (c.charCodeAt(0) - 48)) * 2) % 11
  const check = (12 - p) % 11
  return check === 10 ? 'X' : String(check)
}

/** The code text for a resident id, e.g. 12345 -> "WG0000012345" + check. */
export function residentCode(id) {
  const n = Number(id)
  if (!Number.isInteger(n) || n <= 0 || n >= 1e10) throw new RangeError(`resident id out of range: ${id}`)
  const digits = String(n).padStart(10, '0')
  return `WG${digits}${residentCodeCheckChar(digits)}`
}

/** The resident id of a well-formed code (case-insensitive, spaces around ignored), else null. */
export function parseResidentCode(text) {
  const m = /^WG(\d{10})([\dX])$/i.exec(String(text ?? '').trim())
  if (!m) return null
  const id = Number(m[1])
  if (id <= 0 || residentCodeCheckChar(m[1]) !== m[2].toUpperCase()) return null
  return id
}

/**
 * What a scanned or typed text is: a resident code, an ID number (digits, 16–19 long, perhaps with a
 * final X: treated as an attempt at one and checked), else a tube code.
 * @returns {{kind: 'empty'} | {kind: 'resident', by: 'resident_code'|'id_number', value: string, residentId?: number}
 *   | {kind: 'bad_resident_code', value: string} | {kind: 'bad_id_number', value: string, check: object}
 *   | {kind: 'tube', value: string} | {kind: 'bad_tube', value: string, reason: 'length'|'chars'}}
 */
export function classifyScan(text, today = new Date()) {
  const value = String(text ?? '').replace(/[\r\n\t]/g, '').trim()
  if (!value) return { kind: 'empty' }
  if (/^WG[\dX]{10,12}$/i.test(value)) {
    const id = parseResidentCode(value)
    return id ? { kind: 'resident', by: 'resident_code', value: value.toUpperCase(), residentId: id } : { kind: 'bad_resident_code', value }
  }
  const compact = value.replace(/[\s-]/g, '')
  if (/^\d{15,18}[\dXx]?$/.test(compact) && compact.length >= 16 && compact.length <= 19) {
    const check = checkIdNumber(compact, today)
    return check.ok ? { kind: 'resident', by: 'id_number', value: check.value } : { kind: 'bad_id_number', value: compact, check }
  }
  if (value.length > MAX_TUBE_CODE) return { kind: 'bad_tube', value, reason: 'length' }
  if (!/^[\x21-\x7e]+$/.test(value)) return { kind: 'bad_tube', value, reason: 'chars' }
  return { kind: 'tube', value }
}

/** The locale key and params of a failed ID-number check. */
export function idCheckMessage(check) {
  if (!check || check.ok) return null
  return { key: `mt.idCheck.${check.reason}`, params: { n: check.n ?? 0, expected: check.expected ?? '' } }
}

// ---- tubes ----

/** "7/10" */
export function fillText(tube) {
  if (!tube) return ''
  return `${Number(tube.scan_count) || 0}/${Number(tube.capacity) || 0}`
}

/** True when no one more fits: closed, or as many scans as places. */
export function tubeIsDone(tube) {
  if (!tube) return false
  return tube.status === 'closed' || (Number(tube.capacity) > 0 && Number(tube.scan_count) >= Number(tube.capacity))
}

/** A new client id for one physical scan (a UUID where the browser has one). */
export function newClientId() {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === 'function') return c.randomUUID()
  const bytes = new Uint8Array(16)
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes)
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const h = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

// ---- coverage ----

/** Counters with remaining (sent by the server; recomputed when absent). */
export function counts(c) {
  const expected = Number(c?.expected) || 0
  const exempt = Number(c?.exempt) || 0
  const sampled = Number(c?.sampled) || 0
  const remaining = c?.remaining !== undefined && c?.remaining !== null ? Number(c.remaining) : expected - exempt - sampled
  return { expected, exempt, sampled, remaining }
}

/**
 * Share done: (sampled + exempt) / expected, in percent with one decimal, capped at 100 — null when
 * nobody is expected.
 */
export function coveragePercent(c) {
  const { expected, exempt, sampled } = counts(c)
  if (expected <= 0) return null
  return Math.min(100, Math.round(((sampled + exempt) * 1000) / expected) / 10)
}

/** The three stacks of the progress bars (remaining below zero shows as zero). */
export function coverageSeries(rows = []) {
  const out = { names: [], ids: [], sampled: [], exempt: [], remaining: [], percent: [] }
  for (const r of rows) {
    const c = counts(r)
    out.names.push(r.name)
    out.ids.push(r.id)
    out.sampled.push(c.sampled)
    out.exempt.push(c.exempt)
    out.remaining.push(Math.max(0, c.remaining))
    out.percent.push(coveragePercent(c))
  }
  return out
}

/** The colour band of a coverage percentage: done (≥ 100), near (≥ 90), behind, none. */
export function coverageBand(percent) {
  if (percent === null || percent === undefined) return 'none'
  if (percent >= 100) return 'done'
  if (percent >= 90) return 'near'
  return 'behind'
}

// ---- the round form ----

/**
 * Checks the round set-up form and builds the POST /rounds body.
 * @param {{name, kind, tags: string[], areaIds: (string|number)[], window: [number|Date, number|Date]|null,
 *   poolSize, sealedBuildingIds?: (string|number)[], activate?: boolean}} form
 * @returns {{body: object|null, errors: Record<string, string>}} errors: field -> reason key
 */
export function roundBody(form = {}) {
  const errors = {}
  const name = String(form.name ?? '').trim()
  if (!name) errors.name = 'required'
  else if (name.length > 100) errors.name = 'tooLong'
  const kind = ROUND_KINDS.includes(form.kind) ? form.kind : ''
  if (!kind) errors.kind = 'required'
  const tags = [...new Set(form.tags || [])]
  if (kind === 'tags' && !tags.length) errors.tags = 'required'
  const areaIds = [...new Set((form.areaIds || []).map(Number).filter((n) => Number.isInteger(n) && n > 0))]
  if (!areaIds.length) errors.area_ids = 'required'
  else if (areaIds.length > MAX_AREAS) errors.area_ids = 'tooMany'
  const [from, to] = Array.isArray(form.window) ? form.window.map((v) => (v instanceof Date ? v.getTime() : Number(v))) : []
  if (!from || !to) errors.window = 'required'
  else if (to <= from) errors.window = 'order'
  const pool = Number(form.poolSize)
  if (!POOL_SIZES.includes(pool)) errors.pool_size = 'required'
  if (Object.keys(errors).length) return { body: null, errors }
  const body = {
    name, kind, tags: kind === 'tags' ? tags : [], area_ids: areaIds, starts_at: from, ends_at: to, pool_size: pool,
  }
  const sealed = [...new Set((form.sealedBuildingIds || []).map(Number).filter((n) => Number.isInteger(n) && n > 0))]
  if (sealed.length) body.sealed_building_ids = sealed
  if (form.activate) body.activate = true
  return { body, errors }
}

/** Which round operations the caller may see buttons for (the server decides again). */
export function roundActions(round, me) {
  const p = (me && me.permissions) || {}
  const manage = !!p.manage_rounds
  const s = round && round.status
  return {
    activate: manage && s === 'draft',
    close: manage && s === 'active',
    editSealed: manage && (s === 'draft' || s === 'active'),
    scan: !!p.scan_samples && s === 'active',
    exempt: !!p.exempt_residents && (s === 'draft' || s === 'active'),
  }
}

/** The mass-testing permissions of the caller, as /me reports them. */
export function massTestPermissions(me) {
  const p = (me && me.permissions) || {}
  return {
    read: !!p.read_mass_testing,
    manage: !!p.manage_rounds,
    scan: !!p.scan_samples,
    exempt: !!p.exempt_residents,
    lab: !!p.upload_lab_results,
    dispatch: !!p.dispatch_field_work,
  }
}

// ---- people in lists ----

/** A name for lists a worker carries around: 王秀英 -> 王*英, 王英 -> 王*, Zhang San -> Z*******n. */
export function maskName(name) {
  const chars = [...String(name ?? '').trim()]
  if (chars.length <= 1) return chars.join('')
  if (chars.length === 2) return `${chars[0]}*`
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1]
}

/** The side-menu entry a mass-testing route belongs to (null for other routes). */
export function massTestNavIndex(routeName) {
  if (typeof routeName !== 'string' || !routeName.startsWith('mt')) return null
  return {
    mtSampler: '/mass-testing/sampler', mtTasks: '/mass-testing/tasks', mtAlerts: '/mass-testing/alerts', mtLab: '/mass-testing/lab',
    mtRetestSample: '/mass-testing/retest', mtTeams: '/mass-testing/teams',
  }[routeName] || '/mass-testing'
}
