import { defineStore } from 'pinia'
import { api } from '../api/index.js'
import { ApiError } from '../api/client.js'
import { rememberMe, cachedMe, forgetOffline, isNetworkError } from '../lib/offline-cache.js'

export const useSessionStore = defineStore('session', {
  state: () => ({
    /** @type {null | {id, username, display_name, role, area: {id, code, name, level}, permissions: Record<string, boolean>}} */
    me: null,
    loaded: false,
  }),
  getters: {
    can: (state) => (perm) => !!state.me?.permissions?.[perm],
    homePath: (state) => (state.me?.area ? `/areas/${state.me.area.id}` : '/residents'),
  },
  actions: {
    /** Loads /me once; a 401 leaves me null. Other errors propagate. */
    async load(force = false) {
      if (this.loaded && !force) return this.me
      try {
        this.me = await api.me()
        rememberMe(this.me)
      } catch (e) {
        // No network: the user last seen on this device, so a page reopened offline renders (its
        // API calls still need the session); `loaded` stays false, so the next navigation asks again.
        if (isNetworkError(e) && cachedMe()) {
          this.me = cachedMe()
          return this.me
        }
        if (!(e instanceof ApiError && e.status === 401)) throw e
        this.me = null
        forgetOffline()
      }
      this.loaded = true
      return this.me
    },
    async login(username, password) {
      const res = await api.login(username, password)
      this.me = res && res.user ? res.user : await api.me()
      forgetOffline() // another user's copies must not show
      rememberMe(this.me)
      this.loaded = true
      return this.me
    },
    async logout() {
      try { await api.logout() } finally { this.clear() }
    },
    clear() {
      forgetOffline()
      this.me = null
      this.loaded = true
    },
  },
})
