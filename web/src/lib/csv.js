// CSV writing (RFC 4180, CRLF) for the import template, XLSX conversion and error downloads.

/** The import columns: [Chinese header, English name]. */
export const IMPORT_COLUMNS = [
  ['姓名', 'name'],
  ['身份证号', 'id_number'],
  ['联系电话', 'phone'],
  ['楼栋编码', 'building_code'],
  ['单元', 'unit'],
  ['房号', 'room'],
  ['与户主关系', 'relation'],
  ['户籍类型', 'registration'],
  ['标签', 'tags'],
]

export const BOM = '\uFEFF'

export function csvField(value) {
  if (value === null || value === undefined) return ''
  const s = String(value)
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** @param {unknown[][]} rows */
export function toCsv(rows) {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + (rows.length ? '\r\n' : '')
}

/** The template: the Chinese header row, with a BOM so that Excel opens it as UTF-8. */
export function templateCsv() {
  return BOM + toCsv([IMPORT_COLUMNS.map((c) => c[0])])
}

/**
 * @param {{line:number,column:string,reason:string}[]} errors
 * @param {[string,string,string]} header localized column titles
 */
export function errorsCsv(errors, header) {
  return BOM + toCsv([header, ...errors.map((e) => [e.line, e.column, e.reason])])
}
