// Enumerations of the registry, with how each value is shown. Texts live in the locale files.

export const LEVELS = ['province', 'city', 'district', 'street', 'community', 'village', 'grid', 'building']
export const TAGS = ['elderly_alone', 'bedridden', 'disabled', 'pregnant', 'infant', 'away']
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'other']
export const REGISTRATIONS = ['registered', 'floating']
export const SEXES = ['male', 'female']

/** el-tag look for each resident tag: [type, effect]. */
const TAG_LOOK = {
  elderly_alone: ['warning', 'light'],
  bedridden: ['danger', 'light'],
  disabled: ['danger', 'plain'],
  pregnant: ['success', 'light'],
  infant: ['primary', 'light'],
  away: ['info', 'light'],
}

export function tagLook(tag) {
  const [type, effect] = TAG_LOOK[tag] || ['info', 'plain']
  return { type, effect }
}

/** el-tag type for an area level. */
export function levelTagType(level) {
  switch (level) {
    case 'street': return 'warning'
    case 'community': case 'village': return 'success'
    case 'grid': return 'primary'
    case 'building': return 'info'
    default: return 'danger'
  }
}

/** "2单元 301室" from a household's unit and room, leaving out what is empty. */
export function householdLabel(h, t) {
  if (!h) return ''
  const parts = []
  if (h.unit) parts.push(t('household.unitN', { n: h.unit }))
  if (h.room) parts.push(t('household.roomN', { n: h.room }))
  return parts.join(' ') || t('household.numberN', { n: h.id })
}
