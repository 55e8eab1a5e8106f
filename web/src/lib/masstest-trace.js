// The trace of a positive pool as the page shows it: the tube's people and, from their paths and the
// areas the server sends along, their households, buildings, grids and communities, and how far the
// single-tube re-tests have got.

export const RETEST_STATUSES = ['pending', 'sampled', 'negative', 'positive', 'invalid']

/** Area ids along a materialised path "/1/7/42/", root first. */
export function pathIds(path) {
  return String(path || '').split('/').filter((x) => /^\d+$/.test(x)).map(Number)
}

/** The resident fields of a trace person, whether nested under `resident` or flat. */
export function personOf(p) {
  const r = p.resident || {}
  return {
    id: r.id ?? p.resident_id ?? null,
    name: r.name ?? p.name ?? '',
    id_number: r.id_number ?? p.id_number ?? '',
    phone: r.phone ?? p.phone ?? '',
    tags: r.tags ?? p.tags ?? [],
  }
}

/**
 * Groups a trace.
 * @param {{tube: object, people: object[], areas?: object[], people_elsewhere?: number}} trace
 * @returns {{people: object[], households: object[], buildings: object[], grids: object[], communities: object[],
 *   retest: Record<string, number>, elsewhere: number}}
 */
export function groupTrace(trace) {
  const areas = new Map((trace?.areas || []).map((a) => [String(a.id), a]))
  // unit and room come with the trace's households (or on each person)
  const homes = new Map((trace?.households || []).map((h) => [String(h.id), h]))
  const find = (ids, levels) => {
    for (let i = ids.length - 1; i >= 0; i--) {
      const a = areas.get(String(ids[i]))
      if (a && levels.includes(a.level)) return a
    }
    return null
  }
  const people = []
  const households = new Map()
  const buildings = new Map()
  const grids = new Map()
  const communities = new Map()
  const retest = Object.fromEntries(RETEST_STATUSES.map((s) => [s, 0]))
  const add = (map, key, make) => {
    if (key === null || key === undefined) return null
    if (!map.has(String(key))) map.set(String(key), { ...make(), people: 0 })
    const v = map.get(String(key))
    v.people++
    return v
  }
  for (const p of trace?.people || []) {
    const ids = pathIds(p.path)
    const building = areas.get(String(p.building_id)) || find(ids, ['building'])
    const grid = find(ids, ['grid'])
    const community = find(ids, ['community', 'village'])
    const person = personOf(p)
    const home = homes.get(String(p.household_id)) || {}
    const unit = p.unit ?? home.unit ?? ''
    const room = p.room ?? home.room ?? ''
    const status = p.retest ? p.retest.status : null
    if (status && retest[status] !== undefined) retest[status]++
    people.push({
      seq: p.tube_seq, ...person, household_id: p.household_id, unit, room,
      building: building ? { id: building.id, name: building.name } : p.building_id ? { id: p.building_id, name: '' } : null,
      grid: grid ? { id: grid.id, name: grid.name } : null,
      community: community ? { id: community.id, name: community.name } : null,
      scanned_at: p.scanned_at, retest: p.retest || null,
    })
    add(households, p.household_id, () => ({ id: p.household_id, unit, room, building: building ? building.name : '' }))
    if (building || p.building_id) add(buildings, (building && building.id) ?? p.building_id, () => ({ id: (building && building.id) ?? p.building_id, name: building ? building.name : '' }))
    if (grid) add(grids, grid.id, () => ({ id: grid.id, name: grid.name }))
    if (community) add(communities, community.id, () => ({ id: community.id, name: community.name, level: community.level }))
  }
  people.sort((a, b) => (a.seq || 0) - (b.seq || 0))
  return {
    people,
    households: [...households.values()],
    buildings: [...buildings.values()],
    grids: [...grids.values()],
    communities: [...communities.values()],
    retest,
    elsewhere: Number(trace?.people_elsewhere) || 0,
  }
}

/** el-tag type of a re-test status. */
export function retestTagType(status) {
  return { pending: 'warning', sampled: 'primary', negative: 'success', positive: 'danger', invalid: 'info' }[status] || 'info'
}

/** el-tag type of a tube result. */
export function resultTagType(result) {
  return { positive: 'danger', negative: 'success', invalid: 'warning' }[result] || 'info'
}
