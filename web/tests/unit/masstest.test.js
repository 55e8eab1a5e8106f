import { describe, it, expect } from 'vitest'
import {
  checkIdNumber, idNumberCheckChar, residentCode, parseResidentCode, residentCodeCheckChar, classifyScan,
  idCheckMessage, fillText, tubeIsDone, newClientId, counts, coveragePercent, coverageSeries, coverageBand,
  roundBody, roundActions, massTestPermissions, maskName, REFUSAL_REASONS, POOL_SIZES,
} from '../../src/lib/masstest.js'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'

const TODAY = new Date(2022, 3, 16)
// 11010519491231002X is the example of GB 11643 itself
const GOOD = '11010519491231002X'

function withCheck(first17) {
  return first17 + idNumberCheckChar(first17)
}

describe('GB 11643 ID numbers', () => {
  it('accepts the standard example and normalises a lower-case x', () => {
    expect(checkIdNumber(GOOD, TODAY)).toEqual({ ok: true, value: GOOD })
    expect(checkIdNumber(GOOD.toLowerCase(), TODAY)).toEqual({ ok: true, value: GOOD })
    expect(checkIdNumber(` ${GOOD} `, TODAY).ok).toBe(true)
  })
  it('computes every check character like the server', () => {
    const seen = new Set()
    for (let i = 0; i < 400 && seen.size < 11; i++) {
      const body = `21070219800115${String(1000 + i).slice(1)}`
      const id = withCheck(body)
      seen.add(id[17])
      expect(checkIdNumber(id, TODAY)).toEqual({ ok: true, value: id })
    }
    expect(seen.size).toBe(11)
  })
  it('says why a number is wrong', () => {
    expect(checkIdNumber('1101051949123100', TODAY)).toEqual({ ok: false, reason: 'length', n: 16 })
    expect(checkIdNumber('11010519491231A02X', TODAY).reason).toBe('digits')
    expect(checkIdNumber('11010519491231002Y', TODAY).reason).toBe('last')
    expect(checkIdNumber(withCheck('99010519491231002'), TODAY).reason).toBe('province')
    expect(checkIdNumber(withCheck('11010519490231002'), TODAY).reason).toBe('birth') // 31 February
    expect(checkIdNumber(withCheck('11010520000229002'), TODAY).ok).toBe(true) // leap day
    expect(checkIdNumber(withCheck('11010519000229002'), TODAY).reason).toBe('birth') // 1900 is not leap
    expect(checkIdNumber(withCheck('11010520220417002'), TODAY).reason).toBe('future')
    expect(checkIdNumber('110105194912310021', TODAY)).toEqual({ ok: false, reason: 'check', expected: 'X' })
  })
  it('has a message for every reason in both languages', () => {
    for (const reason of ['length', 'digits', 'last', 'province', 'birth', 'future', 'check']) {
      const m = idCheckMessage({ ok: false, reason, n: 3, expected: 'X' })
      expect(m.key).toBe(`mt.idCheck.${reason}`)
      expect(zhCN.mt.idCheck[reason]).toBeTruthy()
      expect(en.mt.idCheck[reason]).toBeTruthy()
    }
    expect(idCheckMessage({ ok: true })).toBeNull()
  })
})

describe('resident codes', () => {
  it('round-trips ids and matches the server check (ISO 7064 MOD 11-2)', () => {
    for (const id of [1, 9, 42, 12345, 250001, 9999999999]) {
      const code = residentCode(id)
      expect(code).toMatch(/^WG\d{10}[\dX]$/)
      expect(parseResidentCode(code)).toBe(id)
      expect(parseResidentCode(code.toLowerCase())).toBe(id)
    }
    // the same ISO 7064 MOD 11-2 over the ID example's 17 digits gives GB 11643's check character
    expect(residentCodeCheckChar('11010519491231002')).toBe('X')
    expect(residentCodeCheckChar('21070219800101123')).toBe(idNumberCheckChar('21070219800101123'))
  })
  it('rejects a misread code', () => {
    const code = residentCode(12345)
    const wrong = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0')
    expect(parseResidentCode(wrong)).toBeNull()
    expect(parseResidentCode('WG000001234')).toBeNull()
    expect(parseResidentCode('WG0000000000' + residentCodeCheckChar('0000000000'))).toBeNull() // id 0
    expect(() => residentCode(0)).toThrow(RangeError)
    expect(() => residentCode(1e10)).toThrow(RangeError)
  })
})

describe('classifyScan', () => {
  it('tells residents, ID numbers and tubes apart', () => {
    expect(classifyScan('')).toEqual({ kind: 'empty' })
    expect(classifyScan('  \r\n')).toEqual({ kind: 'empty' })
    const code = residentCode(777)
    expect(classifyScan(`${code}\r\n`)).toEqual({ kind: 'resident', by: 'resident_code', value: code, residentId: 777 })
    expect(classifyScan(GOOD.toLowerCase(), TODAY)).toEqual({ kind: 'resident', by: 'id_number', value: GOOD })
    expect(classifyScan('110105 19491231 002X', TODAY).kind).toBe('resident')
    expect(classifyScan('T000123')).toEqual({ kind: 'tube', value: 'T000123' })
    expect(classifyScan('1234567890')).toEqual({ kind: 'tube', value: '1234567890' })
  })
  it('refuses misread codes and mistyped ID numbers instead of taking them for tubes', () => {
    expect(classifyScan(residentCode(777).slice(0, -1) + 'Z').kind).toBe('tube') // not the code shape at all
    const bad = residentCode(777).slice(0, -1) + (residentCode(777).endsWith('1') ? '2' : '1')
    expect(classifyScan(bad).kind).toBe('bad_resident_code')
    const r = classifyScan('11010519491231002', TODAY) // one digit short
    expect(r.kind).toBe('bad_id_number')
    expect(r.check.reason).toBe('length')
    expect(classifyScan('110105194912310021', TODAY).check).toEqual({ ok: false, reason: 'check', expected: 'X' })
  })
  it('refuses tube codes the server would not take', () => {
    expect(classifyScan('x'.repeat(65))).toMatchObject({ kind: 'bad_tube', reason: 'length' })
    expect(classifyScan('管01')).toMatchObject({ kind: 'bad_tube', reason: 'chars' })
    expect(classifyScan('x'.repeat(64)).kind).toBe('tube')
  })
})

describe('tubes and ids', () => {
  it('shows the fill and knows when a tube is done', () => {
    expect(fillText({ scan_count: 7, capacity: 10 })).toBe('7/10')
    expect(fillText(null)).toBe('')
    expect(tubeIsDone({ scan_count: 7, capacity: 10, status: 'open' })).toBe(false)
    expect(tubeIsDone({ scan_count: 10, capacity: 10, status: 'open' })).toBe(true)
    expect(tubeIsDone({ scan_count: 3, capacity: 10, status: 'closed' })).toBe(true)
    expect(tubeIsDone(null)).toBe(false)
  })
  it('makes distinct client ids the server accepts', () => {
    const ids = new Set(Array.from({ length: 200 }, newClientId))
    expect(ids.size).toBe(200)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
  })
})

describe('coverage', () => {
  it('computes remaining and the share done', () => {
    expect(counts({ expected: 10, exempt: 1, sampled: 4 })).toEqual({ expected: 10, exempt: 1, sampled: 4, remaining: 5 })
    expect(counts({ expected: 10, exempt: 1, sampled: 4, remaining: 5 }).remaining).toBe(5)
    expect(coveragePercent({ expected: 3, exempt: 0, sampled: 1 })).toBe(33.3)
    expect(coveragePercent({ expected: 10, exempt: 1, sampled: 9 })).toBe(100)
    expect(coveragePercent({ expected: 10, exempt: 0, sampled: 12 })).toBe(100) // moved in: capped
    expect(coveragePercent({ expected: 0, exempt: 0, sampled: 0 })).toBeNull()
    expect(coverageBand(null)).toBe('none')
    expect(coverageBand(100)).toBe('done')
    expect(coverageBand(95)).toBe('near')
    expect(coverageBand(12)).toBe('behind')
  })
  it('builds the stacked bars, never below zero', () => {
    const s = coverageSeries([
      { id: 1, name: 'A', expected: 10, exempt: 1, sampled: 4 },
      { id: 2, name: 'B', expected: 2, exempt: 0, sampled: 3, remaining: -1 },
    ])
    expect(s).toEqual({
      names: ['A', 'B'], ids: [1, 2], sampled: [4, 3], exempt: [1, 0], remaining: [5, 0], percent: [50, 100],
    })
  })
})

describe('round form', () => {
  const base = { name: ' 4月16日全员核酸 ', kind: 'everyone', tags: [], areaIds: ['12', 13, '12'], window: [1000, 2000], poolSize: 10 }
  it('builds the POST body', () => {
    expect(roundBody(base)).toEqual({
      errors: {},
      body: { name: '4月16日全员核酸', kind: 'everyone', tags: [], area_ids: [12, 13], starts_at: 1000, ends_at: 2000, pool_size: 10 },
    })
    const b = roundBody({ ...base, kind: 'tags', tags: ['bedridden', 'bedridden'], sealedBuildingIds: ['501'], activate: true, window: [new Date(5), new Date(9)] }).body
    expect(b).toMatchObject({ kind: 'tags', tags: ['bedridden'], sealed_building_ids: [501], activate: true, starts_at: 5, ends_at: 9 })
  })
  it('names each missing or wrong field', () => {
    expect(roundBody({}).errors).toEqual({ name: 'required', kind: 'required', area_ids: 'required', window: 'required', pool_size: 'required' })
    expect(roundBody({ ...base, kind: 'tags' }).errors).toEqual({ tags: 'required' })
    expect(roundBody({ ...base, window: [2000, 1000] }).errors).toEqual({ window: 'order' })
    expect(roundBody({ ...base, poolSize: 7 }).errors).toEqual({ pool_size: 'required' })
    expect(roundBody({ ...base, name: 'x'.repeat(101) }).errors).toEqual({ name: 'tooLong' })
    expect(POOL_SIZES).toEqual([1, 5, 10, 20])
  })
  it('offers only the buttons the role and status allow', () => {
    const officer = { permissions: { read_mass_testing: true, manage_rounds: true } }
    const sampler = { permissions: { read_mass_testing: true, scan_samples: true } }
    expect(roundActions({ status: 'draft' }, officer)).toMatchObject({ activate: true, close: false, scan: false })
    expect(roundActions({ status: 'active' }, officer)).toMatchObject({ activate: false, close: true, editSealed: true })
    expect(roundActions({ status: 'closed' }, officer)).toMatchObject({ close: false, editSealed: false })
    expect(roundActions({ status: 'active' }, sampler)).toMatchObject({ scan: true, activate: false, close: false })
    expect(massTestPermissions(sampler)).toMatchObject({ read: true, scan: true, manage: false })
    expect(massTestPermissions(null).read).toBe(false)
  })
})

describe('maskName', () => {
  it('keeps the first and last character', () => {
    expect(maskName('王秀英')).toBe('王*英')
    expect(maskName('欧阳娜娜')).toBe('欧**娜')
    expect(maskName('王英')).toBe('王*')
    expect(maskName('王')).toBe('王')
    expect(maskName('')).toBe('')
    expect(maskName(null)).toBe('')
    expect(maskName('𠀀𠀁𠀂')).toBe('𠀀*𠀂') // outside the BMP: by characters, not UTF-16 units
  })
})

describe('locale texts', () => {
  it('name every refusal reason, status and kind', () => {
    for (const msgs of [zhCN, en]) {
      for (const r of REFUSAL_REASONS) expect(msgs.mt.refusals[r], r).toBeTruthy()
      for (const s of ['draft', 'active', 'closed']) expect(msgs.mt.statuses[s]).toBeTruthy()
      for (const r of ['negative', 'positive', 'invalid', 'pending']) expect(msgs.mt.results[r]).toBeTruthy()
      for (const r of ['away', 'infant', 'hospitalised']) expect(msgs.mt.exemptions[r]).toBeTruthy()
    }
  })
})

describe('untested export', async () => {
  const { untestedExportUrl } = await import('../../src/lib/masstest-export.js')
  it('links to the server-built file of the area', () => {
    expect(untestedExportUrl(7, 42, 'xlsx')).toBe('/api/v1/mass-testing/rounds/7/untested.xlsx?area=42')
    expect(untestedExportUrl('7', '42', 'csv')).toBe('/api/v1/mass-testing/rounds/7/untested.csv?area=42')
    expect(untestedExportUrl(7, 42)).toMatch(/untested\.xlsx\?area=42$/)
    expect(() => untestedExportUrl(7, 42, 'pdf')).toThrow()
  })
})
