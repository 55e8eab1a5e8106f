import { describe, it, expect } from 'vitest'
import {
  monthOf, isMonth, addMonths, presetPeriod, presetOf, figuresQueryState, figuresQuery, percent,
  channelOption, trackOption, trendOption, childrenOption, RATES, PERIOD_PRESETS,
} from '../../src/lib/figures.js'
import { ledgerExportUrl, EXPORT_FORMATS } from '../../src/lib/ledgerExport.js'
import zhCN from '../../src/i18n/zh-CN.js'

// 2026-11-30 20:00 UTC is already 1 December in China.
const NOW = new Date(Date.UTC(2026, 10, 30, 20, 0))
const t = (k) => k

describe('months', () => {
  it('are China-time months', () => {
    expect(monthOf(NOW)).toBe('2026-12')
    expect(monthOf(new Date(Date.UTC(2026, 10, 30, 15, 59)))).toBe('2026-11')
  })
  it('add across years and validate', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01')
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2026-12', -11)).toBe('2026-01')
    expect(isMonth('2026-11')).toBe(true)
    for (const bad of ['2026-13', '2026-1', '26-11', '', null]) expect(isMonth(bad)).toBe(false)
  })
  it('presets end this month and are recognised again', () => {
    expect(presetPeriod('thisMonth', NOW)).toEqual({ from: '2026-12', to: '2026-12' })
    expect(presetPeriod('last3', NOW)).toEqual({ from: '2026-10', to: '2026-12' })
    expect(presetPeriod('last12', NOW)).toEqual({ from: '2026-01', to: '2026-12' })
    expect(presetPeriod('thisYear', NOW)).toEqual({ from: '2026-01', to: '2026-12' })
    for (const p of ['thisMonth', 'last3', 'last6', 'last12']) expect(presetOf(presetPeriod(p, NOW), NOW)).toBe(p)
    expect(presetOf({ from: '2026-02', to: '2026-05' }, NOW)).toBe('')
  })
})

describe('the page query', () => {
  it('defaults to the caller scope and the last twelve months', () => {
    expect(figuresQueryState({}, NOW)).toEqual({ area: null, from: '2026-01', to: '2026-12' })
    expect(figuresQuery({ area: null, from: '2026-01', to: '2026-12' }, NOW)).toEqual({})
  })
  it('keeps an area and a custom period, and drops bad values', () => {
    const s = figuresQueryState({ area: '42', from: '2026-03', to: '2026-05' }, NOW)
    expect(s).toEqual({ area: '42', from: '2026-03', to: '2026-05' })
    expect(figuresQuery(s, NOW)).toEqual({ area: '42', from: '2026-03', to: '2026-05' })
    expect(figuresQueryState({ area: 'x', from: '2026-13', to: 'soon' }, NOW)).toEqual({ area: null, from: '2026-01', to: '2026-12' })
    expect(figuresQueryState({ from: '2026-09', to: '2026-05' }, NOW)).toEqual({ area: null, from: '2026-05', to: '2026-05' })
  })
})

describe('rates and charts', () => {
  it('formats rates as percentages', () => {
    expect(percent(0.875)).toBe('87.5%')
    expect(percent(1)).toBe('100%')
    expect(percent(0)).toBe('0%')
    expect(percent(2 / 3)).toBe('66.7%')
    expect(percent(null)).toBe('—')
  })
  const totals = {
    collected: 10, not_handled: 1, by_track: { immediate: 5, consultative: 2 },
    by_channel: { grid_visit: 4, walk_in: 3, phone_line: 3 },
  }
  it('sorts channels so the biggest bar is on top and labels all eight', () => {
    const o = channelOption(totals, t)
    expect(o.yAxis.data).toHaveLength(8)
    expect(o.yAxis.data.at(-1)).toBe('appeal.channels.grid_visit')
    expect(o.series[0].data.at(-1)).toBe(4)
  })
  it('shows the untriaged rest of the tracks and leaves out empty slices', () => {
    const names = trackOption(totals, t).series[0].data.map((d) => [d.name, d.value])
    expect(names).toEqual([['appeal.tracks.immediate', 5], ['appeal.tracks.consultative', 2], ['figures.untriaged', 2], ['figures.notHandled', 1]])
    expect(trackOption({ collected: 0 }, t).series[0].data).toEqual([])
  })
  it('draws the trend with the resolution rate in percent (gaps stay gaps)', () => {
    const o = trendOption([
      { month: '2026-10', collected: 4, resolved: 1, rates: { resolution: 0.25 } },
      { month: '2026-11', collected: 0, resolved: 0, rates: { resolution: null } },
    ], t)
    expect(o.xAxis.data).toEqual(['26/10', '26/11'])
    expect(o.series[2].data).toEqual([25, null])
  })
  it('orders child areas by collected', () => {
    const o = childrenOption([{ area: { name: 'A' }, collected: 5, resolved: 1 }, { area: { name: 'B' }, collected: 2, resolved: 2 }], t)
    expect(o.yAxis.data).toEqual(['B', 'A'])
  })
  it('has a label for every rate and preset', () => {
    for (const r of RATES) expect(zhCN.figures.rates[r]).toBeTruthy()
    for (const p of PERIOD_PRESETS) expect(zhCN.figures.presets[p]).toBeTruthy()
  })
})

describe('ledger export links', () => {
  it('carry the format and the current filters', () => {
    expect(EXPORT_FORMATS).toEqual(['xlsx', 'csv'])
    expect(ledgerExportUrl('xlsx', { status: 'claimed', track: '', channel: '', category: '', overdue: true, area: '12' }))
      .toBe('/api/v1/appeals/export?format=xlsx&status=claimed&overdue=true&area=12')
    expect(ledgerExportUrl('csv', {})).toBe('/api/v1/appeals/export?format=csv')
  })
})
