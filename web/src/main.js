import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles.css'
import App from './App.vue'
import { i18n } from './i18n/index.js'
import { createAppRouter } from './router/index.js'
import { onUnauthenticated } from './api/client.js'
import { useSessionStore } from './stores/session.js'
import { registerServiceWorker } from './lib/service-worker.js'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
const router = createAppRouter()
app.use(router)
document.documentElement.lang = i18n.global.locale.value

// Any 401 from the API: the session is gone, go to the login page.
onUnauthenticated(() => {
  useSessionStore(pinia).clear()
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})

app.mount('#app')

// Opens again with no network (public/sw.js); not in the dev server, whose files are not hashed.
if (import.meta.env.PROD) registerServiceWorker()
