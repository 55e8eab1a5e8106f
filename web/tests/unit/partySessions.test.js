import { describe, it, expect } from 'vitest'
import {
  canDo, communityFor, claimRows, isReported, pendingReports, daysOverdue, attendeeChoices, patchBody, claimBody,
  parseIsoDate, sessionTagType,
} from '../../src/lib/partySessions.js'

const DAY = 24 * 3600 * 1000

describe('party sessions', () => {
  it('drives buttons from allowed_actions', () => {
    const s = { allowed_actions: ['update', 'claim', 'raise', 'close'] }
    expect(canDo(s, 'close')).toBe(true)
    expect(canDo(s, 'open')).toBe(false)
    expect(canDo(null, 'open')).toBe(false)
    expect(canDo({}, 'open')).toBe(false)
    expect(sessionTagType('open')).toBe('success')
  })

  it('picks the community from the query, else the user\'s own community', () => {
    const secretary = { area: { id: 7, level: 'community' } }
    const city = { area: { id: 1, level: 'city' } }
    expect(communityFor({ community: '12' }, secretary)).toBe(12)
    expect(communityFor({}, secretary)).toBe(7)
    expect(communityFor({ community: 'x' }, city)).toBe(null)
    expect(communityFor({}, city)).toBe(null)
    expect(communityFor({ community: ['3', '4'] }, city)).toBe(3)
  })

  it('lists waiting items first, then those claimed at the session', () => {
    const detail = {
      agenda: { to_claim: [{ id: 1 }, { id: 2 }] },
      claims: [{ appeal: { id: 5 }, member: { name: '李明' } }, { appeal: { id: 2 }, member: { name: '重复' } }],
    }
    const rows = claimRows(detail)
    expect(rows.map((r) => r.appeal.id)).toEqual([1, 2, 5])
    expect(rows[2].claim.member.name).toBe('李明')
    expect(rows[0].claim).toBe(null)
    expect(claimRows(null)).toEqual([])
  })

  it('counts what closing will report back', () => {
    const detail = { agenda: { report_back: [{ status: 'resolved' }, { status: 'reported', reported_at: 1 }, { status: 'resolved' }] } }
    expect(pendingReports(detail)).toBe(2)
    expect(isReported(detail.agenda.report_back[1])).toBe(true)
    expect(isReported(detail.agenda.report_back[0])).toBe(false)
  })

  it('counts whole days overdue', () => {
    const now = 1_650_000_000_000
    expect(daysOverdue({ due_at: now - 3 * DAY - 5 }, now)).toBe(3)
    expect(daysOverdue({ due_at: now - 1000 }, now)).toBe(1)
    expect(daysOverdue({ due_at: now + DAY }, now)).toBe(0)
    expect(daysOverdue({ due_at: null }, now)).toBe(0)
  })

  it('keeps attendees who left the register among the choices', () => {
    const members = [{ id: 1, name: '李明', kind: 'property_management', unit_name: '华光物业' }]
    const session = { attendees: [{ member_id: 9, name: '赵芳', kind: 'owners_committee', unit_name: '' }, { member_id: 1, name: '李明' }] }
    expect(attendeeChoices(members, session).map((m) => m.id)).toEqual([1, 9])
  })

  it('sends only what changed', () => {
    const s = { version: 4, minutes: 'a', other_attendees: '', title: 'T', attendees: [{ member_id: 2 }, { member_id: 1 }] }
    expect(patchBody(s, { minutes: 'a', attendee_member_ids: [1, 2] })).toBe(null)
    expect(patchBody(s, { minutes: 'b' })).toEqual({ version: 4, minutes: 'b' })
    expect(patchBody(s, { attendee_member_ids: [1, 3, 3] })).toEqual({ version: 4, attendee_member_ids: [1, 3] })
    expect(patchBody({ version: 1 }, { other_attendees: '' })).toBe(null)
  })

  it('builds a claim only with a member', () => {
    const a = { id: 8, version: 3 }
    expect(claimBody(a, null)).toBe(null)
    expect(claimBody(a, '5')).toEqual({ appeal_id: 8, member_id: 5, version: 3 })
    expect(claimBody(a, 5, ' 负责 ')).toEqual({ appeal_id: 8, member_id: 5, version: 3, note: '负责' })
  })

  it('reads ISO dates at local midnight', () => {
    const d = parseIsoDate('2022-04-29')
    expect([d.getFullYear(), d.getMonth(), d.getDate()]).toEqual([2022, 3, 29])
    expect(parseIsoDate('29/04/2022')).toBe(null)
  })
})
