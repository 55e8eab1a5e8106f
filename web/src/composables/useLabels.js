import { useI18n } from 'vue-i18n'

/** Translated labels for registry values, falling back to the raw value for unknown ones. */
export function useLabels() {
  const { t, te } = useI18n()
  const pick = (prefix, v, fallback = '') => (v && te(`${prefix}.${v}`) ? t(`${prefix}.${v}`) : v || fallback)
  return {
    level: (v) => pick('area.levels', v),
    role: (v) => pick('role', v),
    tag: (v) => pick('resident.tagNames', v),
    relation: (v) => pick('resident.relations', v, t('resident.relations.none')),
    registration: (v) => pick('resident.registrations', v),
    sex: (v) => pick('resident.sexes', v),
    action: (v) => pick('history.actions', v),
  }
}
