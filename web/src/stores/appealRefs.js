import { defineStore } from 'pinia'
import { api } from '../api/index.js'

// Reference data of the appeals pages, loaded once per session: categories and, per community, the
// big Party committee members (for "claim for a member" and for naming members in timelines).
export const useAppealRefsStore = defineStore('appealRefs', {
  state: () => ({
    /** @type {{id: number, code: string, name: string}[]} */
    categories: [],
    categoriesLoaded: false,
    /** community id -> Member[] */
    members: {},
  }),
  getters: {
    categoryById: (state) => (id) => state.categories.find((c) => String(c.id) === String(id)) || null,
  },
  actions: {
    async loadCategories() {
      if (this.categoriesLoaded) return this.categories
      const res = await api.appealCategories()
      this.categories = (res && res.items) || []
      this.categoriesLoaded = true
      return this.categories
    },
    /** The active committee members of a community; [] when they cannot be read. */
    async loadMembers(communityId) {
      if (!communityId) return []
      if (this.members[communityId]) return this.members[communityId]
      try {
        const res = await api.committeeMembers(communityId)
        this.members[communityId] = (res && res.items) || []
      } catch {
        return []
      }
      return this.members[communityId]
    },
    memberName(communityId, id) {
      const m = (this.members[communityId] || []).find((x) => String(x.id) === String(id))
      return m ? m.name : ''
    },
  },
})
