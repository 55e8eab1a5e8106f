import { describe, it, expect } from 'vitest'
import {
  actionButtons, transitionBody, transitionFailure, bandOf, dueText, isOpen, filtersFromQuery, filtersToQuery,
  appealsApiQuery, activeFilterCount, groupByStatus, appealPermissions, EMPTY_FILTERS, ACTIONS, STATUSES, CHANNELS,
  TRACKS, EVALUATIONS, MEMBER_KINDS, CATEGORY_CODES, BANDS, REPORTER_KINDS, BOARD_STATUSES,
} from '../../src/lib/appeals.js'
import { ApiError } from '../../src/api/client.js'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'

const HOUR = 3600000
const DAY = 24 * HOUR
const keys = (buttons) => buttons.map((b) => b.key)

describe('actionButtons', () => {
  it('splits triage into one button per track, then the other allowed actions in workflow order', () => {
    const a = { status: 'recorded', track: null, allowed_actions: ['reject', 'suspend', 'escalate', 'triage', 'mark_not_responsible', 'merge'] }
    const b = actionButtons(a, { manager: true })
    expect(keys(b)).toEqual(['triage:immediate', 'triage:consultative', 'escalate', 'mark_not_responsible', 'suspend', 'merge', 'reject'])
    expect(b[0]).toMatchObject({ action: 'triage', preset: { track: 'immediate' }, dialog: false, more: false })
    expect(b.find((x) => x.key === 'escalate')).toMatchObject({ dialog: true, more: false })
    expect(b.filter((x) => x.more).map((x) => x.key)).toEqual(['suspend', 'merge', 'reject'])
  })

  it('offers only the other track when already triaged', () => {
    const a = { status: 'triaged', track: 'immediate', allowed_actions: ['triage', 'claim'] }
    expect(keys(actionButtons(a))).toEqual(['triage:consultative', 'claim'])
  })

  it('lets a manager claim for a big-committee member, through the dialog', () => {
    const a = { status: 'triaged', track: 'consultative', allowed_actions: ['claim'] }
    expect(keys(actionButtons(a))).toEqual(['claim'])
    const b = actionButtons(a, { manager: true })
    expect(keys(b)).toEqual(['claim', 'claim:member'])
    expect(b[0].dialog).toBe(false)
    expect(b[1].dialog).toBe(true)
  })

  it('asks for notes, evaluations and confirmations where the workflow needs them', () => {
    const a = { status: 'claimed', allowed_actions: ['start', 'resolve', 'return', 'suspend'] }
    const b = Object.fromEntries(actionButtons(a).map((x) => [x.key, x]))
    expect(b.start.dialog).toBe(false)
    expect(b.resolve.dialog).toBe(true)
    expect(b.return.dialog).toBe(true)
    expect(actionButtons({ status: 'reported', allowed_actions: ['evaluate'] })[0].dialog).toBe(true)
    expect(actionButtons({ status: 'evaluated', allowed_actions: ['close'] })[0]).toMatchObject({ dialog: false, confirm: true })
  })

  it('shows nothing without allowed actions and ignores unknown ones', () => {
    expect(actionButtons({ status: 'closed', allowed_actions: [] })).toEqual([])
    expect(actionButtons({ status: 'closed' })).toEqual([])
    expect(actionButtons({ status: 'recorded', allowed_actions: ['teleport'] })).toEqual([])
  })
})

describe('transitionBody', () => {
  it('sends the action and version, and only the fields the action uses', () => {
    expect(transitionBody('claim', 3, {})).toEqual({ body: { action: 'claim', version: 3 }, errors: {} })
    expect(transitionBody('claim', 3, { member_id: '5', note: ' 我来 ' }).body).toEqual({ action: 'claim', version: 3, member_id: 5, note: '我来' })
    expect(transitionBody('triage', 1, { track: 'immediate', evaluation: 'satisfied' }).body).toEqual({ action: 'triage', version: 1, track: 'immediate' })
    expect(transitionBody('evaluate', 6, { evaluation: 'not_satisfied' }).body).toEqual({ action: 'evaluate', version: 6, evaluation: 'not_satisfied' })
    expect(transitionBody('merge', 2, { into_id: '12', note: '重复' }).body).toEqual({ action: 'merge', version: 2, into_id: 12, note: '重复' })
  })

  it('reports what is missing or wrong', () => {
    expect(transitionBody('resolve', 4, { note: '   ' })).toEqual({ body: null, errors: { note: 'required' } })
    expect(transitionBody('start', 4, { note: 'x'.repeat(1001) }).errors).toEqual({ note: 'tooLong' })
    expect(transitionBody('triage', 1, { track: 'later' }).errors).toEqual({ track: 'required' })
    expect(transitionBody('evaluate', 1, {}).errors).toEqual({ evaluation: 'required' })
    expect(transitionBody('merge', 1, { into_id: 'abc' }).errors).toEqual({ into_id: 'required' })
    expect(transitionBody('fly', 1, {}).errors).toEqual({ action: 'unknown' })
  })

  it('has a rule for every action of the contract', () => {
    expect(ACTIONS.sort()).toEqual(['claim', 'close', 'escalate', 'evaluate', 'mark_not_responsible', 'merge', 'reject',
      'reopen', 'report', 'resolve', 'resume', 'return', 'start', 'suspend', 'triage'])
  })
})

describe('transitionFailure', () => {
  it('tells a lost claim race from other stale versions and from a step no longer allowed', () => {
    const aborted = new ApiError(409, 'aborted', 'stale')
    expect(transitionFailure(aborted, 'claim')).toBe('claimedFirst')
    expect(transitionFailure(aborted, 'resolve')).toBe('changedFirst')
    expect(transitionFailure(new ApiError(409, 'failed_precondition', '当前状态不能认领'), 'claim')).toBe('precondition')
    expect(transitionFailure(new ApiError(400, 'invalid_argument', '请填写说明', 'note'), 'resolve')).toBe('field')
    expect(transitionFailure(new ApiError(400, 'invalid_argument', 'bad'), 'resolve')).toBe('other')
    expect(transitionFailure(new ApiError(403, 'permission_denied', 'no'), 'triage')).toBe('other')
    expect(transitionFailure(null, 'triage')).toBe('other')
  })
})

describe('bandOf', () => {
  const now = 1_700_000_000_000
  it('trusts the server, including its null', () => {
    expect(bandOf({ status: 'claimed', band: 'amber', due_at: now + DAY }, now)).toBe('amber')
    expect(bandOf({ status: 'resolved', band: null, due_at: now - DAY }, now)).toBeNull()
    expect(bandOf({ status: 'claimed', band: 'purple' }, now)).toBeNull()
  })
  it('derives green or red from due_at when the server sent no band', () => {
    expect(bandOf({ status: 'in_progress', due_at: now - 1 }, now)).toBe('red')
    expect(bandOf({ status: 'triaged', due_at: now + HOUR }, now)).toBe('green')
    expect(bandOf({ status: 'recorded', due_at: now - DAY }, now)).toBeNull()
    expect(bandOf({ status: 'claimed', due_at: null }, now)).toBeNull()
    expect(bandOf(null, now)).toBeNull()
  })
})

describe('dueText', () => {
  const now = 1_700_000_000_000
  it.each([
    [now + 3 * DAY + HOUR, 'appeal.due.daysLeft', 3],
    [now + DAY, 'appeal.due.daysLeft', 1],
    [now + DAY - 1, 'appeal.due.hoursLeft', 24],
    [now + 90 * 60000, 'appeal.due.hoursLeft', 2],
    [now + 60000, 'appeal.due.hoursLeft', 1],
    [now, 'appeal.due.hoursOverdue', 1],
    [now - 5 * HOUR, 'appeal.due.hoursOverdue', 5],
    [now - 2 * DAY - HOUR, 'appeal.due.daysOverdue', 2],
  ])('%i -> %s %i', (due, key, n) => expect(dueText(due, now)).toEqual({ key, n }))
  it('is null without a deadline', () => {
    expect(dueText(null, now)).toBeNull()
    expect(dueText(undefined, now)).toBeNull()
  })
})

describe('isOpen', () => {
  it('is false only for terminal statuses', () => {
    expect(isOpen({ status: 'suspended' })).toBe(true)
    for (const s of ['closed', 'not_responsible', 'merged', 'rejected']) expect(isOpen({ status: s })).toBe(false)
  })
})

describe('filters', () => {
  it('reads a route query, dropping unknown values', () => {
    expect(filtersFromQuery({})).toEqual(EMPTY_FILTERS)
    expect(filtersFromQuery({ status: 'claimed', track: 'consultative', channel: 'grid_visit', category: '3', overdue: 'true', area: '42' }))
      .toEqual({ status: 'claimed', track: 'consultative', channel: 'grid_visit', category: '3', overdue: true, area: '42' })
    expect(filtersFromQuery({ status: 'lost', track: 'x', channel: 'pigeon', category: 'abc', overdue: 'yes', area: '-1' })).toEqual(EMPTY_FILTERS)
    expect(filtersFromQuery({ status: ['triaged', 'claimed'] }).status).toBe('triaged')
  })

  it('writes only what is set', () => {
    expect(filtersToQuery(EMPTY_FILTERS)).toEqual({})
    expect(filtersToQuery({ ...EMPTY_FILTERS, status: 'resolved', category: 2, area: 7, overdue: true }))
      .toEqual({ status: 'resolved', category: '2', area: '7', overdue: 'true' })
  })

  it('round-trips through the URL', () => {
    const f = { status: 'in_progress', track: 'immediate', channel: 'hotline_12345', category: '5', overdue: true, area: '9' }
    expect(filtersFromQuery(filtersToQuery(f))).toEqual(f)
  })

  it('maps to the GET /appeals query with a page', () => {
    expect(appealsApiQuery({ ...EMPTY_FILTERS, track: 'immediate', overdue: true }, { cursor: 'abc', limit: 50 }))
      .toEqual({ track: 'immediate', overdue: 'true', cursor: 'abc', limit: 50 })
    expect(appealsApiQuery(EMPTY_FILTERS, { limit: 200 })).toEqual({ limit: 200 })
  })

  it('counts the active filters', () => {
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0)
    expect(activeFilterCount({ ...EMPTY_FILTERS, channel: 'walk_in', overdue: true })).toBe(2)
  })
})

describe('groupByStatus', () => {
  it('puts the main line in columns and counts the rest', () => {
    const items = [
      { id: 1, status: 'recorded' }, { id: 2, status: 'claimed' }, { id: 3, status: 'claimed' },
      { id: 4, status: 'suspended' }, { id: 5, status: 'closed' }, { id: 6, status: 'evaluated' },
    ]
    const { columns, other } = groupByStatus(items)
    expect(Object.keys(columns)).toEqual(BOARD_STATUSES)
    expect(columns.claimed.map((a) => a.id)).toEqual([2, 3])
    expect(columns.in_progress).toEqual([])
    expect(columns.evaluated.map((a) => a.id)).toEqual([6])
    expect(other).toBe(2)
  })
})

describe('appealPermissions', () => {
  it('uses /me permissions when given', () => {
    expect(appealPermissions({ role: 'grid_worker', permissions: { read_appeals: true, record_appeal: true, manage_appeals: false } }))
      .toEqual({ read: true, record: true, manage: false })
    expect(appealPermissions({ role: 'party_secretary', permissions: { record_appeal: false, manage_appeals: false, read_appeals: false } }))
      .toEqual({ read: false, record: false, manage: false })
  })
  it('grants nothing that /me does not say', () => {
    expect(appealPermissions({ role: 'community_worker', permissions: {} })).toEqual({ read: false, record: false, manage: false })
    expect(appealPermissions(null)).toEqual({ read: false, record: false, manage: false })
  })
})

describe('appeal texts', () => {
  it('name every enumeration value in both languages', () => {
    for (const msgs of [zhCN, en]) {
      const a = msgs.appeal
      for (const v of STATUSES) expect(a.statuses[v], v).toBeTruthy()
      for (const v of CHANNELS) expect(a.channels[v], v).toBeTruthy()
      for (const v of TRACKS) expect(a.tracks[v], v).toBeTruthy()
      for (const v of EVALUATIONS) expect(a.evaluations[v], v).toBeTruthy()
      for (const v of MEMBER_KINDS) expect(a.memberKinds[v], v).toBeTruthy()
      for (const v of CATEGORY_CODES) expect(a.categories[v], v).toBeTruthy()
      for (const v of BANDS) expect(a.bands[v], v).toBeTruthy()
      for (const v of REPORTER_KINDS) expect(a.reporterKinds[v], v).toBeTruthy()
      for (const v of [...ACTIONS, 'record']) expect(a.actions[v], v).toBeTruthy()
      for (const v of ['report', 'close', 'reopen']) expect(a.confirm[v], v).toBeTruthy()
    }
    expect(zhCN.appeal.channels).toMatchObject({ grid_visit: '网格员进格', party_member_visit: '党员中心户入户', walk_in: '来访面询' })
    expect(zhCN.appeal.tracks).toMatchObject({ immediate: '即知即办', consultative: '协商交办' })
  })
})
