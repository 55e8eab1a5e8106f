import { describe, it, expect } from 'vitest'
import writeExcelFile from 'write-excel-file/node'
import { xlsxToCsv, rowsToCsv, cellText, isLegacyXls } from '../../src/lib/xlsx.js'

async function workbook(rows) {
  const buf = await writeExcelFile(rows).toBuffer()
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
}

describe('xlsxToCsv', () => {
  it('converts a generated workbook to the import CSV', async () => {
    const header = ['姓名', '身份证号', '联系电话', '楼栋编码', '单元', '房号', '与户主关系', '户籍类型', '标签']
    const buffer = await workbook([
      header.map((value) => ({ value })),
      ['张三', '11010519491231002X', 13800138000, 'B-001', 1, '301', '户主', '户籍', '独居老人、卧床'].map((value) => ({ value })),
      [{ value: '李, "小" 四' }, { value: '110105194912310037' }, { value: '13912345678' }, { value: 'B-001' }, { value: '2' }, { value: '1201' }, null, null, null],
    ])
    const { csv, rowCount, warnings } = await xlsxToCsv(buffer)
    expect(rowCount).toBe(2)
    expect(warnings).toEqual([])
    expect(csv.split('\r\n')).toEqual([
      header.join(','),
      '张三,11010519491231002X,13800138000,B-001,1,301,户主,户籍,独居老人、卧床',
      '"李, ""小"" 四",110105194912310037,13912345678,B-001,2,1201,,,',
      '',
    ])
  })

  it('writes dates as YYYY-MM-DD and flags ID numbers stored as numbers', async () => {
    const buffer = await workbook([
      [{ value: '姓名' }, { value: '出生日期' }, { value: '身份证号' }],
      [{ value: '王五' }, { value: new Date(Date.UTC(1990, 0, 2)), format: 'yyyy-mm-dd' }, { value: 110105194912310030 }],
    ])
    const { csv, warnings } = await xlsxToCsv(buffer)
    expect(csv.split('\r\n')[1]).toMatch(/^王五,1990-01-02,\d{18}$/)
    expect(warnings).toEqual([{ line: 2, column: 3, kind: 'precision' }])
  })
})

describe('rowsToCsv / cellText', () => {
  it('drops trailing empty rows and trims cells', () => {
    expect(rowsToCsv([['a', ' b '], ['1', null], [null, ''], [null, null]])).toMatchObject({ csv: 'a,b\r\n1,\r\n', rowCount: 1 })
  })
  it('formats cell values', () => {
    expect(cellText(true).text).toBe('TRUE')
    expect(cellText(1.5).text).toBe('1.5')
    expect(cellText(13800138000)).toEqual({ text: '13800138000', precisionLost: false })
    expect(cellText(new Date(Date.UTC(2020, 4, 6, 8, 30))).text).toBe('2020-05-06 08:30:00')
  })
  it('recognises the old binary .xls format', () => {
    expect(isLegacyXls(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1]).buffer)).toBe(true)
    expect(isLegacyXls(new Uint8Array([0x50, 0x4b, 3, 4]).buffer)).toBe(false)
  })
})
