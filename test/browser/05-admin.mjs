// 5. Three-administrator separation (三员分立) in the UI: the auditor reads
//    and verifies the audit log; the system administrator's menu has no
//    roster and the roster is closed to him.
import { T, api, check, checkEq, gotoPath, login, look, until } from './lib.mjs'

const BUSINESS_MENUS = ['menu-workbench', 'menu-orgs', 'menu-members', 'menu-me']

async function menuKeys(page) {
  await T(page, 'main-menu').waitFor()
  return page.$$eval('[data-test="main-menu"] [data-test^="menu-"]', (els) => els.map((e) => e.getAttribute('data-test')))
}

export default [
  {
    id: '5-auditor',
    name: '三员分立：审计管理员查看审计日志并校验完整性',
    async run({ page }) {
      await login(page, 'auditor')
      await page.waitForURL((u) => u.pathname === '/admin/audit')
      const keys = await menuKeys(page)
      check(keys.includes('menu-audit'), `auditor menu has 审计日志: ${keys}`)
      for (const k of [...BUSINESS_MENUS, 'menu-users', 'menu-grants', 'menu-settings']) {
        check(!keys.includes(k), `auditor menu has no ${k}: ${keys}`)
      }
      const rows = T(page, 'audit-table').locator('.el-table__body-wrapper tbody tr')
      await until(async () => (await rows.count()) > 0, 'audit-table rows')
      const text = await T(page, 'audit-table').innerText()
      check(text.includes('auditor'), 'the audit log lists the auditor\'s own login')
      // An empty detail is a blank cell, not the word "null".
      const details = await rows.locator('td:nth-child(6)').allInnerTexts()
      checkEq(details.length, await rows.count(), 'detail cells')
      check(!details.some((d) => d.trim() === 'null'), 'audit-table shows "null" for an empty detail')

      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/audit/verify')),
        T(page, 'audit-verify').click(),
      ])
      checkEq(res.status(), 200, 'POST /audit/verify')
      const v = await res.json()
      checkEq(v.ok, true, 'audit verify ok')
      const verdict = T(page, 'audit-verdict')
      await verdict.waitFor()
      const cls = await verdict.getAttribute('class')
      check(/el-alert--success/.test(cls), `audit-verdict is a success alert: ${cls}`)
      const vt = await verdict.innerText()
      check(vt.includes('审计日志完整') && vt.includes(String(v.rows)), `audit-verdict text: ${JSON.stringify(vt)}`)
      await look(page, 'audit')

      // The roster is not the auditor's business.
      const r = await api(page, 'GET', '/orgs/1/members?limit=1')
      checkEq(r.status, 403, 'auditor GET /orgs/1/members')
    },
  },
  {
    id: '5-sysadmin',
    name: '三员分立：系统管理员菜单无党员名册，名册页无权访问',
    async run({ page }) {
      await login(page, 'sysadmin')
      await page.waitForURL((u) => u.pathname === '/admin/users')
      await T(page, 'users-table').waitFor()
      const keys = await menuKeys(page)
      check(keys.includes('menu-users'), `sysadmin menu has 用户管理: ${keys}`)
      for (const k of [...BUSINESS_MENUS, 'menu-grants', 'menu-settings', 'menu-audit']) {
        check(!keys.includes(k), `sysadmin menu has no ${k}: ${keys}`)
      }
      check(!(await page.locator('[data-test="main-menu"]').innerText()).includes('党员名册'), 'no 党员名册 in the menu')

      // Typing the roster address does not open it.
      await gotoPath(page, '/orgs/1/members')
      await page.waitForURL((u) => u.pathname === '/no-access')
      check(await T(page, 'members-table').count() === 0, 'no members-table for the sysadmin')
      const r = await api(page, 'GET', '/orgs/1/members?limit=1')
      checkEq(r.status, 403, 'sysadmin GET /orgs/1/members')
    },
  },
  {
    id: '5-secadmin',
    name: '三员分立：安全管理员有授权和安全设置，无党员名册',
    async run({ page }) {
      await login(page, 'secadmin')
      await page.waitForURL((u) => u.pathname === '/admin/grants')
      const keys = await menuKeys(page)
      check(keys.includes('menu-grants') && keys.includes('menu-settings'), `secadmin menu: ${keys}`)
      // The org tree is his business (grants are given on orgs); member data is not.
      for (const k of ['menu-workbench', 'menu-members', 'menu-me', 'menu-users', 'menu-audit']) {
        check(!keys.includes(k), `secadmin menu has no ${k}: ${keys}`)
      }
      await gotoPath(page, '/admin/audit')
      await page.waitForURL((u) => u.pathname === '/no-access')
      checkEq((await api(page, 'GET', '/orgs/1/members?limit=1')).status, 403, 'secadmin GET /orgs/1/members')
    },
  },
]
