import { describe, it, expect } from 'vitest'
import {
  parseErrorField, errorKey, formErrorFromApi, pointForm, checkPointForm, pointCreateBody, pointPatchBody, crewText, sortPoints,
  parseMemberIds, checkTeamForm, teamCreateBody, memberLabel, candidateLabel, assignBody, generateSummary, doorCounts, doorAssigneeText,
  retestView, canSampleRetest, retestStatusType, retestQuery, retestSubject, retestTube, retestVerdict,
} from '../../src/lib/masstest-ops.js'
import { residentCode, idNumberCheckChar } from '../../src/lib/masstest.js'
import { ApiError } from '../../src/api/client.js'

const POINT = {
  id: 3, round_id: 7, area: { id: 40, name: '新铁社区', level: 'community' }, path: '/1/2/12/40/', name: '广场采样点',
  place: '东侧', lanes: 3, crew: [{ name: '李医生', duty: '采样' }], building_count: 2, version: 4,
}

describe('server error fields', () => {
  it('parses array and nested fields', () => {
    expect(parseErrorField('crew[2].name')).toEqual({ prop: 'crew', index: 2, sub: 'name' })
    expect(parseErrorField('crew[0]')).toEqual({ prop: 'crew', index: 0, sub: '' })
    expect(parseErrorField('lanes')).toEqual({ prop: 'lanes', index: null, sub: '' })
    expect(parseErrorField('')).toBeNull()
    expect(errorKey(parseErrorField('crew[2].name'))).toBe('crew.2.name')
    expect(errorKey(parseErrorField('crew[1]'))).toBe('crew.1')
  })

  it('puts the server message on the field it names, else in general', () => {
    const e = new ApiError(400, 'invalid_argument', '此项不能为空 (crew[0].name is required)', 'crew[0].name')
    expect(formErrorFromApi(e, ['name', 'crew'])).toEqual({ fields: { 'crew.0.name': '此项不能为空 (crew[0].name is required)' }, general: null })
    const other = new ApiError(409, 'failed_precondition', '轮次已结束', 'round_id')
    expect(formErrorFromApi(other, ['name'])).toEqual({ fields: {}, general: '轮次已结束' })
  })
})

describe('sample point form', () => {
  it('starts empty or from a point', () => {
    expect(pointForm(null, { areaId: '40' })).toEqual({ area_id: '40', name: '', place: '', lanes: 1, crew: [], scoped: true })
    const f = pointForm(POINT)
    expect(f).toMatchObject({ area_id: 40, name: '广场采样点', lanes: 3, scoped: true })
    f.crew[0].name = 'x'
    expect(POINT.crew[0].name).toBe('李医生') // a copy
    expect(pointForm({ ...POINT, round_id: null }).scoped).toBe(false)
  })

  it('checks as the server does', () => {
    const errors = checkPointForm({ area_id: null, name: ' ', place: 'x'.repeat(201), lanes: 51, crew: [{ name: '', duty: '' }, { name: '张'.repeat(31), duty: 'd'.repeat(31) }] })
    expect(Object.keys(errors).sort()).toEqual(['area_id', 'crew.0.name', 'crew.1.duty', 'crew.1.name', 'lanes', 'name', 'place'])
    expect(errors.name.key).toBe('mt.ops.point.errors.nameRequired')
    expect(errors['crew.1.name']).toEqual({ key: 'mt.ops.point.errors.tooLong', params: { n: 30 } })
    expect(checkPointForm({ name: '点', lanes: 1.5, crew: [] }, { creating: false })).toHaveProperty('lanes')
    expect(checkPointForm({ area_id: 40, name: '点'.repeat(50), place: '', lanes: 50, crew: [] })).toEqual({})
  })

  it('builds the create body, with the round only for a round point', () => {
    const form = { area_id: '40', name: ' 点 ', place: ' 东 ', lanes: 2, crew: [{ name: ' 李 ', duty: '' }], scoped: true }
    expect(pointCreateBody(form, '7')).toEqual({ area_id: 40, name: '点', place: '东', lanes: 2, crew: [{ name: '李', duty: '' }], round_id: 7 })
    expect(pointCreateBody({ ...form, scoped: false }, '7')).not.toHaveProperty('round_id')
  })

  it('patches only what changed, with the version', () => {
    expect(pointPatchBody(pointForm(POINT), POINT)).toBeNull()
    const f = pointForm(POINT)
    f.lanes = 4
    f.crew.push({ name: '王', duty: '扫码' })
    expect(pointPatchBody(f, POINT)).toEqual({ version: 4, lanes: 4, crew: [{ name: '李医生', duty: '采样' }, { name: '王', duty: '扫码' }] })
    // after a lost race: the same changes, on the stored version (other fields are not sent back)
    expect(pointPatchBody(f, POINT, 6)).toEqual({ version: 6, lanes: 4, crew: [{ name: '李医生', duty: '采样' }, { name: '王', duty: '扫码' }] })
  })

  it('shows the crew and orders points', () => {
    expect(crewText([{ name: '李', duty: '采样' }, { name: '王', duty: '' }])).toBe('李（采样）、王')
    const pts = sortPoints([{ id: 1, round_id: null, path: '/1/' }, { id: 3, round_id: 7, path: '/1/2/' }, { id: 2, round_id: 7, path: '/1/2/' }])
    expect(pts.map((p) => p.id)).toEqual([2, 3, 1])
  })
})

describe('field teams', () => {
  it('parses typed member ids', () => {
    expect(parseMemberIds('21, 22，22 x 0\n7')).toEqual({ ids: [21, 22, 7], bad: ['x', '0'] })
    expect(parseMemberIds('')).toEqual({ ids: [], bad: [] })
    expect(parseMemberIds([21, '22', 21])).toEqual({ ids: [21, 22], bad: [] }) // picked from the candidates
    expect(candidateLabel({ id: 4, username: 'grid1', display_name: '孙强' })).toBe('孙强（grid1）')
    expect(candidateLabel({ id: 4, username: 'grid1', display_name: '' })).toBe('grid1')
  })

  it('checks the new-team form and builds its body', () => {
    expect(Object.keys(checkTeamForm({ area_id: null, name: '', members: 'a' })).sort()).toEqual(['area_id', 'member_ids', 'name'])
    expect(checkTeamForm({ area_id: 40, name: '一组', members: Array.from({ length: 51 }, (_, i) => i + 1).join(',') }).member_ids.key).toBe('mt.ops.team.errors.tooMany')
    expect(checkTeamForm({ area_id: 40, name: '一组', members: '4' })).toEqual({})
    expect(teamCreateBody({ area_id: '40', name: ' 一组 ', members: '4 5' })).toEqual({ area_id: 40, name: '一组', member_ids: [4, 5] })
  })

  it('labels members', () => {
    expect(memberLabel({ user_id: 4, username: 'xintie', display_name: '李红' })).toBe('李红（xintie）')
    expect(memberLabel({ user_id: 4, username: 'xintie', display_name: '' })).toBe('xintie')
  })
})

describe('door-to-door dispatch', () => {
  it('builds the assign body: chosen tasks or an area; a team, a user or nobody', () => {
    expect(assignBody({ taskIds: ['88', 89], to: { team: 4 } })).toEqual({ task_ids: [88, 89], team_id: 4 })
    expect(assignBody({ areaId: '501', to: { user: '21' } })).toEqual({ area_id: 501, user_id: 21 })
    expect(assignBody({ taskIds: [1], to: {} })).toEqual({ task_ids: [1] })
    expect(assignBody({ to: { team: 4 } })).toBeNull()
  })

  it('summarises a generate answer and counts tasks', () => {
    expect(generateSummary({ person_tasks: 3, household_tasks: 24, created: 27 })).toEqual({ person: 3, household: 24, created: 27 })
    expect(generateSummary({})).toEqual({ person: 0, household: 0, created: 0 })
    const c = doorCounts([{ reason: 'bedridden', status: 'open' }, { reason: 'sealed', status: 'sampled' }, { reason: 'sealed', status: 'open' }])
    expect(c.byReason).toEqual({ bedridden: 1, elderly_alone: 0, sealed: 2 })
    expect(c.byStatus).toEqual({ open: 2, not_home: 0, refused: 0, sampled: 1 })
  })

  it('names who a task goes to', () => {
    expect(doorAssigneeText({ team: { id: 4, name: '一组' } })).toBe('一组')
    expect(doorAssigneeText({ team: null, team_id: 5 }, [{ id: 5, name: '二组' }])).toBe('二组')
    expect(doorAssigneeText({ team: null, assignee_id: 21 })).toBe('#21')
    expect(doorAssigneeText({ team: null })).toBe('')
  })
})

describe('re-test tasks', () => {
  const ROW = {
    id: 55, round_id: 7, kind: 'retest', status: 'pending', source_tube: 'T000124', tube: null,
    resident: { id: 12345, name: '王秀英', id_number: '210702********1234', phone: '139****5678' },
    household: { id: 9001, unit: '2', room: '301' }, building: { id: 501, name: '1号楼' }, path: '/1/', resident_id: 12345,
    household_id: 9001, building_id: 501, sampled_at: null, result_at: null, created_at: 1,
  }

  it('flattens a row', () => {
    expect(retestView(ROW)).toMatchObject({ id: 55, residentId: 12345, maskedName: '王*英', sourceTube: 'T000124', tube: '', building: '1号楼', unit: '2', room: '301' })
  })

  it('samples pending and invalid tasks only', () => {
    expect(['pending', 'sampled', 'negative', 'positive', 'invalid'].filter((s) => canSampleRetest({ status: s }))).toEqual(['pending', 'invalid'])
    expect(retestStatusType('positive')).toBe('danger')
  })

  it('leaves "all" and empty filters out of the query', () => {
    expect(retestQuery({ area: '', status: 'all', kind: 'retest', limit: 100 })).toEqual({ kind: 'retest', limit: 100 })
    expect(retestQuery({ area: 40, status: 'pending' })).toEqual({ area: 40, status: 'pending' })
  })

  it('checks the person at the door', () => {
    const task = retestView(ROW)
    expect(retestSubject(residentCode(12345), task)).toEqual({ ok: true, subject: { resident_code: residentCode(12345) } })
    expect(retestSubject(residentCode(12346), task)).toEqual({ ok: false, key: 'mt.ops.retest.wrongPerson' })
    const first17 = '21070219491231002'
    const id = first17 + idNumberCheckChar(first17)
    expect(retestSubject(id, task, new Date(2022, 3, 1))).toEqual({ ok: true, subject: { id_number: id } })
    expect(retestSubject(first17, task).key).toBe('mt.idCheck.length')
    expect(retestSubject('S000001', task).key).toBe('mt.ops.retest.notAPerson')
    expect(retestSubject('', task).key).toBe('mt.ops.retest.scanPerson')
  })

  it('checks the new tube', () => {
    expect(retestTube(' S000001 ')).toEqual({ ok: true, code: 'S000001' })
    expect(retestTube(residentCode(1)).key).toBe('mt.ops.retest.notATube')
    expect(retestTube('x'.repeat(65)).key).toBe('mt.local.tubeTooLong')
  })

  it('turns the answer into a verdict naming the refused field', () => {
    expect(retestVerdict({ ok: true, replayed: false, tube: 'S1' })).toMatchObject({ kind: 'ok', key: 'mt.ops.retest.sampled', params: { code: 'S1' } })
    expect(retestVerdict({ ok: true, replayed: true, tube: 'S1' }).key).toBe('mt.ops.retest.replayed')
    const v = retestVerdict({ ok: false, error: new ApiError(409, 'already_exists', '管码已被使用', 'tube') })
    expect(v).toMatchObject({ kind: 'refused', sound: 'refused', field: 'tube', message: '管码已被使用' })
    expect(retestVerdict({ ok: false, error: new ApiError(400, 'invalid_argument', '不是本任务的人员', 'resident_code') }).field).toBe('resident_code')
  })
})
