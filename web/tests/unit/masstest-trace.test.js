import { describe, it, expect } from 'vitest'
import { pathIds, personOf, groupTrace, retestTagType, resultTagType, RETEST_STATUSES } from '../../src/lib/masstest-trace.js'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'

const areas = [
  { id: 33, name: '敬业街道', level: 'street' },
  { id: 35, name: '新铁社区', level: 'community' },
  { id: 973, name: '第1网格', level: 'grid' },
  { id: 974, name: '1号楼', level: 'building' },
  { id: 975, name: '2号楼', level: 'building' },
  { id: 980, name: '第2网格', level: 'grid' },
  { id: 981, name: '9号楼', level: 'building' },
]
const P = (seq, id, hh, building, path, retest) => ({
  tube_seq: seq, resident: { id, name: `居民${id}`, id_number: '210702********1234', phone: null }, household_id: hh,
  unit: '1', room: `${hh}`, building_id: building, path, scanned_at: 1000 + seq, retest,
})

describe('trace', () => {
  it('reads paths and people in either shape', () => {
    expect(pathIds('/1/2/3/33/')).toEqual([1, 2, 3, 33])
    expect(pathIds('')).toEqual([])
    expect(personOf({ resident_id: 5, name: '王', id_number: 'x' })).toMatchObject({ id: 5, name: '王', id_number: 'x' })
    expect(personOf({ resident: { id: 6, name: '李' } })).toMatchObject({ id: 6, name: '李' })
  })

  it('groups people into households, buildings, grids and communities and counts re-tests', () => {
    const g = groupTrace({
      tube: { code: 'T1', result: 'positive' },
      areas,
      people_elsewhere: 2,
      people: [
        P(3, 103, 500, 975, '/1/2/3/33/35/973/975/', { status: 'negative' }),
        P(1, 101, 400, 974, '/1/2/3/33/35/973/974/', { status: 'pending' }),
        P(2, 102, 400, 974, '/1/2/3/33/35/973/974/', { status: 'pending' }),
        P(4, 104, 600, 981, '/1/2/3/33/35/980/981/', null),
      ],
    })
    expect(g.people.map((p) => p.seq)).toEqual([1, 2, 3, 4])
    expect(g.people[0]).toMatchObject({ id: 101, building: { id: 974, name: '1号楼' }, grid: { id: 973, name: '第1网格' }, community: { id: 35, name: '新铁社区' } })
    expect(g.households.map((h) => [h.id, h.people, h.building])).toEqual([[500, 1, '2号楼'], [400, 2, '1号楼'], [600, 1, '9号楼']])
    expect(g.buildings.map((b) => [b.name, b.people])).toEqual([['2号楼', 1], ['1号楼', 2], ['9号楼', 1]])
    expect(g.grids.map((x) => [x.name, x.people])).toEqual([['第1网格', 3], ['第2网格', 1]])
    expect(g.communities.map((x) => [x.name, x.people])).toEqual([['新铁社区', 4]])
    expect(g.retest).toEqual({ pending: 2, sampled: 0, negative: 1, positive: 0, invalid: 0 })
    expect(g.elsewhere).toBe(2)
  })

  it('takes unit and room from the trace households (the server shape)', () => {
    const g = groupTrace({
      areas,
      households: [{ id: 400, unit: '3', room: '502', building_id: 974, resident_ids: [101] }],
      people: [{ tube_seq: 1, resident: { id: 101, name: '王秀英' }, household_id: 400, building_id: 974, path: '/1/2/3/33/35/973/974/', retest: { status: 'pending' } }],
    })
    expect(g.people[0]).toMatchObject({ unit: '3', room: '502', name: '王秀英' })
    expect(g.households[0]).toMatchObject({ id: 400, unit: '3', room: '502', building: '1号楼' })
  })

  it('copes with missing areas', () => {
    const g = groupTrace({ people: [P(1, 1, 9, 77, '/1/77/', null)] })
    expect(g.people[0].building).toEqual({ id: 77, name: '' })
    expect(g.grids).toEqual([])
    expect(groupTrace(null).people).toEqual([])
  })

  it('has tag types and texts for every status', () => {
    expect(retestTagType('positive')).toBe('danger')
    expect(resultTagType('negative')).toBe('success')
    for (const s of RETEST_STATUSES) {
      expect(zhCN.mt.retest.statuses[s]).toBeTruthy()
      expect(en.mt.retest.statuses[s]).toBeTruthy()
    }
  })
})
