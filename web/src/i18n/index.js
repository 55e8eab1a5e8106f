import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'
import en from './en.js'

export const LOCALES = ['zh-CN', 'en']
export const STORAGE_KEY = 'wangge.locale'

function initialLocale() {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (LOCALES.includes(saved)) return saved
  } catch { /* storage disabled */ }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(locale) {
  if (!LOCALES.includes(locale)) return
  i18n.global.locale.value = locale
  try { globalThis.localStorage?.setItem(STORAGE_KEY, locale) } catch { /* storage disabled */ }
  if (globalThis.document) document.documentElement.lang = locale
}
