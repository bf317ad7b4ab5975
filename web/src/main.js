import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { setUnauthorizedHandler } from './api.js'
import { session, setSession } from './session.js'
import { applyLargeText, largeText } from './prefs.js'
import 'element-plus/theme-chalk/base.css'
import './styles.css'

applyLargeText(largeText.value)

setUnauthorizedHandler(() => {
  const was = session.user
  setSession(null)
  const cur = router.currentRoute.value
  if (cur.path !== '/login') {
    router.replace({ path: '/login', query: was && cur.fullPath !== '/' ? { redirect: cur.fullPath } : {} })
  }
})

createApp(App).use(router).mount('#app')
