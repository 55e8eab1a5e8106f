// Turning API errors into something a form or a page can show.
import { ApiError } from '../api/client.js'

/**
 * Normalises a server field path to a form prop: "tags[2]" -> "tags", "resident.phone" -> "phone",
 * "idNumber" -> "id_number".
 */
export function normalizeField(field) {
  if (!field) return ''
  let f = String(field).trim()
  f = f.replace(/\[\d*\]/g, '') // array indices
  const dot = f.lastIndexOf('.')
  if (dot >= 0) f = f.slice(dot + 1)
  f = f.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
  return f
}

/**
 * Splits an error into a message for a named form field and/or a general message.
 * @param {unknown} err
 * @param {string[]} fields the props of the form
 * @param {Record<string,string>} [aliases] server field name -> form prop
 * @returns {{ fieldErrors: Record<string,string>, general: string|null, error: ApiError|null }}
 */
export function mapFieldErrors(err, fields, aliases = {}) {
  const fieldErrors = {}
  if (!(err instanceof ApiError)) return { fieldErrors, general: err ? String(err.message || err) : null, error: null }
  const raw = normalizeField(err.field)
  const prop = aliases[raw] || raw
  if (prop && fields.includes(prop) && (err.code === 'invalid_argument' || err.code === 'already_exists' || err.code === 'failed_precondition')) {
    fieldErrors[prop] = err.serverMessage || err.code
    return { fieldErrors, general: null, error: err }
  }
  return { fieldErrors, general: err.serverMessage || null, error: err }
}

/** The message to show for an error: the server's own, else a translated text for its code. */
export function errorText(err, t) {
  if (err instanceof ApiError) return err.serverMessage || t(`error.${err.code}`)
  if (err && err.message) return err.message
  return t('error.internal')
}
