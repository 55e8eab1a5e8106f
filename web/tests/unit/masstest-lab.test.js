import { describe, it, expect } from 'vitest'
import { parseCsv, labHeader, labResult, checkLabCsv, labTemplateCsv } from '../../src/lib/masstest-lab.js'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'

describe('parseCsv', () => {
  it('reads quotes, CRLF and newlines inside quotes, with the line each record starts on', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n\nlast,1'
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'z'] },
      { line: 6, cells: ['last', '1'] },
    ])
    expect(parseCsv('')).toEqual([])
    expect(parseCsv('a,\n')).toEqual([{ line: 1, cells: ['a', ''] }])
  })
})

describe('lab CSV', () => {
  it('finds the columns by Chinese or English names', () => {
    expect(labHeader(['序号', '采样管号', '检测结果', '报告时间', '实验室'])).toEqual({ tube: 1, result: 2, time: 3, lab: 4 })
    expect(labHeader(['Tube', 'RESULT'])).toEqual({ tube: 0, result: 1 })
    expect(labResult(' 阳性 ')).toBe('positive')
    expect(labResult('Negative')).toBe('negative')
    expect(labResult('弱阳')).toBeNull()
  })

  it('checks every row and names line and field', () => {
    const csv = [
      '管码,结果,时间,检测机构',
      'T1,阴性,2022-04-16 18:30,中心医院',
      'T2,阳性,,中心医院',
      ',阴性,,',
      'T3,弱阳,,',
      'T 4,阴性,,',
      'T1,阴性,,', // the same again: kept once
      'T2,阴性,,', // contradicts line 3
      `T5,无效,,${'院'.repeat(101)}`,
    ].join('\r\n')
    const r = checkLabCsv(csv)
    expect(r.total).toBe(8)
    expect(r.rows.map((x) => [x.line, x.tube, x.result])).toEqual([[2, 'T1', 'negative'], [3, 'T2', 'positive']])
    expect(r.positives).toBe(1)
    expect(r.errors).toEqual([
      { line: 4, field: 'tube', reason: 'required' },
      { line: 5, field: 'result', reason: 'resultValue' },
      { line: 6, field: 'tube', reason: 'tubeFormat' },
      { line: 8, field: 'result', reason: 'conflict', other: 3 },
      { line: 9, field: 'lab', reason: 'tooLong' },
    ])
  })

  it('refuses a file without the needed columns, or empty', () => {
    expect(checkLabCsv('编号,时间\r\n1,2').errors).toEqual([{ line: 1, field: 'tube', reason: 'noColumn' }, { line: 1, field: 'result', reason: 'noColumn' }])
    expect(checkLabCsv('\r\n\r\n').errors).toEqual([{ line: 0, field: 'file', reason: 'empty' }])
  })

  it('has a template the check accepts, and texts for every reason', () => {
    const r = checkLabCsv(labTemplateCsv())
    expect(r.errors).toEqual([])
    expect(r.rows.length).toBe(1)
    for (const k of ['empty', 'noColumn', 'tooMany', 'required', 'tubeFormat', 'resultValue', 'tooLong', 'conflict']) {
      expect(zhCN.mt.lab.check[k], k).toBeTruthy()
      expect(en.mt.lab.check[k], k).toBeTruthy()
    }
  })
})
