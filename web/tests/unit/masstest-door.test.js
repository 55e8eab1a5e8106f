import { describe, it, expect } from 'vitest'
import { doorTaskView, doorActions, doorReasonType, sortDoorTasks, DOOR_REASONS, DOOR_STATUSES } from '../../src/lib/masstest-door.js'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'

describe('door tasks', () => {
  it('flattens a row with the task nested or flat', () => {
    const nested = doorTaskView({ task: { id: 5, round_id: 1, reason: 'bedridden', resident_id: 9, household_id: 3, status: 'open' }, resident_name: '王秀英', unit: '2', room: '301', building_name: '1号楼', tags: ['bedridden'] })
    expect(nested).toMatchObject({ id: 5, reason: 'bedridden', household: false, residentId: 9, maskedName: '王*英', building: '1号楼', room: '301', tags: ['bedridden'] })
    const flat = doorTaskView({ id: 6, reason: 'sealed', household_id: 4, status: 'not_home', member_count: 3 })
    expect(flat).toMatchObject({ id: 6, household: true, residentId: null, members: 3, status: 'not_home' })
  })
  it('reads the server row shape', () => {
    const v = doorTaskView({
      id: 7, round_id: 1, reason: 'sealed', status: 'open', resident_id: null, household_id: 40, note: '',
      resident: null, household: { id: 40, unit: '2', room: '301', head_name: '李建国', member_count: 4, remaining: 3 },
      building: { id: 9, name: '3号楼' }, team: { id: 2, name: '第一小分队' }, sampled: false,
    })
    expect(v).toMatchObject({ id: 7, household: true, householdId: 40, unit: '2', room: '301', building: '3号楼', members: 4, remaining: 3, team: '第一小分队', maskedName: '李*国' })
    const p = doorTaskView({ id: 8, reason: 'bedridden', status: 'not_home', resident_id: 5, household_id: 41, resident: { id: 5, name: '王秀英', tags: ['bedridden'] }, household: { id: 41, unit: '1', room: '101', member_count: 1 }, building: { id: 9, name: '3号楼' } })
    expect(p).toMatchObject({ household: false, residentId: 5, maskedName: '王*英', tags: ['bedridden'], status: 'not_home' })
  })

  it('offers actions until sampled', () => {
    expect(doorActions({ status: 'open' })).toEqual({ sample: true, notHome: true, refused: true })
    expect(doorActions({ status: 'not_home' }).sample).toBe(true)
    expect(doorActions({ status: 'sampled' })).toEqual({ sample: false, notHome: false, refused: false })
    expect(doorReasonType('sealed')).toBe('primary')
  })
  it('sorts open tasks first, then by building, unit and room (numbers in order)', () => {
    const s = sortDoorTasks([
      { id: 1, status: 'sampled', building: '1号楼', unit: '1', room: '101' },
      { id: 2, status: 'open', building: '10号楼', unit: '1', room: '101' },
      { id: 3, status: 'open', building: '2号楼', unit: '1', room: '1201' },
      { id: 4, status: 'open', building: '2号楼', unit: '1', room: '301' },
      { id: 5, status: 'not_home', building: '1号楼', unit: '1', room: '101' },
    ])
    expect(s.map((x) => x.id)).toEqual([4, 3, 2, 5, 1])
  })
  it('names every reason and status', () => {
    for (const msgs of [zhCN, en]) {
      for (const r of DOOR_REASONS) expect(msgs.mt.door.reasons[r]).toBeTruthy()
      for (const s of DOOR_STATUSES) expect(msgs.mt.door.statuses[s]).toBeTruthy()
    }
  })
})
