import { describe, it, expect } from 'vitest'
import { csvField, toCsv, templateCsv, errorsCsv, IMPORT_COLUMNS, BOM } from '../../src/lib/csv.js'

describe('csv', () => {
  it('quotes what needs quoting', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(null)).toBe('')
    expect(csvField(0)).toBe('0')
  })
  it('writes CRLF rows', () => {
    expect(toCsv([['a', 'b'], ['1', '2']])).toBe('a,b\r\n1,2\r\n')
    expect(toCsv([])).toBe('')
  })
  it('builds the template header with a BOM', () => {
    expect(templateCsv()).toBe(`${BOM}姓名,身份证号,联系电话,楼栋编码,单元,房号,与户主关系,户籍类型,标签\r\n`)
    expect(IMPORT_COLUMNS.map((c) => c[1])).toEqual(['name', 'id_number', 'phone', 'building_code', 'unit', 'room', 'relation', 'registration', 'tags'])
  })
  it('writes the errors table', () => {
    const csv = errorsCsv([{ line: 3, column: '身份证号', reason: '校验位错误, 应为 X' }], ['行号', '列', '原因'])
    expect(csv).toBe(`${BOM}行号,列,原因\r\n3,身份证号,"校验位错误, 应为 X"\r\n`)
  })
})
