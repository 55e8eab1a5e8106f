// The mass-testing endpoints (docs/api/mass-testing.md), and the sender of the sampler's queue,
// which needs the whole body of a 409 (a refused scan is an answer, not an error).
import { request, buildUrl } from '../api/client.js'
import { SendError, batchErrorIndex } from './masstest-queue.js'

const enc = (v) => encodeURIComponent(String(v))
const R = (id) => `/mass-testing/rounds/${enc(id)}`

export const mtApi = {
  rounds: (query) => request('GET', '/mass-testing/rounds', { query }),
  round: (id) => request('GET', R(id)),
  createRound: (body) => request('POST', '/mass-testing/rounds', { json: body }),
  activateRound: (id) => request('POST', `${R(id)}/activate`),
  closeRound: (id) => request('POST', `${R(id)}/close`),

  sealedBuildings: (id) => request('GET', `${R(id)}/sealed-buildings`),
  sealBuilding: (id, buildingId) => request('PUT', `${R(id)}/sealed-buildings/${enc(buildingId)}`),
  unsealBuilding: (id, buildingId) => request('DELETE', `${R(id)}/sealed-buildings/${enc(buildingId)}`),

  exemptions: (id, query) => request('GET', `${R(id)}/exemptions`, { query }),
  exempt: (id, body) => request('POST', `${R(id)}/exemptions`, { json: body }),
  unexempt: (id, residentId) => request('DELETE', `${R(id)}/exemptions/${enc(residentId)}`),

  tube: (id, code) => request('GET', `${R(id)}/tubes/${enc(code)}`),
  /** @param {{reason: string}} [reveal] */
  trace: (id, code, reveal) => request('GET', `${R(id)}/tubes/${enc(code)}/trace`, {
    query: reveal ? { reveal: 'true', reason: reveal.reason } : undefined,
  }),
  alerts: (id, query) => request('GET', `${R(id)}/alerts`, { query }),
  retests: (id, query) => request('GET', `${R(id)}/retest-tasks`, { query }),
  samplePoints: (roundId) => request('GET', '/mass-testing/sample-points', { query: { round: roundId } }),
  myPoint: () => request('GET', '/mass-testing/my-point'),
  bindPoint: (pointId) => request('PUT', '/mass-testing/my-point', { json: { point_id: Number(pointId) } }),
  unbindPoint: () => request('DELETE', '/mass-testing/my-point'),
  doorTasks: (id, query) => request('GET', `${R(id)}/door-tasks`, { query }),
  /** @param {{outcome: 'sampled'|'not_home'|'refused', client_id?: string, note?: string}} body */
  completeDoorTask: (taskId, body) => request('POST', `/mass-testing/door-tasks/${enc(taskId)}/done`, { json: body }),
  coverage: (id, query) => request('GET', `${R(id)}/coverage`, { query }),
  untested: (id, query) => request('GET', `${R(id)}/untested`, { query }),
}

/** The operation as the server takes it: the queue's own fields left out. */
export function wireOp(o) {
  const out = { op: o.op, tube: o.tube }
  if (o.op === 'scan') {
    out.client_id = o.client_id
    for (const k of ['resident_id', 'resident_code', 'id_number', 'scanned_at', 'kind']) {
      if (o[k] !== undefined && o[k] !== null && o[k] !== '') out[k] = o[k]
    }
  }
  if (o.op === 'open' && o.point_id) out.point_id = o.point_id
  return out
}

async function post(path, json, fetchFn) {
  let res
  try {
    res = await fetchFn(buildUrl(path), {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(json),
      credentials: 'same-origin',
    })
  } catch {
    throw new SendError(0, '')
  }
  let data = null
  if ((res.headers.get('Content-Type') || '').includes('json')) {
    try { data = await res.json() } catch { data = null }
  }
  return { status: res.status, data }
}

function failure(status, data) {
  const e = (data && data.error) || {}
  return new SendError(status, e.message || '', batchErrorIndex(e.field))
}

/** The answer to opening or closing a tube, in the batch item shape. */
function tubeResult(op, status, data) {
  if (status >= 200 && status < 300) {
    // the answer is an operation result ({op, outcome, tube}); a bare tube is taken as accepted
    if (data && data.outcome) return { ...data, op }
    return { op, outcome: 'accepted', tube: data && data.tube ? data.tube : data }
  }
  if (status === 409 && data) {
    if (data.outcome) return { op, ...data }
    const e = data.error || {}
    return { op, outcome: 'refused', reason: e.reason || '', message: e.message || '', tube: data.tube || null }
  }
  throw failure(status, data)
}

/**
 * Sends a group of queued operations of one round: one alone through its single endpoint, more as
 * one batch. Answers one result per operation, in order (the ScanQueue's `send`).
 * @param {number|string} roundId
 * @param {object[]} ops
 * @param {typeof fetch} [fetchFn]
 */
export async function sendOps(roundId, ops, fetchFn = (...a) => fetch(...a)) {
  if (ops.length === 1) {
    const o = ops[0]
    if (o.op === 'open') {
      const { status, data } = await post(`${R(roundId)}/tubes`, o.point_id ? { code: o.tube, point_id: o.point_id } : { code: o.tube }, fetchFn)
      return [tubeResult('open', status, data)]
    }
    if (o.op === 'close') {
      const { status, data } = await post(`${R(roundId)}/tubes/${enc(o.tube)}/close`, {}, fetchFn)
      return [tubeResult('close', status, data)]
    }
    const { op: _op, ...body } = wireOp(o)
    const { status, data } = await post(`${R(roundId)}/scans`, body, fetchFn)
    if ((status >= 200 && status < 300) || (status === 409 && data && data.outcome)) return [{ op: 'scan', ...data }]
    throw failure(status, data)
  }
  const { status, data } = await post(`${R(roundId)}/scans/batch`, { items: ops.map(wireOp) }, fetchFn)
  if (status >= 200 && status < 300 && data && Array.isArray(data.items)) return data.items
  throw failure(status, data)
}

/**
 * Posts a lab's CSV to the round. Answers {status, data} without throwing for 4xx, because a refused
 * upload carries its row errors in the body.
 * @param {number|string} roundId
 * @param {Blob|string} csv
 * @param {{encoding?: string}} [opts]
 */
export async function uploadLabCsv(roundId, csv, { encoding = 'auto' } = {}, fetchFn = (...a) => fetch(...a)) {
  let res
  try {
    res = await fetchFn(buildUrl(`${R(roundId)}/lab-results`, { encoding }), {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'text/csv' },
      body: csv,
      credentials: 'same-origin',
    })
  } catch {
    return { status: 0, data: null }
  }
  let data = null
  if ((res.headers.get('Content-Type') || '').includes('json')) {
    try { data = await res.json() } catch { data = null }
  }
  return { status: res.status, data }
}
