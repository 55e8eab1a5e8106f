import { defineStore } from 'pinia'
import { api } from '../api/index.js'
import { ApiError } from '../api/client.js'

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
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) throw e
        this.me = null
      }
      this.loaded = true
      return this.me
    },
    async login(username, password) {
      const res = await api.login(username, password)
      this.me = res && res.user ? res.user : await api.me()
      this.loaded = true
      return this.me
    },
    async logout() {
      try { await api.logout() } finally { this.clear() }
    },
    clear() {
      this.me = null
      this.loaded = true
    },
  },
})
