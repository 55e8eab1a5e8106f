// Lab results in the browser: reading the CSV a lab exports (or the rows of an XLSX converted by
// lib/xlsx.js), a first check that names each problem by line and field before anything is sent,
// and the template. The server checks everything again and is the one that decides
// (src/domain/masstest/lab_results.hpp); the column names here are the ones it accepts.
import { BOM, toCsv } from './csv.js'

/** Accepted header names per field (compared without case and spaces). */
export const LAB_COLUMNS = {
  tube: ['管码', '采样管号', '试管编号', 'tube', 'tube_code'],
  result: ['结果', '检测结果', 'result'],
  time: ['时间', '检测时间', '报告时间', 'time', 'resulted_at'],
  lab: ['检测机构', '实验室', 'lab'],
}
export const LAB_RESULTS = { 阴性: 'negative', 阳性: 'positive', 无效: 'invalid', negative: 'negative', positive: 'positive', invalid: 'invalid' }
export const MAX_LAB_ROWS = 200000

/**
 * Splits CSV text (RFC 4180: quotes, doubled quotes, CRLF or LF, newlines inside quotes) into records,
 * each with the physical line it starts on. A BOM is dropped.
 * @returns {{line: number, cells: string[]}[]}
 */
export function parseCsv(text) {
  const s = String(text ?? '').replace(/^\uFEFF/, '')
  const out = []
  let cells = []
  let cell = ''
  let quoted = false
  let line = 1
  let start = 1
  let any = false
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') { cell += '"'; i++ } else quoted = false
      } else {
        if (c === '\n') line++
        cell += c
      }
      continue
    }
    if (c === '"' && cell === '') { quoted = true; any = true } else if (c === ',') { cells.push(cell); cell = ''; any = true } else if (c === '\r' || c === '\n') {
      if (c === '\r' && s[i + 1] === '\n') i++
      cells.push(cell)
      if (any || cell !== '') out.push({ line: start, cells })
      cells = []
      cell = ''
      any = false
      line++
      start = line
    } else { cell += c; any = true }
  }
  if (any || cell !== '') {
    cells.push(cell)
    out.push({ line: start, cells })
  }
  return out
}

const norm = (h) => String(h ?? '').replace(/\s+/g, '').toLowerCase()

/** Which column holds each field, from the header row. */
export function labHeader(cells) {
  const idx = {}
  cells.forEach((h, i) => {
    for (const [field, names] of Object.entries(LAB_COLUMNS)) {
      if (idx[field] === undefined && names.some((n) => norm(n) === norm(h))) idx[field] = i
    }
  })
  return idx
}

/** The result value for a cell (阴性/negative …), or null. */
export function labResult(text) {
  const v = String(text ?? '').trim()
  return LAB_RESULTS[v] || LAB_RESULTS[v.toLowerCase()] || null
}

/**
 * Reads and checks a lab CSV. Errors carry a reason key under `mt.lab.check.*`.
 * @returns {{rows: {line, tube, result, time, lab}[], errors: {line: number, field: string, reason: string}[],
 *   total: number, positives: number, invalids: number}}
 */
export function checkLabCsv(text) {
  const records = parseCsv(text).filter((r) => r.cells.some((c) => c.trim() !== ''))
  const errors = []
  const rows = []
  if (!records.length) return { rows, errors: [{ line: 0, field: 'file', reason: 'empty' }], total: 0, positives: 0, invalids: 0 }
  const idx = labHeader(records[0].cells)
  for (const f of ['tube', 'result']) if (idx[f] === undefined) errors.push({ line: records[0].line, field: f, reason: 'noColumn' })
  if (errors.length) return { rows, errors, total: records.length - 1, positives: 0, invalids: 0 }
  if (records.length - 1 > MAX_LAB_ROWS) return { rows, errors: [{ line: 0, field: 'file', reason: 'tooMany' }], total: records.length - 1, positives: 0, invalids: 0 }
  const seen = new Map()
  let positives = 0
  let invalids = 0
  for (const r of records.slice(1)) {
    const cell = (f) => (idx[f] === undefined ? '' : String(r.cells[idx[f]] ?? '').trim())
    const row = { line: r.line, tube: cell('tube'), result: labResult(cell('result')), time: cell('time'), lab: cell('lab') }
    let ok = true
    if (!row.tube) { errors.push({ line: r.line, field: 'tube', reason: 'required' }); ok = false } else if (row.tube.length > 64 || !/^[\x21-\x7e]+$/.test(row.tube)) { errors.push({ line: r.line, field: 'tube', reason: 'tubeFormat' }); ok = false }
    if (!cell('result')) { errors.push({ line: r.line, field: 'result', reason: 'required' }); ok = false } else if (!row.result) { errors.push({ line: r.line, field: 'result', reason: 'resultValue' }); ok = false }
    if ([...row.lab].length > 100) { errors.push({ line: r.line, field: 'lab', reason: 'tooLong' }); ok = false }
    if (ok) {
      const before = seen.get(row.tube)
      if (before && before.result !== row.result) {
        errors.push({ line: r.line, field: 'result', reason: 'conflict', other: before.line })
        continue
      }
      if (before) continue // the same result twice: kept once
      seen.set(row.tube, row)
      rows.push(row)
      if (row.result === 'positive') positives++
      if (row.result === 'invalid') invalids++
    }
  }
  return { rows, errors, total: records.length - 1, positives, invalids }
}

/** The template a lab fills in (Chinese headers, a BOM for Excel). */
export function labTemplateCsv() {
  return BOM + toCsv([['管码', '结果', '时间', '检测机构'], ['T000123', '阴性', '2022-04-16 18:30', '锦州市中心医院']])
}
