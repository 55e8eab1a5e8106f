import { describe, it, expect } from 'vitest'
import {
  extensionBody, decisionBody, pendingExtension, photosByEvent, photoProblem, fitWithin, publicLinkUrl, similarQuery,
  publicErrorKind, lastEventId, extensionTagType, endOfDay, EXTENSION_STATUSES, EXTENSION_ACTIONS, MAX_PHOTO_BYTES,
} from '../../src/lib/followup.js'
import { ApiError } from '../../src/api/client.js'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'

const DAY = 24 * 3600 * 1000
const NOW = 1650000000000

describe('extensionBody', () => {
  it('needs a later deadline and a reason', () => {
    expect(extensionBody({ dueAt: null, reason: 'x' }, NOW + DAY, NOW).errors).toEqual({ due_at: 'required' })
    expect(extensionBody({ dueAt: NOW + DAY, reason: 'x' }, NOW + DAY, NOW).errors).toEqual({ due_at: 'notLater' })
    expect(extensionBody({ dueAt: NOW - DAY, reason: 'x' }, NOW - 2 * DAY, NOW).errors).toEqual({ due_at: 'past' })
    expect(extensionBody({ dueAt: NOW + 2 * DAY, reason: '  ' }, NOW + DAY, NOW).errors).toEqual({ reason: 'required' })
    expect(extensionBody({ dueAt: NOW + 2 * DAY, reason: 'x'.repeat(501) }, NOW + DAY, NOW).errors).toEqual({ reason: 'tooLong' })
  })
  it('sends epoch milliseconds and the trimmed reason', () => {
    expect(extensionBody({ dueAt: String(NOW + 2 * DAY), reason: ' 配件未到 ' }, NOW + DAY, NOW))
      .toEqual({ body: { due_at: NOW + 2 * DAY, reason: '配件未到' }, errors: {} })
  })
})

describe('decisionBody', () => {
  it('requires a note to refuse, not to approve', () => {
    expect(decisionBody('approve', '')).toEqual({ body: { decision: 'approve' }, errors: {} })
    expect(decisionBody('refuse', ' ').errors).toEqual({ note: 'required' })
    expect(decisionBody('refuse', '先临时处理').body).toEqual({ decision: 'refuse', note: '先临时处理' })
    expect(decisionBody('maybe', 'x').errors).toEqual({ decision: 'required' })
  })
})

describe('extension helpers', () => {
  it('find the pending request and tag every status', () => {
    const items = [{ id: 1, status: 'refused' }, { id: 2, status: 'pending' }]
    expect(pendingExtension(items).id).toBe(2)
    expect(pendingExtension([{ id: 1, status: 'approved' }])).toBeNull()
    for (const s of EXTENSION_STATUSES) {
      expect(extensionTagType(s)).toBeTruthy()
      expect(zhCN.followup.extension.statuses[s]).toBeTruthy()
      expect(en.followup.extension.statuses[s]).toBeTruthy()
    }
    for (const a of EXTENSION_ACTIONS) {
      expect(zhCN.appeal.actions[a]).toBeTruthy()
      expect(en.appeal.actions[a]).toBeTruthy()
    }
    expect(zhCN.appeal.actions.request_extension).toBe('申请延期')
  })
})

describe('photos', () => {
  it('are grouped by the event they document', () => {
    const g = photosByEvent([{ id: 1, event_id: 7 }, { id: 2, event_id: null }, { id: 3, event_id: 7 }])
    expect(g['7'].map((p) => p.id)).toEqual([1, 3])
    expect(g.none.map((p) => p.id)).toEqual([2])
  })
  it('are checked by type and size before upload', () => {
    expect(photoProblem({ type: 'image/jpeg', size: 1000 })).toBe('')
    expect(photoProblem({ type: 'image/heic', size: 1000 })).toBe('type')
    expect(photoProblem({ type: 'image/png', size: MAX_PHOTO_BYTES + 1 })).toBe('size')
    expect(photoProblem(null)).toBe('missing')
  })
  it('are scaled down, never up', () => {
    expect(fitWithin(4000, 3000, 1600)).toEqual({ width: 1600, height: 1200 })
    expect(fitWithin(3000, 4000, 1600)).toEqual({ width: 1200, height: 1600 })
    expect(fitWithin(800, 600, 1600)).toEqual({ width: 800, height: 600 })
  })
  it('attach to the newest event of the step just taken', () => {
    const events = [{ id: 1, action: 'record' }, { id: 5, action: 'resolve' }, { id: 9, action: 'return' }, { id: 12, action: 'resolve' }]
    expect(lastEventId(events, 'resolve')).toBe(12)
    expect(lastEventId(events, 'close')).toBeUndefined()
  })
})

describe('public link and similar appeals', () => {
  it('builds the absolute link from the path', () => {
    expect(publicLinkUrl('/e/abc', 'https://wangge.example/')).toBe('https://wangge.example/e/abc')
  })
  it('asks for similar appeals only with a place and a category', () => {
    expect(similarQuery({ base: 3, category: null })).toBeNull()
    expect(similarQuery({ base: null, category: 2 })).toBeNull()
    expect(similarQuery({ base: 3, building: null, category: 2 })).toEqual({ area_id: '3', category_id: '2' })
    expect(similarQuery({ base: 3, building: 8, household: 44, category: 2 }))
      .toEqual({ area_id: '8', category_id: '2', household_id: '44' })
  })
  it('tells a used or expired link from an unknown one', () => {
    expect(publicErrorKind(new ApiError(410, 'failed_precondition', '该评价链接已使用'))).toBe('gone')
    expect(publicErrorKind(new ApiError(404, 'not_found', ''))).toBe('unknown')
    expect(publicErrorKind(new ApiError(429, 'resource_exhausted', ''))).toBe('busy')
    expect(publicErrorKind(new ApiError(0, 'unavailable', ''))).toBe('other')
  })
})

describe('endOfDay', () => {
  it('moves a chosen date to the last millisecond of that day', () => {
    const d = new Date(2022, 4, 20, 0, 0, 0).getTime()
    const e = new Date(endOfDay(d))
    expect([e.getFullYear(), e.getMonth(), e.getDate(), e.getHours(), e.getMinutes()]).toEqual([2022, 4, 20, 23, 59])
  })
})
