import { useI18n } from 'vue-i18n'
import { dueText } from '../lib/appeals.js'
import { useAppealRefsStore } from '../stores/appealRefs.js'

/** Translated labels for appeal values, falling back to the raw value (or the server's name) for unknown ones. */
export function useAppealLabels() {
  const { t, te } = useI18n()
  const refs = useAppealRefsStore()
  const pick = (prefix, v, fallback = '') => (v && te(`appeal.${prefix}.${v}`) ? t(`appeal.${prefix}.${v}`) : v || fallback)
  return {
    status: (v) => pick('statuses', v),
    track: (v) => pick('tracks', v, t('appeal.tracks.none')),
    channel: (v) => pick('channels', v),
    evaluation: (v) => pick('evaluations', v),
    action: (v) => pick('actions', v),
    memberKind: (v) => pick('memberKinds', v),
    band: (v) => pick('bands', v),
    /** A category ({id, name} or {id, code, name}): the translation of its code, else the server's name. */
    category: (c) => {
      if (!c) return ''
      const code = c.code || refs.categoryById(c.id)?.code
      return code && te(`appeal.categories.${code}`) ? t(`appeal.categories.${code}`) : c.name || ''
    },
    /** "剩 3 天" / "逾期 2 天" for a deadline, '' without one. */
    due: (dueAt, now) => {
      const d = dueText(dueAt, now)
      return d ? t(d.key, { n: d.n }) : ''
    },
    /** Who reported it, in one line. */
    reporter: (r) => {
      if (!r || r.kind === 'anonymous') return t('appeal.anonymous')
      return [r.name, r.phone].filter(Boolean).join(' ') || t('appeal.anonymous')
    },
    /** Who claimed it: a user or a big-committee member. */
    claimer: (c) => (c ? c.name || `#${c.id}` : ''),
  }
}

/** el-tag type for a status. */
export function statusTagType(status) {
  switch (status) {
    case 'recorded': return 'info'
    case 'triaged': case 'escalated': case 'suspended': return 'warning'
    case 'claimed': case 'in_progress': return 'primary'
    case 'resolved': case 'reported': case 'evaluated': case 'closed': return 'success'
    case 'rejected': return 'danger'
    default: return 'info'
  }
}
