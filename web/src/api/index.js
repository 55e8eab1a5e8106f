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
}

function enc(id) {
  return encodeURIComponent(String(id))
}
