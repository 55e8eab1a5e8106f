import { describe, it, expect } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'
import { createI18n } from 'vue-i18n'

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])
}
function get(obj, key) {
  return key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj)
}

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src')
function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : /\.(vue|js)$/.test(d.name) ? [path.join(dir, d.name)] : [])
}

describe('locale files', () => {
  it('have the same keys in zh-CN and en', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('have no empty messages', () => {
    for (const [name, msgs] of [['zh-CN', zhCN], ['en', en]]) {
      for (const k of keys(msgs)) expect(get(msgs, k), `${name}:${k}`).toMatch(/\S/)
    }
  })

  it('compile and interpolate in both languages', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: { 'zh-CN': zhCN, en }, missingWarn: false })
    for (const locale of ['zh-CN', 'en']) {
      i18n.global.locale.value = locale
      for (const k of keys(zhCN)) {
        const out = i18n.global.t(k, { n: 7, id: 3, masked: '138****5678' })
        expect(out, `${locale}:${k}`).not.toBe(k)
        expect(out, `${locale}:${k}`).not.toMatch(/\{\w+\}/) // every placeholder was filled
      }
    }
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t('household.unitN', { n: 2 })).toBe('2单元')
    i18n.global.locale.value = 'en'
    expect(i18n.global.t('household.unitN', { n: 2 })).toBe('Unit 2')
  })

  it('define every literal key the source uses', () => {
    const used = new Set()
    for (const f of sourceFiles(SRC)) {
      const text = fs.readFileSync(f, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(m[1])
    }
    expect(used.size).toBeGreaterThan(50)
    const missing = [...used].filter((k) => typeof get(zhCN, k) !== 'string')
    expect(missing).toEqual([])
  })

  it('name every level, tag, relation, registration and sex', async () => {
    const { LEVELS, TAGS, RELATIONS, REGISTRATIONS, SEXES } = await import('../../src/lib/labels.js')
    for (const msgs of [zhCN, en]) {
      for (const l of LEVELS) expect(msgs.area.levels[l]).toBeTruthy()
      for (const v of TAGS) expect(msgs.resident.tagNames[v]).toBeTruthy()
      for (const v of RELATIONS) expect(msgs.resident.relations[v]).toBeTruthy()
      for (const v of REGISTRATIONS) expect(msgs.resident.registrations[v]).toBeTruthy()
      for (const v of SEXES) expect(msgs.resident.sexes[v]).toBeTruthy()
    }
    expect(zhCN.area.levels).toMatchObject({ province: '省', city: '市', district: '区县', street: '街道', community: '社区', village: '村', grid: '网格', building: '楼栋' })
  })

  it('have a text for every API error code', async () => {
    const { ERROR_CODES } = await import('../../src/api/client.js')
    for (const code of ERROR_CODES) {
      expect(zhCN.error[code]).toBeTruthy()
      expect(en.error[code]).toBeTruthy()
    }
  })
})
