// Party-Day Talk (党日说事) appeals: enumerations of docs/api/appeals.md and the client-side rules
// built on them (which buttons to show, deadline text, filters <-> URL <-> API query). Texts live in
// the locale files under `appeal.*`.

export const CHANNELS = [
  'grid_visit', 'walk_in', 'phone_line', 'wechat_group', 'party_member_visit', 'party_day', 'questionnaire', 'hotline_12345',
]
export const TRACKS = ['immediate', 'consultative']
/** The main line of the workflow, in order; the board has one column each. */
export const BOARD_STATUSES = ['recorded', 'triaged', 'claimed', 'in_progress', 'resolved', 'reported', 'evaluated']
export const SIDE_STATUSES = ['escalated', 'suspended']
export const TERMINAL_STATUSES = ['closed', 'not_responsible', 'merged', 'rejected']
export const STATUSES = [...BOARD_STATUSES, ...SIDE_STATUSES, ...TERMINAL_STATUSES]
/** Statuses that run against a deadline (the server sends a band only for these). */
export const OPEN_STATUSES = ['triaged', 'claimed', 'in_progress']
export const EVALUATIONS = ['satisfied', 'basically_satisfied', 'not_satisfied']
export const REPORTER_KINDS = ['resident', 'named', 'anonymous']
export const MEMBER_KINDS = [
  'party_committee', 'part_time_member', 'unit_in_area', 'property_management', 'owners_committee',
  'social_organisation', 'resident_representative',
]
export const CATEGORY_CODES = [
  'facilities_repair', 'sanitation', 'property_management', 'neighbour_dispute', 'safety_hazard', 'public_services', 'other',
]
export const BANDS = ['green', 'amber', 'red']

/**
 * What each action needs besides `action` and `version`: a required note, and/or other fields.
 * Actions not listed take an optional note only.
 */
export const ACTION_SPECS = {
  triage: { fields: ['track'] },
  mark_not_responsible: { noteRequired: true },
  escalate: { noteRequired: true },
  claim: {},
  start: {},
  resolve: { noteRequired: true },
  return: { noteRequired: true },
  report: { confirm: true },
  evaluate: { fields: ['evaluation'] },
  close: { confirm: true },
  reopen: { confirm: true },
  suspend: { noteRequired: true, more: true },
  resume: {},
  merge: { fields: ['into_id'], more: true },
  reject: { noteRequired: true, more: true },
}
export const ACTIONS = Object.keys(ACTION_SPECS)

/** Order of the buttons: the next step forward first, then the ways aside. */
const BUTTON_ORDER = [
  'triage', 'claim', 'start', 'resolve', 'report', 'evaluate', 'close', 'reopen', 'resume',
  'return', 'escalate', 'mark_not_responsible', 'suspend', 'merge', 'reject',
]
const BUTTON_TYPE = {
  triage: 'primary', claim: 'primary', start: 'primary', resolve: 'success', report: 'primary', evaluate: 'primary',
  close: 'success', reopen: 'warning', resume: 'primary', return: 'warning', escalate: 'warning',
  mark_not_responsible: 'info', suspend: 'info', merge: 'info', reject: 'danger',
}

/**
 * The buttons for the actions the server allows now. `triage` becomes one button per track (only the
 * other track when the appeal is already triaged); a manager may also claim for a big-committee member.
 * @param {{status: string, track?: string|null, allowed_actions?: string[]}} appeal
 * @param {{manager?: boolean}} [opts]
 * @returns {{key: string, action: string, preset: object, type: string, dialog: boolean, confirm: boolean, more: boolean}[]}
 */
export function actionButtons(appeal, { manager = false } = {}) {
  const allowed = new Set((appeal && appeal.allowed_actions) || [])
  const out = []
  const push = (action, key, preset = {}, dialogOverride) => {
    const spec = ACTION_SPECS[action] || {}
    const missing = (spec.fields || []).filter((f) => preset[f] === undefined)
    out.push({
      key, action, preset, type: BUTTON_TYPE[action] || 'default',
      dialog: dialogOverride ?? (!!spec.noteRequired || missing.length > 0),
      confirm: !!spec.confirm, more: !!spec.more,
    })
  }
  for (const action of BUTTON_ORDER) {
    if (!allowed.has(action)) continue
    if (action === 'triage') {
      for (const track of TRACKS) {
        if (appeal.status === 'triaged' && appeal.track === track) continue
        push('triage', `triage:${track}`, { track })
      }
    } else if (action === 'claim') {
      push('claim', 'claim')
      if (manager) push('claim', 'claim:member', {}, true)
    } else {
      push(action, action)
    }
  }
  return out
}

/**
 * Checks a transition form and builds the POST body. Only the fields the action uses are sent.
 * @returns {{ body: object|null, errors: Record<string, string> }} errors: field -> reason key
 */
export function transitionBody(action, version, form = {}) {
  const spec = ACTION_SPECS[action]
  const errors = {}
  if (!spec) return { body: null, errors: { action: 'unknown' } }
  const body = { action, version }
  const note = String(form.note ?? '').trim()
  if (note.length > 1000) errors.note = 'tooLong'
  else if (note) body.note = note
  else if (spec.noteRequired) errors.note = 'required'
  if (action === 'triage') {
    if (!TRACKS.includes(form.track)) errors.track = 'required'
    else body.track = form.track
  }
  if (action === 'evaluate') {
    if (!EVALUATIONS.includes(form.evaluation)) errors.evaluation = 'required'
    else body.evaluation = form.evaluation
  }
  if (action === 'merge') {
    const id = Number(form.into_id)
    if (!Number.isInteger(id) || id <= 0) errors.into_id = 'required'
    else body.into_id = id
  }
  if (action === 'claim' && form.member_id !== undefined && form.member_id !== null && form.member_id !== '') {
    body.member_id = Number(form.member_id)
  }
  return Object.keys(errors).length ? { body: null, errors } : { body, errors }
}

/**
 * How to react to a failed transition: `claimedFirst` / `changedFirst` (409 aborted: reload),
 * `precondition` (409 failed_precondition: show the server's message and reload), `field` (a 400 about
 * a field of the dialog), else `other`.
 */
export function transitionFailure(err, action) {
  const code = err && err.code
  if (code === 'aborted') return action === 'claim' ? 'claimedFirst' : 'changedFirst'
  if (code === 'failed_precondition') return 'precondition'
  if (code === 'invalid_argument' && err.field) return 'field'
  return 'other'
}

/**
 * The deadline colour: the server's `band` when it sent one (even null), else derived from `due_at`
 * (without the triage time amber cannot be told, so only green or red).
 */
export function bandOf(appeal, now = Date.now()) {
  if (!appeal) return null
  if (appeal.band !== undefined) return BANDS.includes(appeal.band) ? appeal.band : null
  if (!OPEN_STATUSES.includes(appeal.status) || !appeal.due_at) return null
  return appeal.due_at < now ? 'red' : 'green'
}

const HOUR = 3600000
const DAY = 24 * HOUR

/**
 * Time left until `dueAt` as a locale key and a count: days left, hours left (under a day), or how
 * long overdue. Returns null without a deadline.
 * @returns {{key: string, n: number} | null}
 */
export function dueText(dueAt, now = Date.now()) {
  if (!dueAt && dueAt !== 0) return null
  const left = Number(dueAt) - now
  if (left > 0) {
    if (left >= DAY) return { key: 'appeal.due.daysLeft', n: Math.floor(left / DAY) }
    return { key: 'appeal.due.hoursLeft', n: Math.max(1, Math.ceil(left / HOUR)) }
  }
  const over = -left
  if (over >= DAY) return { key: 'appeal.due.daysOverdue', n: Math.floor(over / DAY) }
  return { key: 'appeal.due.hoursOverdue', n: Math.max(1, Math.ceil(over / HOUR)) }
}

/** Whether an appeal can still move (not in a terminal status). */
export function isOpen(appeal) {
  return !!appeal && !TERMINAL_STATUSES.includes(appeal.status)
}

// ---- ledger filters: the URL holds them, the API gets them ----

export const EMPTY_FILTERS = Object.freeze({ status: '', track: '', channel: '', category: '', overdue: false, area: null })

const pickOne = (v) => (Array.isArray(v) ? v[0] : v)
const idLike = (v) => (v !== undefined && v !== null && /^\d+$/.test(String(v)) ? String(v) : '')

/** Filters from a route query, dropping unknown values. */
export function filtersFromQuery(query = {}) {
  const q = (k) => pickOne(query[k])
  return {
    status: STATUSES.includes(q('status')) ? q('status') : '',
    track: TRACKS.includes(q('track')) ? q('track') : '',
    channel: CHANNELS.includes(q('channel')) ? q('channel') : '',
    category: idLike(q('category')),
    overdue: q('overdue') === 'true' || q('overdue') === '1',
    area: idLike(q('area')) || null,
  }
}

/** The route query for filters: only what is set, as strings. */
export function filtersToQuery(f = {}) {
  const out = {}
  for (const k of ['status', 'track', 'channel']) if (f[k]) out[k] = String(f[k])
  if (idLike(f.category)) out.category = idLike(f.category)
  if (f.overdue) out.overdue = 'true'
  if (idLike(f.area)) out.area = idLike(f.area)
  return out
}

/** The GET /appeals query for filters and a page. */
export function appealsApiQuery(f = {}, { cursor, limit } = {}) {
  const q = filtersToQuery(f)
  if (cursor) q.cursor = cursor
  if (limit) q.limit = limit
  return q
}

/** How many filters are set (for a badge on the collapsed filter bar). */
export function activeFilterCount(f = {}) {
  return Object.keys(filtersToQuery(f)).length
}

/**
 * Appeals grouped into the board's columns by status; the others (side and terminal statuses) are
 * counted apart.
 */
export function groupByStatus(items = []) {
  const columns = Object.fromEntries(BOARD_STATUSES.map((s) => [s, []]))
  let other = 0
  for (const a of items) {
    if (columns[a.status]) columns[a.status].push(a)
    else other++
  }
  return { columns, other }
}

/** The appeal permissions of the caller, as /me reports them (the server's role table decides). */
export function appealPermissions(me) {
  const p = (me && me.permissions) || {}
  const record = !!p.record_appeal
  const manage = !!p.manage_appeals
  return { read: !!p.read_appeals || record || manage, record, manage }
}
