// The endpoints of the mass-testing operations pages (docs/api/mass-testing.md: Sample points, Field
// teams, Door-to-door sampling, Re-test tasks) not already in masstest-api.js.
import { request } from '../api/client.js'

const enc = (v) => encodeURIComponent(String(v))
const R = (id) => `/mass-testing/rounds/${enc(id)}`
const P = (id) => `/mass-testing/sample-points/${enc(id)}`
const T = (id) => `/mass-testing/teams/${enc(id)}`

export const opsApi = {
  points: (query) => request('GET', '/mass-testing/sample-points', { query }),
  point: (id) => request('GET', P(id)),
  createPoint: (body) => request('POST', '/mass-testing/sample-points', { json: body }),
  updatePoint: (id, body) => request('PATCH', P(id), { json: body }),
  assignBuilding: (id, buildingId) => request('PUT', `${P(id)}/buildings/${enc(buildingId)}`),
  unassignBuilding: (id, buildingId) => request('DELETE', `${P(id)}/buildings/${enc(buildingId)}`),

  teams: (query) => request('GET', '/mass-testing/teams', { query }),
  team: (id) => request('GET', T(id)),
  createTeam: (body) => request('POST', '/mass-testing/teams', { json: body }),
  teamCandidates: (areaId) => request('GET', '/mass-testing/team-candidates', { query: { area: areaId } }),
  addMember: (id, userId) => request('PUT', `${T(id)}/members/${enc(userId)}`),
  removeMember: (id, userId) => request('DELETE', `${T(id)}/members/${enc(userId)}`),

  /** @param {{area_id?: number}} [body] */
  generateDoorTasks: (roundId, body) => request('POST', `${R(roundId)}/door-tasks/generate`, body ? { json: body } : {}),
  doorTasks: (roundId, query) => request('GET', `${R(roundId)}/door-tasks`, { query }),
  assignDoorTasks: (roundId, body) => request('POST', `${R(roundId)}/door-tasks/assign`, { json: body }),

  retests: (roundId, query) => request('GET', `${R(roundId)}/retest-tasks`, { query }),
  retest: (taskId) => request('GET', `/mass-testing/retest-tasks/${enc(taskId)}`),
  /** @param {{client_id: string, tube: string, resident_code?: string, id_number?: string}} body */
  sampleRetest: (taskId, body) => request('POST', `/mass-testing/retest-tasks/${enc(taskId)}/sample`, { json: body }),
  /** One area's counters in a round (limit 1: the households of a building are not needed). */
  areaCoverage: (roundId, areaId) => request('GET', `${R(roundId)}/coverage`, { query: { area: areaId, limit: 1 } }),
}
