// One function per endpoint of the wangge API.
import { request } from './client.js'

export const api = {
  login: (username, password) =>
    request('POST', '/session', { json: { username, password }, authRedirect: false }),
  logout: () => request('DELETE', '/session', { authRedirect: false }),
  me: () => request('GET', '/me', { authRedirect: false }),

  area: (id) => request('GET', `/areas/${enc(id)}`),
  areaChildren: (id) => request('GET', `/areas/${enc(id)}/children`),
  areaHouseholds: (id, cursor, limit = 20) =>
    request('GET', `/areas/${enc(id)}/households`, { query: { cursor, limit } }),

  household: (id) => request('GET', `/households/${enc(id)}`),
  createHousehold: (body) => request('POST', '/households', { json: body }),

  searchResidents: ({ q, area, cursor, limit = 20 }) =>
    request('GET', '/residents', { query: { q, area, cursor, limit } }),
  resident: (id, reveal) =>
    request('GET', `/residents/${enc(id)}`, {
      query: reveal ? { reveal: 'true', reason: reveal.reason } : undefined,
    }),
  residentHistory: (id) => request('GET', `/residents/${enc(id)}/history`),
  createResident: (body) => request('POST', '/residents', { json: body }),
  updateResident: (id, body) => request('PATCH', `/residents/${enc(id)}`, { json: body }),
  moveResident: (id, householdId) =>
    request('POST', `/residents/${enc(id)}/move`, { json: { household_id: householdId } }),

  /** @param {Blob|string} csv */
  startImport: (csv, { encoding = 'auto', skipInvalid = false } = {}) =>
    request('POST', '/imports', {
      query: { encoding, skip_invalid: skipInvalid ? 'true' : 'false' },
      body: csv,
      contentType: 'text/csv',
    }),
  importJob: (id) => request('GET', `/imports/${enc(id)}`),

  // Party-Day Talk appeals (docs/api/appeals.md)
  appealCategories: () => request('GET', '/appeal-categories'),
  /** @param {object} query status, track, channel, category, area, overdue, cursor, limit */
  appeals: (query) => request('GET', '/appeals', { query }),
  appealsOverdue: (area) => request('GET', '/appeals/overdue', { query: { area } }),
  appealsMine: () => request('GET', '/appeals/mine'),
  appeal: (id) => request('GET', `/appeals/${enc(id)}`),
  createAppeal: (body) => request('POST', '/appeals', { json: body }),
  /** @param {{action: string, version: number, note?: string}} body */
  appealTransition: (id, body) => request('POST', `/appeals/${enc(id)}/transitions`, { json: body }),
  committeeMembers: (communityId) => request('GET', `/communities/${enc(communityId)}/committee-members`),
  appealSettings: (communityId) => request('GET', `/communities/${enc(communityId)}/appeal-settings`),
  /** @param {{area_id?: number|string, from?: string, to?: string}} query months as 'YYYY-MM' */
  appealFigures: (query) => request('GET', '/appeal-figures', { query }),

  // Party-day sessions (docs/api/appeals.md, "Party-day sessions")
  partySessions: (communityId) => request('GET', `/communities/${enc(communityId)}/party-sessions`),
  /** @param {{held_on?: string, title?: string}} body */
  createPartySession: (communityId, body) =>
    request('POST', `/communities/${enc(communityId)}/party-sessions`, { json: body }),
  partySession: (id) => request('GET', `/party-sessions/${enc(id)}`),
  /** @param {{version: number, title?, held_on?, minutes?, other_attendees?, attendee_member_ids?}} body */
  updatePartySession: (id, body) => request('PATCH', `/party-sessions/${enc(id)}`, { json: body }),
  deletePartySession: (id, version) => request('DELETE', `/party-sessions/${enc(id)}`, { query: { version } }),
  openPartySession: (id, version) => request('POST', `/party-sessions/${enc(id)}/open`, { json: { version } }),
  closePartySession: (id, version) => request('POST', `/party-sessions/${enc(id)}/close`, { json: { version } }),
  /** @param {{appeal_id: number, member_id: number, version: number, note?: string}} body */
  claimAtPartySession: (id, body) => request('POST', `/party-sessions/${enc(id)}/claims`, { json: body }),
  /** @param {object} body the intake body of POST /appeals without channel; area_id defaults to the community */
  raiseAtPartySession: (id, body) => request('POST', `/party-sessions/${enc(id)}/items`, { json: body }),

  // Appeal follow-up (docs/api/appeals.md, "Follow-up")
  appealExtensions: (id) => request('GET', `/appeals/${enc(id)}/extensions`),
  /** @param {{due_at: number, reason: string}} body */
  requestExtension: (id, body) => request('POST', `/appeals/${enc(id)}/extensions`, { json: body }),
  pendingExtensions: () => request('GET', '/extensions', { query: { status: 'pending' } }),
  /** @param {{decision: 'approve'|'refuse', note?: string}} body */
  decideExtension: (id, body) => request('POST', `/extensions/${enc(id)}/decision`, { json: body }),
  appealPhotos: (id) => request('GET', `/appeals/${enc(id)}/photos`),
  /** @param {Blob} blob @param {string} type image/jpeg, image/png or image/webp */
  uploadAppealPhoto: (id, blob, type, eventId) =>
    request('POST', `/appeals/${enc(id)}/photos`, { query: { event_id: eventId }, body: blob, contentType: type }),
  evaluationLink: (id) => request('GET', `/appeals/${enc(id)}/evaluation-link`),
  createEvaluationLink: (id) => request('POST', `/appeals/${enc(id)}/evaluation-link`),
  /** @param {{area_id: string, category_id: string, household_id?: string}} query */
  similarAppeals: (query, signal) => request('GET', '/appeals/similar', { query, signal }),
  publicEvaluation: (token) => request('GET', `/public/evaluations/${enc(token)}`, { authRedirect: false }),
  /** @param {{evaluation: string, comment?: string}} body */
  submitPublicEvaluation: (token, body) =>
    request('POST', `/public/evaluations/${enc(token)}`, { json: body, authRedirect: false }),
}

function enc(id) {
  return encodeURIComponent(String(id))
}
