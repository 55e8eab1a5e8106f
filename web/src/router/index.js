import { createRouter, createWebHistory } from 'vue-router'
import { useSessionStore } from '../stores/session.js'

const routes = [
  { path: '/login', name: 'login', component: () => import('../pages/LoginPage.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('../components/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: { render: () => null } }, // redirected in the guard
      { path: 'areas/:id', name: 'area', component: () => import('../pages/AreaPage.vue') },
      { path: 'households/:id', name: 'household', component: () => import('../pages/HouseholdPage.vue') },
      { path: 'residents', name: 'residents', component: () => import('../pages/ResidentSearchPage.vue') },
      { path: 'residents/:id', name: 'resident', component: () => import('../pages/ResidentPage.vue') },
      { path: 'import', name: 'import', component: () => import('../pages/ImportPage.vue') },
      { path: 'appeals', name: 'appeals', component: () => import('../pages/AppealsPage.vue') },
      { path: 'appeals/mine', name: 'appealsMine', component: () => import('../pages/AppealsPage.vue') },
      { path: 'appeals/overdue', name: 'appealsOverdue', component: () => import('../pages/AppealsPage.vue') },
      { path: 'appeals/new', name: 'appealNew', component: () => import('../pages/AppealNewPage.vue') },
      { path: 'appeals/:id(\\d+)', name: 'appeal', component: () => import('../pages/AppealPage.vue') },
      { path: ':rest(.*)*', name: 'notFound', component: () => import('../pages/NotFoundPage.vue') },
    ],
  },
]

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (to, from, saved) => saved || { top: 0 },
  })
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    if (!session.loaded) {
      try { await session.load() } catch { /* server down: let the page show the error */ }
    }
    if (to.meta.public) {
      if (to.name === 'login' && session.me) return session.homePath
      return true
    }
    if (!session.me && session.loaded) {
      return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    }
    if (to.name === 'home' && session.me) return session.homePath
    return true
  })
  return router
}
