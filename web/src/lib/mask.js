// Display of personal data. The server masks ID numbers and phones unless a reveal was asked for;
// the client masks again anything that arrives unmasked without "revealed" (defence in depth).

export function isMasked(value) {
  return typeof value === 'string' && value.includes('*')
}

/** 18-digit ID 210102199001011234 -> 210102********1234 (first 6 and last 4 kept). */
export function maskIdNumber(value) {
  if (!value) return ''
  const s = String(value)
  if (isMasked(s) || s.length < 10) return s
  return s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4)
}

/** 11-digit mobile 13812345678 -> 138****5678. */
export function maskPhone(value) {
  if (!value) return ''
  const s = String(value)
  if (isMasked(s) || s.length < 7) return s
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4)
}

export function displayIdNumber(resident) {
  if (!resident) return ''
  return resident.revealed ? resident.id_number || '' : maskIdNumber(resident.id_number)
}

export function displayPhone(resident) {
  if (!resident) return ''
  return resident.revealed ? resident.phone || '' : maskPhone(resident.phone)
}

/**
 * What a search box query looks like: an 18-digit ID number, an 11-digit mobile number or a name.
 * @returns {{kind: 'empty'|'id_number'|'phone'|'name', value: string}}
 */
export function classifyQuery(q) {
  const s = String(q || '').trim()
  if (!s) return { kind: 'empty', value: '' }
  const compact = s.replace(/[\s-]/g, '')
  if (/^\d{17}[\dXx]$/.test(compact)) return { kind: 'id_number', value: compact.toUpperCase() }
  if (/^(\+?86)?1\d{10}$/.test(compact)) return { kind: 'phone', value: compact.slice(-11) }
  return { kind: 'name', value: s }
}
