import { createRouter, createWebHistory } from 'vue-router'
import { useSessionStore } from '../stores/session.js'
import { massTestRoutes } from '../pages/masstest/routes.js'

const routes = [
  { path: '/login', name: 'login', component: () => import('../pages/LoginPage.vue'), meta: { public: true } },
  // a resident's evaluation link: no login, no layout
  { path: '/e/:token', name: 'publicEvaluation', component: () => import('../pages/PublicEvaluationPage.vue'), meta: { public: true } },
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
      { path: 'appeals/extensions', name: 'appealsExtensions', component: () => import('../pages/AppealsPage.vue') },
      { path: 'appeals/new', name: 'appealNew', component: () => import('../pages/AppealNewPage.vue') },
      { path: 'appeals/:id(\\d+)', name: 'appeal', component: () => import('../pages/AppealPage.vue') },
      { path: 'appeal-figures', name: 'appealFigures', component: () => import('../pages/AppealFiguresPage.vue') },
      { path: 'party-sessions', name: 'partySessions', component: () => import('../pages/PartySessionsPage.vue') },
      { path: 'party-sessions/:id(\\d+)', name: 'partySession', component: () => import('../pages/PartySessionPage.vue') },
      ...massTestRoutes, // 核酸检测
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
    // a resident's public page needs no session and should not ask for one
    if (to.meta.public && to.name !== 'login') return true
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
