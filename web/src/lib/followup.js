// Appeal follow-up (docs/api/appeals.md, "Follow-up"): extension requests, photos, the public
// evaluation link and possible duplicates. Pure helpers here; the browser-only photo preparation is
// in preparePhoto(). Texts live in the locale files under `followup.*`.
import { api } from '../api/index.js'

export const EXTENSION_STATUSES = ['pending', 'approved', 'refused', 'lapsed']
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp']
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
/** Photos are scaled down to this many pixels on the long side before upload (and lose their EXIF). */
export const PHOTO_MAX_SIDE = 1600
export const MAX_PHOTOS_PER_UPLOAD = 9
/** Workflow steps whose dialog offers an "after" photo. */
export const PHOTO_ACTIONS = ['resolve', 'start', 'return']
/** Statuses for which staff may create a public evaluation link. */
export const LINK_STATUSES = ['resolved', 'reported']
/** Ledger actions of extension requests (shown in the timeline). */
export const EXTENSION_ACTIONS = ['request_extension', 'approve_extension', 'refuse_extension']

/** el-tag type of an extension status. */
export function extensionTagType(status) {
  return { pending: 'warning', approved: 'success', refused: 'danger', lapsed: 'info' }[status] || 'info'
}

/**
 * Checks an extension request form. `dueAt` and `currentDue` are epoch ms.
 * @returns {{ body: {due_at: number, reason: string}|null, errors: Record<string, string> }} errors: field -> reason key
 */
export function extensionBody({ dueAt, reason }, currentDue, now = Date.now()) {
  const errors = {}
  const due = Number(dueAt)
  if (!dueAt || !Number.isFinite(due)) errors.due_at = 'required'
  else if (currentDue && due <= Number(currentDue)) errors.due_at = 'notLater'
  else if (due <= now) errors.due_at = 'past'
  const text = String(reason ?? '').trim()
  if (!text) errors.reason = 'required'
  else if (text.length > 500) errors.reason = 'tooLong'
  return Object.keys(errors).length ? { body: null, errors } : { body: { due_at: due, reason: text }, errors }
}

/** The last millisecond of the (local) day of `ms`: a date chosen as a new deadline means "by the end of that day". */
export function endOfDay(ms) {
  const d = new Date(Number(ms))
  d.setHours(23, 59, 59, 999)
  return d.getTime()
}

/** The decision body; a refusal needs a note. */
export function decisionBody(decision, note) {
  const text = String(note ?? '').trim()
  if (decision !== 'approve' && decision !== 'refuse') return { body: null, errors: { decision: 'required' } }
  if (decision === 'refuse' && !text) return { body: null, errors: { note: 'required' } }
  if (text.length > 1000) return { body: null, errors: { note: 'tooLong' } }
  return { body: text ? { decision, note: text } : { decision }, errors: {} }
}

/** The pending request of an appeal's extension list, or null. */
export function pendingExtension(items = []) {
  return [...items].reverse().find((x) => x.status === 'pending') || null
}

/** Photos grouped by the event they document; those without one under the key 'none'. */
export function photosByEvent(photos = []) {
  const out = {}
  for (const p of photos) {
    const k = p.event_id ? String(p.event_id) : 'none'
    ;(out[k] ||= []).push(p)
  }
  return out
}

/** Why a chosen file cannot be uploaded as it is ('' when it can). */
export function photoProblem(file) {
  if (!file) return 'missing'
  if (!PHOTO_TYPES.includes(file.type)) return 'type'
  if (file.size > MAX_PHOTO_BYTES) return 'size'
  return ''
}

/** Width and height scaled to fit `max` on the long side (never enlarged). */
export function fitWithin(width, height, max = PHOTO_MAX_SIDE) {
  const long = Math.max(width, height)
  if (!long || long <= max) return { width, height }
  const k = max / long
  return { width: Math.round(width * k), height: Math.round(height * k) }
}

/** The absolute URL a resident opens for a link `path` ("/e/…"). */
export function publicLinkUrl(path, origin = globalThis.location?.origin || '') {
  return origin.replace(/\/$/, '') + path
}

/** The query of GET /appeals/similar for the intake form's place and category, or null when incomplete. */
export function similarQuery({ base, building, household, category }) {
  const area = building || base
  if (!area || !category) return null
  const q = { area_id: String(area), category_id: String(category) }
  if (household) q.household_id = String(household)
  return q
}

/** How to show an error of the public page: 'gone' (410: used/expired/replaced), 'unknown' (404), 'busy' (429), 'other'. */
export function publicErrorKind(err) {
  const status = err && err.status
  if (status === 410) return 'gone'
  if (status === 404) return 'unknown'
  if (status === 429) return 'busy'
  return 'other'
}

/**
 * A photo as it will be uploaded: scaled to PHOTO_MAX_SIDE, re-encoded as JPEG (which also drops EXIF
 * data such as the place it was taken), plus a small preview data URL. Falls back to the file itself
 * when the browser cannot decode it but its type and size are acceptable.
 * Browser only. Rejects with Error('type' | 'size' | 'decode').
 * @returns {Promise<{blob: Blob, type: string, preview: string, name: string}>}
 */
export async function preparePhoto(file) {
  let bitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    const problem = photoProblem(file)
    if (problem) throw new Error(problem === 'missing' ? 'type' : problem)
    return { blob: file, type: file.type, preview: '', name: file.name }
  }
  const draw = (max, quality) => {
    const size = fitWithin(bitmap.width, bitmap.height, max)
    const canvas = document.createElement('canvas')
    canvas.width = size.width
    canvas.height = size.height
    const ctx = canvas.getContext('2d')
    ctx.fillStyle = '#fff' // PNGs with transparency get a white background as JPEGs
    ctx.fillRect(0, 0, size.width, size.height)
    ctx.drawImage(bitmap, 0, 0, size.width, size.height)
    return { canvas, quality }
  }
  const full = draw(PHOTO_MAX_SIDE, 0.85)
  const blob = await new Promise((resolve) => full.canvas.toBlob(resolve, 'image/jpeg', full.quality))
  const preview = draw(240, 0.7).canvas.toDataURL('image/jpeg', 0.7)
  bitmap.close?.()
  if (!blob) throw new Error('decode')
  if (blob.size > MAX_PHOTO_BYTES) throw new Error('size')
  return { blob, type: 'image/jpeg', preview, name: file.name }
}

/**
 * Uploads prepared photos (preparePhoto) one by one to an appeal, attached to `eventId` when given.
 * Never throws: returns how many were stored and the errors of the others.
 * @returns {Promise<{stored: number, errors: unknown[]}>}
 */
export async function uploadPhotos(appealId, photos = [], eventId) {
  let stored = 0
  const errors = []
  for (const p of photos) {
    try {
      await api.uploadAppealPhoto(appealId, p.blob, p.type, eventId)
      stored++
    } catch (e) {
      errors.push(e)
    }
  }
  return { stored, errors }
}

/** The id of the newest event of `action` in an appeal's timeline (what a just-taken step created), or undefined. */
export function lastEventId(events = [], action) {
  const e = [...events].reverse().find((x) => x.action === action)
  return e ? e.id : undefined
}
