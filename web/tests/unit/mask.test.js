import { describe, it, expect } from 'vitest'
import { maskIdNumber, maskPhone, displayIdNumber, displayPhone, isMasked, classifyQuery } from '../../src/lib/mask.js'

const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/

describe('masking', () => {
  it('masks an 18-digit ID number as the server does', () => {
    expect(maskIdNumber('21010219900101123X')).toBe('210102********123X')
    expect(maskIdNumber('21010219900101123X')).toMatch(MASKED_ID)
  })
  it('leaves already masked and empty values alone', () => {
    expect(maskIdNumber('210102********123X')).toBe('210102********123X')
    expect(maskIdNumber('')).toBe('')
    expect(maskIdNumber(null)).toBe('')
    expect(maskPhone('138****5678')).toBe('138****5678')
  })
  it('masks an 11-digit phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(isMasked('138****5678')).toBe(true)
    expect(isMasked('13812345678')).toBe(false)
  })
  it('shows full values only for revealed records', () => {
    const r = { id_number: '21010219900101123X', phone: '13812345678' }
    expect(displayIdNumber({ ...r, revealed: false })).toBe('210102********123X')
    expect(displayPhone({ ...r, revealed: false })).toBe('138****5678')
    expect(displayIdNumber({ ...r, revealed: true })).toBe('21010219900101123X')
    expect(displayPhone({ ...r, revealed: true })).toBe('13812345678')
    expect(displayIdNumber({ id_number: '210102********123X', revealed: false })).toMatch(MASKED_ID)
  })
})

describe('classifyQuery', () => {
  it.each([
    ['', 'empty', ''],
    ['  张三 ', 'name', '张三'],
    ['21010219900101123x', 'id_number', '21010219900101123X'],
    ['210102 19900101 1234', 'id_number', '210102199001011234'],
    ['138-1234-5678', 'phone', '13812345678'],
    ['+8613812345678', 'phone', '13812345678'],
    ['1381234', 'name', '1381234'],
  ])('%j is a %s query', (q, kind, value) => expect(classifyQuery(q)).toEqual({ kind, value }))
})
