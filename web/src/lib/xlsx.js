// XLSX -> CSV in the browser, so that the server only ever receives CSV.
import { toCsv } from './csv.js'

function pad(n) {
  return String(n).padStart(2, '0')
}

/** Excel dates arrive as Date objects at UTC midnight. */
export function formatDate(d) {
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  if (d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds()) {
    return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  }
  return date
}

/**
 * One cell as CSV text. Numbers too long for a double (an ID number typed as a number in Excel)
 * lost their last digits inside the file already: they are flagged.
 * @returns {{text: string, precisionLost: boolean}}
 */
export function cellText(value) {
  if (value === null || value === undefined) return { text: '', precisionLost: false }
  if (value instanceof Date) return { text: formatDate(value), precisionLost: false }
  if (typeof value === 'number') {
    if (Number.isInteger(value)) {
      return { text: BigInt(value).toString(), precisionLost: !Number.isSafeInteger(value) }
    }
    return { text: String(value), precisionLost: false }
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', precisionLost: false }
  return { text: String(value), precisionLost: false }
}

/**
 * Converts rows (first sheet, as read-excel-file returns them) to CSV text.
 * @param {unknown[][]} rows
 * @returns {{csv: string, rowCount: number, warnings: {line: number, column: number, kind: string}[]}}
 */
export function rowsToCsv(rows) {
  const warnings = []
  const out = rows.map((row, i) =>
    row.map((cell, j) => {
      const { text, precisionLost } = cellText(cell)
      if (precisionLost) warnings.push({ line: i + 1, column: j + 1, kind: 'precision' })
      return text.trim()
    }),
  )
  // drop fully empty rows at the end
  while (out.length && out[out.length - 1].every((c) => c === '')) out.pop()
  return { csv: toCsv(out), rowCount: Math.max(0, out.length - 1), warnings }
}

/** True for the old binary .xls format (an OLE2 compound file), which is not supported. */
export function isLegacyXls(bytes) {
  const b = new Uint8Array(bytes.slice(0, 4))
  return b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0
}

/** @param {ArrayBuffer} buffer the .xlsx file */
export async function xlsxToCsv(buffer) {
  const { readSheet } = await import('read-excel-file/universal')
  const rows = await readSheet(buffer)
  return rowsToCsv(rows)
}
