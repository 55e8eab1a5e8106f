export function formatCount(n, locale) {
  if (n === null || n === undefined || n === '') return '—'
  return Number(n).toLocaleString(locale)
}

export function formatDateTime(ms, locale) {
  if (!ms && ms !== 0) return ''
  return new Date(Number(ms)).toLocaleString(locale, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  })
}

/** A history "detail" (a JSON string) as a list of [key, text] pairs; non-JSON text stays as one line. */
export function parseDetail(detail) {
  if (detail === null || detail === undefined || detail === '') return []
  let v = detail
  if (typeof detail === 'string') {
    try { v = JSON.parse(detail) } catch { return [['', detail]] }
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    return Object.entries(v).map(([k, val]) => [k, typeof val === 'string' ? val : JSON.stringify(val)])
  }
  return [['', typeof v === 'string' ? v : JSON.stringify(v)]]
}
