// Party-day sessions (党日): the client-side rules of the session pages — statuses, which buttons to
// show (from the server's allowed_actions), the rows of each agenda section, and the request bodies.
// Contract: docs/api/appeals.md, "Party-day sessions". Texts live in the locale files under
// `partySession.*`.

export const SESSION_STATUSES = ['planned', 'open', 'closed']
/** The agenda sections in meeting order. */
export const AGENDA_SECTIONS = ['report_back', 'to_claim', 'overdue']

const DAY = 24 * 3600 * 1000

/** el-tag type for a session status. */
export function sessionTagType(status) {
  return { planned: 'info', open: 'success', closed: '' }[status] ?? 'info'
}

/** Whether the caller may take `action` on `session` now (the server's allowed_actions decide). */
export function canDo(session, action) {
  return !!session && Array.isArray(session.allowed_actions) && session.allowed_actions.includes(action)
}

/**
 * The community whose sessions to show: the `community` query parameter when it is an id, else the
 * user's own area when that is a community or village; null when the user must choose one.
 */
export function communityFor(query, me) {
  const q = Array.isArray(query?.community) ? query.community[0] : query?.community
  if (q !== undefined && q !== null && /^\d+$/.test(String(q))) return Number(q)
  const area = me && me.area
  if (area && ['community', 'village'].includes(area.level)) return area.id
  return null
}

/**
 * Section (b) as the meeting sees it: the items still waiting to be claimed, then those claimed at
 * this session (with the member who took each), oldest claim first.
 * @returns {{appeal: object, claim: object|null}[]}
 */
export function claimRows(detail) {
  if (!detail) return []
  const waiting = ((detail.agenda && detail.agenda.to_claim) || []).map((appeal) => ({ appeal, claim: null }))
  const seen = new Set(waiting.map((r) => r.appeal.id))
  const claimed = (detail.claims || []).filter((c) => !seen.has(c.appeal.id)).map((c) => ({ appeal: c.appeal, claim: c }))
  return [...waiting, ...claimed]
}

/** Whether an item of section (a) has been reported back already (at this session or before). */
export function isReported(appeal) {
  return !!appeal && appeal.status !== 'resolved' && appeal.reported_at != null
}

/** How many items of section (a) closing the session will report back. */
export function pendingReports(detail) {
  return ((detail && detail.agenda && detail.agenda.report_back) || []).filter((a) => a.status === 'resolved').length
}

/** Whole days past due at `now` (0 when not overdue or without a deadline). */
export function daysOverdue(appeal, now = Date.now()) {
  if (!appeal || appeal.due_at == null) return 0
  const over = now - Number(appeal.due_at)
  return over > 0 ? Math.max(1, Math.floor(over / DAY)) : 0
}

/** The member ids of the attendee list, for the checklist. */
export function attendeeIds(session) {
  return ((session && session.attendees) || []).map((a) => a.member_id)
}

/**
 * Members to offer in the attendee checklist: the active register plus anyone already on the list
 * who has left the register since (they stay as recorded).
 */
export function attendeeChoices(members = [], session = null) {
  const out = members.map((m) => ({ id: m.id, name: m.name, kind: m.kind, unit_name: m.unit_name }))
  for (const a of (session && session.attendees) || []) {
    if (!out.some((m) => m.id === a.member_id)) out.push({ id: a.member_id, name: a.name, kind: a.kind, unit_name: a.unit_name })
  }
  return out
}

/**
 * The PATCH body for what changed between the session and the edited values (only those fields),
 * or null when nothing changed.
 * @param {object} session as the server sent it
 * @param {{minutes?: string, other_attendees?: string, attendee_member_ids?: number[], title?: string, held_on?: string}} edits
 */
export function patchBody(session, edits) {
  const body = { version: session.version }
  let changed = false
  for (const f of ['title', 'held_on', 'minutes', 'other_attendees']) {
    if (edits[f] !== undefined && edits[f] !== (session[f] ?? '')) {
      body[f] = edits[f]
      changed = true
    }
  }
  if (edits.attendee_member_ids !== undefined) {
    const before = attendeeIds(session).slice().sort((x, y) => x - y)
    const after = [...new Set(edits.attendee_member_ids.map(Number))].sort((x, y) => x - y)
    if (before.length !== after.length || before.some((v, i) => v !== after[i])) {
      body.attendee_member_ids = after
      changed = true
    }
  }
  return changed ? body : null
}

/** The body of POST /party-sessions/{id}/claims, or null until a member is chosen. */
export function claimBody(appeal, memberId, note = '') {
  if (!appeal || !memberId) return null
  const body = { appeal_id: appeal.id, member_id: Number(memberId), version: appeal.version }
  const n = String(note || '').trim()
  if (n) body.note = n
  return body
}

/** "2022-04-29" → a Date at local midnight (for display); null when malformed. */
export function parseIsoDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text || ''))
  if (!m) return null
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}

/** A session date for people: "2022年4月29日 星期五" / "Fri, Apr 29, 2022". */
export function formatSessionDate(text, locale) {
  const d = parseIsoDate(text)
  if (!d) return text || ''
  return d.toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' })
}
