// Party-Day Talk figures (GET /appeal-figures, docs/api/appeals.md): periods as 'YYYY-MM', the page's
// URL query, rates as percentages, and the ECharts options of the figures page (pure, so they are
// unit-tested). Texts come in through `t`.
import { CHANNELS, TRACKS } from './appeals.js'

export const RATES = ['response', 'resolution', 'on_time', 'satisfaction']
export const PERIOD_PRESETS = ['thisMonth', 'last3', 'last6', 'last12', 'thisYear']

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/

/** 'YYYY-MM' of a Date in China time (the server counts months in UTC+8). */
export function monthOf(date = new Date()) {
  const china = new Date(date.getTime() + 8 * 3600000)
  return `${china.getUTCFullYear()}-${String(china.getUTCMonth() + 1).padStart(2, '0')}`
}

export function isMonth(text) {
  return typeof text === 'string' && MONTH_RE.test(text)
}

/** addMonths('2026-11', 2) === '2027-01' */
export function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number)
  const i = y * 12 + (m - 1) + n
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** The months of a preset ending this month: { from, to }. */
export function presetPeriod(preset, now = new Date()) {
  const to = monthOf(now)
  switch (preset) {
    case 'thisMonth': return { from: to, to }
    case 'last3': return { from: addMonths(to, -2), to }
    case 'last6': return { from: addMonths(to, -5), to }
    case 'thisYear': return { from: `${to.slice(0, 4)}-01`, to }
    default: return { from: addMonths(to, -11), to }
  }
}

/** Which preset a period is, or '' for a custom one. */
export function presetOf(period, now = new Date()) {
  return PERIOD_PRESETS.find((p) => {
    const q = presetPeriod(p, now)
    return q.from === period.from && q.to === period.to
  }) || ''
}

/** The page's state from its URL query: { area, from, to }, with the last twelve months by default. */
export function figuresQueryState(query = {}, now = new Date()) {
  const one = (v) => (Array.isArray(v) ? v[0] : v)
  const area = /^\d+$/.test(String(one(query.area) ?? '')) ? String(one(query.area)) : null
  let { from, to } = presetPeriod('last12', now)
  if (isMonth(one(query.to))) to = one(query.to)
  if (isMonth(one(query.from))) from = one(query.from)
  if (from > to) from = to
  return { area, from, to }
}

/** The URL query for a state (only what differs from the default). */
export function figuresQuery(state, now = new Date()) {
  const out = {}
  if (state.area) out.area = String(state.area)
  const d = presetPeriod('last12', now)
  if (state.from !== d.from || state.to !== d.to) {
    out.from = state.from
    out.to = state.to
  }
  return out
}

/** A rate (0..1 or null) as "87.5%", or '—'. */
export function percent(rate, digits = 1) {
  if (rate === null || rate === undefined || Number.isNaN(Number(rate))) return '—'
  const v = Number(rate) * 100
  return `${Number.isInteger(v) ? v : v.toFixed(digits)}%`
}

/** Channels as a horizontal bar, biggest first (names read on phones too). */
export function channelOption(counts, t) {
  const items = CHANNELS.map((c) => ({ name: t(`appeal.channels.${c}`), value: Number(counts?.by_channel?.[c] || 0) }))
    .sort((a, b) => a.value - b.value)
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
    yAxis: { type: 'category', data: items.map((i) => i.name), axisTick: { show: false } },
    series: [{
      type: 'bar', name: t('figures.collected'), data: items.map((i) => i.value), barMaxWidth: 16,
      itemStyle: { color: '#3a7bd5', borderRadius: [0, 3, 3, 0] }, label: { show: true, position: 'right', color: '#555' },
    }],
    animation: false,
  }
}

/** Tracks (and the untriaged rest) as a ring. */
export function trackOption(counts, t) {
  const tracked = TRACKS.map((k) => Number(counts?.by_track?.[k] || 0))
  const untriaged = Math.max(0, Number(counts?.collected || 0) - Number(counts?.not_handled || 0) - tracked[0] - tracked[1])
  const data = [
    { name: t('appeal.tracks.immediate'), value: tracked[0], itemStyle: { color: '#36b37e' } },
    { name: t('appeal.tracks.consultative'), value: tracked[1], itemStyle: { color: '#3a7bd5' } },
    { name: t('figures.untriaged'), value: untriaged, itemStyle: { color: '#c0c4cc' } },
    { name: t('figures.notHandled'), value: Number(counts?.not_handled || 0), itemStyle: { color: '#e8684a' } },
  ].filter((d) => d.value > 0)
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8 },
    series: [{
      type: 'pie', radius: ['45%', '70%'], center: ['50%', '44%'], data,
      label: { formatter: '{c}', color: '#555' }, avoidLabelOverlap: true,
    }],
    animation: false,
  }
}

/** Monthly trend: collected and resolved as bars, the resolution rate as a line on the right axis. */
export function trendOption(months, t) {
  const rows = months || []
  return {
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
    xAxis: { type: 'category', data: rows.map((m) => m.month.slice(2).replace('-', '/')), axisTick: { show: false } },
    yAxis: [
      { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: t('figures.collected'), data: rows.map((m) => m.collected), barMaxWidth: 18, itemStyle: { color: '#3a7bd5' } },
      { type: 'bar', name: t('figures.resolved'), data: rows.map((m) => m.resolved), barMaxWidth: 18, itemStyle: { color: '#36b37e' } },
      {
        type: 'line', name: t('figures.rates.resolution'), yAxisIndex: 1, symbolSize: 6,
        data: rows.map((m) => (m.rates?.resolution === null || m.rates?.resolution === undefined ? null : Math.round(m.rates.resolution * 1000) / 10)),
        itemStyle: { color: '#f5a623' }, connectNulls: true,
        tooltip: { valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v}%`) },
      },
    ],
    animation: false,
  }
}

/** Child areas: collected and resolved side by side, horizontal, biggest first. */
export function childrenOption(children, t) {
  const rows = [...(children || [])].sort((a, b) => a.collected - b.collected)
  return {
    grid: { left: 8, right: 32, top: 28, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
    yAxis: { type: 'category', data: rows.map((c) => c.area.name), axisLabel: { width: 110, overflow: 'truncate' }, axisTick: { show: false } },
    series: [
      { type: 'bar', name: t('figures.collected'), data: rows.map((c) => c.collected), barMaxWidth: 12, itemStyle: { color: '#3a7bd5' } },
      { type: 'bar', name: t('figures.resolved'), data: rows.map((c) => c.resolved), barMaxWidth: 12, itemStyle: { color: '#36b37e' } },
    ],
    animation: false,
  }
}
