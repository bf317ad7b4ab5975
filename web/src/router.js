import { createRouter, createWebHistory } from 'vue-router'
import { session, setSession, homePath, can } from './session.js'
import { get } from './api.js'

const Layout = () => import('./layouts/MainLayout.vue')

const routes = [
  { path: '/login', component: () => import('./views/Login.vue'), meta: { public: true, title: '登录' } },
  // The printable meeting record: no app shell around it.
  { path: '/meetings/:id(\\d+)/print', component: () => import('./views/MeetingPrint.vue'), meta: { title: '会议记录', cap: 'member.read' } },
  {
    path: '/',
    component: Layout,
    children: [
      // "/" is never shown: the guard below sends each user to their home page.
      { path: '', component: () => import('./views/NoAccess.vue'), meta: { title: '首页' } },
      { path: 'password', component: () => import('./views/Password.vue'), meta: { title: '修改密码' } },
      { path: 'no-access', component: () => import('./views/NoAccess.vue'), meta: { title: '暂无权限' } },
      { path: 'workbench/:id?', component: () => import('./views/Workbench.vue'), meta: { title: '组织工作台', cap: 'org.read' } },
      { path: 'orgs/:id?', component: () => import('./views/Orgs.vue'), meta: { title: '组织架构', cap: 'org.read' } },
      { path: 'orgs/:id/members', component: () => import('./views/Members.vue'), meta: { title: '党员名册', cap: 'member.read' } },
      { path: 'orgs/:id/import', component: () => import('./views/Import.vue'), meta: { title: '导入党员', cap: 'member.edit' } },
      { path: 'orgs/:id/meetings', component: () => import('./views/Meetings.vue'), meta: { title: '会议活动', cap: 'member.read' } },
      { path: 'orgs/:id/compliance', component: () => import('./views/Compliance.vue'), meta: { title: '组织生活达标', cap: 'member.read' } },
      { path: 'orgs/:id/dues', component: () => import('./views/Dues.vue'), meta: { title: '党费收缴', cap: 'member.read' } },
      { path: 'orgs/:id/cadence', component: () => import('./views/Cadence.vue'), meta: { title: '组织生活设置', cap: 'org.read' } },
      { path: 'orgs/:id/transfers', component: () => import('./views/TransferList.vue'), meta: { title: '组织关系转接', cap: 'member.read' } },
      { path: 'orgs/:id/mobile', component: () => import('./views/TransferMobile.vue'), meta: { title: '流动党员', cap: 'member.read' } },
      { path: 'orgs/:id/recruitment', component: () => import('./views/Recruit.vue'), meta: { title: '发展党员', cap: 'member.read' } },
      { path: 'recruitment/audit', component: () => import('./views/RecruitAudit.vue'), meta: { title: '发展党员时间审核', cap: 'member.read' } },
      { path: 'recruitment/:id(\\d+)', component: () => import('./views/RecruitDetail.vue'), meta: { title: '发展党员档案', cap: 'member.read' } },
      { path: 'meetings/new', component: () => import('./views/MeetingForm.vue'), meta: { title: '新建会议', cap: 'member.edit' } },
      { path: 'meetings/:id(\\d+)/edit', component: () => import('./views/MeetingForm.vue'), meta: { title: '编辑会议', cap: 'member.edit' } },
      { path: 'meetings/:id(\\d+)', component: () => import('./views/MeetingDetail.vue'), meta: { title: '会议详情', cap: 'member.read' } },
      { path: 'members/new', component: () => import('./views/MemberForm.vue'), meta: { title: '新增党员', cap: 'member.edit' } },
      { path: 'members/:id/edit', component: () => import('./views/MemberForm.vue'), meta: { title: '编辑党员', cap: 'member.edit' } },
      { path: 'members/:id', component: () => import('./views/MemberDetail.vue'), meta: { title: '党员详情', cap: 'member.read' } },
      { path: 'me', component: () => import('./views/Me.vue'), meta: { title: '我的档案' } },
      { path: 'admin/users', component: () => import('./views/admin/Users.vue'), meta: { title: '用户管理', cap: 'user.admin', admin: 'sysadmin' } },
      { path: 'admin/grants', component: () => import('./views/admin/Grants.vue'), meta: { title: '授权管理', cap: 'grant.admin', admin: 'secadmin' } },
      { path: 'admin/settings', component: () => import('./views/admin/Settings.vue'), meta: { title: '安全设置', cap: 'setting.admin', admin: 'secadmin' } },
      { path: 'admin/calendar', component: () => import('./views/admin/Calendar.vue'), meta: { title: '节假日安排', cap: 'user.admin', admin: 'sysadmin' } },
      { path: 'admin/audit', component: () => import('./views/admin/Audit.vue'), meta: { title: '审计日志', cap: 'audit.read', admin: 'auditor' } },
      { path: ':rest(.*)*', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

let loading = null
export function ensureSession() {
  if (session.loaded) return Promise.resolve()
  if (!loading) {
    loading = get('/session', { quiet: true, noRedirect: true })
      .then((d) => setSession(d))
      .catch(() => setSession(null))
      .finally(() => {
        session.loaded = true
      })
  }
  return loading
}

router.beforeEach(async (to) => {
  await ensureSession()
  const u = session.user
  if (to.meta.public) {
    if (u && to.path === '/login') return homePath(u)
    return true
  }
  if (!u) return { path: '/login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (u.must_change_password && to.path !== '/password') return '/password'
  if (to.path === '/') {
    const h = homePath(u)
    return h === '/' ? true : h
  }
  if (to.meta.cap && !can(to.meta.cap) && !(to.meta.admin && u.admin_role === to.meta.admin)) return '/no-access'
  return true
})

router.afterEach((to) => {
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + '支部 · 电子党务'
})

// A chunk that fails to load (e.g. after an upgrade replaced the hashed files)
// is fixed by a full reload of the target page.
router.onError((err, to) => {
  if (/dynamically imported module|Importing a module script failed/i.test(String(err && err.message))) {
    window.location.assign(to.fullPath)
  }
})
