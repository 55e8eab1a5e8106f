// Door-to-door sampling tasks (上门采样) as a team's phone shows them: who, where, why, and what can be
// done next. A task row may arrive flat or with the task nested under `task`.
import { maskName } from './masstest.js'

export const DOOR_REASONS = ['bedridden', 'elderly_alone', 'sealed']
export const DOOR_STATUSES = ['open', 'not_home', 'refused', 'sampled']

/**
 * One task row, flattened. The server sends {id, reason, status, resident_id, household_id, note, …,
 * resident: {id, name, id_number, phone, tags} | null, household: {id, unit, room, head_name, member_count,
 * remaining}, building: {id, name}, team: {id, name} | null, sampled}.
 */
export function doorTaskView(row) {
  const task = row && row.task ? { ...row, ...row.task } : { ...(row || {}) }
  const r = task.resident || {}
  const h = task.household && typeof task.household === 'object' ? task.household : {}
  const b = task.building && typeof task.building === 'object' ? task.building : {}
  const residentId = task.resident_id ?? r.id ?? null
  const name = r.name ?? task.resident_name ?? task.name ?? h.head_name ?? ''
  return {
    id: task.id,
    roundId: task.round_id,
    reason: task.reason,
    status: task.status || 'open',
    household: !residentId,
    residentId,
    householdId: task.household_id ?? h.id ?? null,
    name,
    maskedName: maskName(name),
    idNumber: r.id_number ?? task.id_number ?? '',
    phone: r.phone ?? task.phone ?? '',
    tags: r.tags ?? task.tags ?? [],
    unit: h.unit ?? task.unit ?? '',
    room: h.room ?? task.room ?? '',
    building: b.name ?? task.building_name ?? '',
    members: Number(h.member_count ?? task.member_count) || 0,
    remaining: h.remaining ?? null,
    team: task.team?.name ?? task.team_name ?? '',
    note: task.note || '',
    sampled: !!task.sampled,
    doneAt: task.done_at ?? null,
  }
}

/** What the phone may do with a task in its status: sample it, or record not home / refused. */
export function doorActions(task) {
  if (!task || task.status === 'sampled') return { sample: false, notHome: false, refused: false }
  return { sample: true, notHome: true, refused: true }
}

/** el-tag type of a door reason. */
export function doorReasonType(reason) {
  return { bedridden: 'danger', elderly_alone: 'warning', sealed: 'primary' }[reason] || 'info'
}

/** Tasks in the order a team walks them: open first, then not home / refused, done last; by building and room. */
export function sortDoorTasks(tasks) {
  const rank = { open: 0, not_home: 1, refused: 2, sampled: 3 }
  return [...tasks].sort((a, b) => (rank[a.status] ?? 9) - (rank[b.status] ?? 9)
    || String(a.building).localeCompare(String(b.building), 'zh', { numeric: true })
    || String(a.unit).localeCompare(String(b.unit), 'zh', { numeric: true })
    || String(a.room).localeCompare(String(b.room), 'zh', { numeric: true })
    || (a.id ?? 0) - (b.id ?? 0))
}
