// Mass-testing operations (docs/api/mass-testing.md: sample points, field teams, door-to-door
// dispatch, re-test tasks): the form checks that mirror the server's, the bodies sent, and the views of
// the rows the pages show. Texts live in the locale files under `mt.ops.*`.
import { classifyScan, maskName } from './masstest.js'

export const POINT_LIMITS = { name: 50, place: 200, lanesMin: 1, lanesMax: 50, crew: 100, crewName: 30, crewDuty: 30 }
export const TEAM_LIMITS = { name: 50, members: 50 }
export const RETEST_STATUSES = ['pending', 'sampled', 'negative', 'positive', 'invalid']
export const RETEST_KINDS = ['retest', 'resample']

const len = (s) => [...String(s ?? '')].length

// ---- server field names ----

/**
 * Where a server error's `field` points in a form: "crew[2].name" -> {prop: 'crew', index: 2, sub: 'name'},
 * "lanes" -> {prop: 'lanes', index: null, sub: ''}. Empty field: null.
 */
export function parseErrorField(field) {
  if (!field) return null
  const m = /^([A-Za-z_]+)(?:\[(\d+)\])?(?:\.([A-Za-z_]+))?$/.exec(String(field).trim())
  if (!m) return { prop: String(field), index: null, sub: '' }
  return { prop: m[1], index: m[2] !== undefined ? Number(m[2]) : null, sub: m[3] || '' }
}

/** The key a form's error map uses for a parsed field: "crew.2.name", "crew.2", "lanes". */
export function errorKey(f) {
  if (!f) return ''
  if (f.index === null) return f.prop
  return f.sub ? `${f.prop}.${f.index}.${f.sub}` : `${f.prop}.${f.index}`
}

/**
 * An API error as {field key: message} for a form (the server's own message, which names the field
 * and why), or {general} when it names no field the form has.
 * @param {{field?: string, serverMessage?: string, message?: string, code?: string}} err
 * @param {string[]} props the form's top-level props
 */
export function formErrorFromApi(err, props) {
  const message = (err && (err.serverMessage || err.message)) || ''
  const f = parseErrorField(err && err.field)
  if (f && props.includes(f.prop)) return { fields: { [errorKey(f)]: message }, general: null }
  return { fields: {}, general: message || null }
}

// ---- sample points ----

/** The edit form of a point (a new one when `point` is absent). */
export function pointForm(point, defaults = {}) {
  if (!point) {
    return { area_id: defaults.areaId ?? null, name: '', place: '', lanes: 1, crew: [], scoped: true }
  }
  return {
    area_id: point.area?.id ?? null,
    name: point.name || '',
    place: point.place || '',
    lanes: point.lanes ?? 1,
    crew: (point.crew || []).map((c) => ({ name: c.name || '', duty: c.duty || '' })),
    scoped: point.round_id !== null && point.round_id !== undefined,
  }
}

/**
 * Checks a point form as the server does; errors map field keys ("name", "crew.1.name") to
 * `{key, params}` of `mt.ops.point.errors.*`.
 */
export function checkPointForm(form, { creating = true } = {}) {
  const errors = {}
  const put = (k, key, params = {}) => { errors[k] = { key: `mt.ops.point.errors.${key}`, params } }
  const name = String(form.name ?? '').trim()
  if (creating && !form.area_id) put('area_id', 'areaRequired')
  if (!name) put('name', 'nameRequired')
  else if (len(name) > POINT_LIMITS.name) put('name', 'tooLong', { n: POINT_LIMITS.name })
  if (len(String(form.place ?? '').trim()) > POINT_LIMITS.place) put('place', 'tooLong', { n: POINT_LIMITS.place })
  const lanes = Number(form.lanes)
  if (!Number.isInteger(lanes) || lanes < POINT_LIMITS.lanesMin || lanes > POINT_LIMITS.lanesMax) put('lanes', 'lanes')
  const crew = form.crew || []
  if (crew.length > POINT_LIMITS.crew) put('crew', 'crewTooMany', { n: POINT_LIMITS.crew })
  crew.forEach((c, i) => {
    const n = String(c.name ?? '').trim()
    if (!n) put(`crew.${i}.name`, 'crewName')
    else if (len(n) > POINT_LIMITS.crewName) put(`crew.${i}.name`, 'tooLong', { n: POINT_LIMITS.crewName })
    if (len(String(c.duty ?? '').trim()) > POINT_LIMITS.crewDuty) put(`crew.${i}.duty`, 'tooLong', { n: POINT_LIMITS.crewDuty })
  })
  return errors
}

const cleanCrew = (crew) => (crew || []).map((c) => ({ name: String(c.name ?? '').trim(), duty: String(c.duty ?? '').trim() }))

/** POST /sample-points body: the round's own point, or a standing one (round_id left out). */
export function pointCreateBody(form, roundId) {
  const body = {
    area_id: Number(form.area_id),
    name: String(form.name).trim(),
    place: String(form.place ?? '').trim(),
    lanes: Number(form.lanes),
    crew: cleanCrew(form.crew),
  }
  if (form.scoped && roundId) body.round_id = Number(roundId)
  return body
}

/**
 * PATCH /sample-points/{id} body: only what the user changed from `point` (the version the form was
 * opened on), sent with `version` — the stored one after a lost race, so that another user's edit
 * of the other fields is kept. Null when nothing changed.
 */
export function pointPatchBody(form, point, version = point.version) {
  const body = { version }
  const name = String(form.name).trim()
  const place = String(form.place ?? '').trim()
  if (name !== point.name) body.name = name
  if (place !== (point.place || '')) body.place = place
  if (Number(form.lanes) !== point.lanes) body.lanes = Number(form.lanes)
  const crew = cleanCrew(form.crew)
  const before = cleanCrew(point.crew)
  if (JSON.stringify(crew) !== JSON.stringify(before)) body.crew = crew
  return Object.keys(body).length > 1 ? body : null
}

/** "李医生（采样）、王志愿者" — the crew on one line. */
export function crewText(crew, sep = '、') {
  return (crew || []).map((c) => (c.duty ? `${c.name}（${c.duty}）` : c.name)).join(sep)
}

/** The points of a round first (the round's own, then standing ones), each by path and name. */
export function sortPoints(points) {
  return [...(points || [])].sort((a, b) => (a.round_id === null) - (b.round_id === null)
    || String(a.path).localeCompare(String(b.path)) || (a.id ?? 0) - (b.id ?? 0))
}

// ---- field teams ----

/**
 * The member list of a new team: the ids picked from the candidates (an array), or user ids typed with
 * commas, spaces or new lines between them.
 * @returns {{ids: number[], bad: string[]}}
 */
export function parseMemberIds(text) {
  const ids = []
  const bad = []
  const parts = Array.isArray(text) ? text.map(String) : String(text ?? '').split(/[\s,，、;；]+/)
  for (const part of parts) {
    if (!part) continue
    if (/^\d+$/.test(part) && Number(part) > 0) { if (!ids.includes(Number(part))) ids.push(Number(part)) } else bad.push(part)
  }
  return { ids, bad }
}

/** Checks the new-team form; errors as checkPointForm's, under `mt.ops.team.errors.*`. */
export function checkTeamForm(form) {
  const errors = {}
  if (!form.area_id) errors.area_id = { key: 'mt.ops.team.errors.areaRequired', params: {} }
  const name = String(form.name ?? '').trim()
  if (!name) errors.name = { key: 'mt.ops.team.errors.nameRequired', params: {} }
  else if (len(name) > TEAM_LIMITS.name) errors.name = { key: 'mt.ops.team.errors.tooLong', params: { n: TEAM_LIMITS.name } }
  const { ids, bad } = parseMemberIds(form.members)
  if (bad.length) errors.member_ids = { key: 'mt.ops.team.errors.memberIds', params: { bad: bad.join(' ') } }
  else if (ids.length > TEAM_LIMITS.members) errors.member_ids = { key: 'mt.ops.team.errors.tooMany', params: { n: TEAM_LIMITS.members } }
  return errors
}

export function teamCreateBody(form) {
  return { area_id: Number(form.area_id), name: String(form.name).trim(), member_ids: parseMemberIds(form.members).ids }
}

/** A member as a list shows them: display name (username). */
export function memberLabel(m) {
  if (!m) return ''
  return m.display_name && m.display_name !== m.username ? `${m.display_name}（${m.username}）` : m.username || String(m.user_id)
}

/** A user of GET /team-candidates (`id`, not `user_id`) as memberLabel shows a member. */
export const candidateLabel = (u) => memberLabel({ ...u, user_id: u.id })

// ---- door-to-door dispatch ----

/**
 * The body of POST /rounds/{id}/door-tasks/assign. `to`: {team: id} | {user: id} | {} (unassign);
 * either the chosen tasks or every unsampled task under an area.
 */
export function assignBody({ taskIds = [], areaId = null, to = {} }) {
  const body = {}
  if (taskIds.length) body.task_ids = taskIds.map(Number)
  else if (areaId) body.area_id = Number(areaId)
  else return null
  if (to.team) body.team_id = Number(to.team)
  else if (to.user) body.user_id = Number(to.user)
  return body
}

/** The answer of door-tasks/generate as lines to show: how many tasks and why. */
export function generateSummary(res) {
  const person = Number(res?.person_tasks) || 0
  const household = Number(res?.household_tasks) || 0
  return { person, household, created: Number(res?.created ?? person + household) || 0 }
}

/** Counts of the loaded door tasks by reason and by status. */
export function doorCounts(tasks) {
  const byReason = { bedridden: 0, elderly_alone: 0, sealed: 0 }
  const byStatus = { open: 0, not_home: 0, refused: 0, sampled: 0 }
  for (const t of tasks || []) {
    if (t.reason in byReason) byReason[t.reason]++
    if (t.status in byStatus) byStatus[t.status]++
  }
  return { byReason, byStatus }
}

/** Who a door task goes to, as a short text. */
export function doorAssigneeText(task, teams = []) {
  if (task.team) return task.team.name || `#${task.team.id}`
  if (task.team_id) return (teams.find((t) => t.id === task.team_id) || {}).name || `#${task.team_id}`
  if (task.assignee_id) return `#${task.assignee_id}`
  return ''
}

// ---- re-test tasks ----

/** One row of GET /rounds/{id}/retest-tasks, flattened for lists. */
export function retestView(row) {
  const r = row.resident || {}
  const h = row.household || {}
  return {
    id: row.id,
    roundId: row.round_id,
    kind: row.kind,
    status: row.status,
    sourceTube: row.source_tube || '',
    tube: row.tube || '',
    residentId: row.resident_id ?? r.id ?? null,
    name: r.name || '',
    maskedName: maskName(r.name || ''),
    idNumber: r.id_number || '',
    phone: r.phone || '',
    householdId: row.household_id ?? h.id ?? null,
    unit: h.unit || '',
    room: h.room || '',
    building: row.building?.name || '',
    path: row.path || '',
    sampledAt: row.sampled_at ?? null,
    resultAt: row.result_at ?? null,
    createdAt: row.created_at ?? null,
  }
}

/** A re-test is sampled while pending, and again after an invalid result. */
export function canSampleRetest(task) {
  return !!task && (task.status === 'pending' || task.status === 'invalid')
}

/** el-tag type of a re-test status. */
export function retestStatusType(status) {
  return { pending: 'warning', sampled: 'primary', negative: 'success', positive: 'danger', invalid: 'info' }[status] || 'info'
}

/** Query of the re-test list from the page's filters ('' and 'all' left out). */
export function retestQuery({ area, status, kind, cursor, limit } = {}) {
  const q = {}
  if (area) q.area = area
  if (status && status !== 'all') q.status = status
  if (kind && kind !== 'all') q.kind = kind
  if (cursor) q.cursor = cursor
  if (limit) q.limit = limit
  return q
}

/**
 * The person scanned at the door for a re-test: a resident code (checked against the task's person at
 * once, since the code carries the id) or an ID number (the server compares it).
 * @returns {{ok: true, subject: {resident_code?: string, id_number?: string}} | {ok: false, key: string, params?: object}}
 */
export function retestSubject(text, task, today = new Date()) {
  const c = classifyScan(text, today)
  if (c.kind === 'empty') return { ok: false, key: 'mt.ops.retest.scanPerson' }
  if (c.kind === 'bad_resident_code') return { ok: false, key: 'mt.local.badResidentCode' }
  if (c.kind === 'bad_id_number') return { ok: false, key: `mt.idCheck.${c.check.reason}`, params: { n: c.check.n ?? 0, expected: c.check.expected ?? '' } }
  if (c.kind !== 'resident') return { ok: false, key: 'mt.ops.retest.notAPerson' }
  if (c.by === 'resident_code') {
    if (task && task.residentId && c.residentId !== Number(task.residentId)) return { ok: false, key: 'mt.ops.retest.wrongPerson' }
    return { ok: true, subject: { resident_code: c.value } }
  }
  return { ok: true, subject: { id_number: c.value } }
}

/** A new single tube's code, as the sampler's page checks tube codes. */
export function retestTube(text) {
  const c = classifyScan(text)
  if (c.kind === 'empty') return { ok: false, key: 'mt.ops.retest.scanTube' }
  if (c.kind === 'tube') return { ok: true, code: c.value }
  if (c.kind === 'bad_tube') return { ok: false, key: c.reason === 'length' ? 'mt.local.tubeTooLong' : 'mt.local.tubeChars' }
  return { ok: false, key: 'mt.ops.retest.notATube' }
}

/** The verdict of POST /retest-tasks/{id}/sample for the flash: ok, or refused naming the field. */
export function retestVerdict(result) {
  if (result.ok) {
    return { kind: 'ok', sound: 'ok', key: result.replayed ? 'mt.ops.retest.replayed' : 'mt.ops.retest.sampled', params: { code: result.tube || '' } }
  }
  const e = result.error || {}
  const f = parseErrorField(e.field)
  return { kind: 'refused', sound: 'refused', message: e.serverMessage || e.message || '', field: f ? f.prop : '', key: 'mt.ops.retest.failed' }
}
