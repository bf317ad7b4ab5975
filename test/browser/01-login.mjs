// 1. Log in as a branch secretary: lands on the workbench; a wrong password
//    shows the server's Chinese error.
import { T, api, check, checkEq, gotoPath, login, look, password, until } from './lib.mjs'

export default [
  {
    id: '1-login',
    name: '登录：错误密码显示服务器中文提示，正确密码进入组织工作台',
    async run({ page, allow }) {
      allow('POST', /^\/api\/v1\/session$/, 401)
      await gotoPath(page, '/')
      await page.waitForURL((u) => u.pathname === '/login')

      // Wrong password: the server's message, in Chinese, on the login card.
      await T(page, 'login-user').fill('secretary')
      await T(page, 'login-pass').fill('wrong-' + password('secretary'))
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
        T(page, 'login-submit').click(),
      ])
      checkEq(res.status(), 401, 'POST /session with a wrong password')
      const serverMsg = (await res.json()).error.message
      check(/[\u4e00-\u9fff]/.test(serverMsg), `server error is not Chinese: ${serverMsg}`)
      // A field error (under 密码) or the login-error alert, whichever the server's "field" asks for.
      const shown = page.locator('.login-card').locator('[data-test="login-error"], .el-form-item__error')
      await until(async () => (await shown.allInnerTexts()).some((t) => t.includes(serverMsg)), `"${serverMsg}" on the login card`)
      check(page.url().endsWith('/login'), `still on /login after a wrong password, not ${page.url()}`)

      // Right password: the workbench of the secretary's branch.
      await T(page, 'login-pass').fill(password('secretary'))
      await T(page, 'login-submit').click()
      await page.waitForURL((u) => u.pathname.startsWith('/workbench'))
      await until(async () => (await T(page, 'workbench-org').innerText()).includes('党支部'), 'workbench-org names the branch')
      const who = await T(page, 'current-user').innerText()
      check(who.includes('支部书记'), `current-user shows the role: ${JSON.stringify(who)}`)
      await T(page, 'count-total').waitFor()
      check(+(await T(page, 'count-total').innerText()) > 0, 'count-total is a positive number')
      await T(page, 'checks-table').waitFor()
      await T(page, 'menu-workbench').waitFor()
      await T(page, 'menu-members').waitFor()
      await look(page, 'workbench')

      // Logout returns to the login page; a page behind the login then asks
      // for it and, once logged in, opens the page that was asked for.
      await T(page, 'logout').click()
      await page.waitForURL((u) => u.pathname === '/login')
      await gotoPath(page, '/orgs')
      await page.waitForURL((u) => u.pathname === '/login')
      await T(page, 'login-user').fill('secretary')
      await T(page, 'login-pass').fill(password('secretary'))
      await T(page, 'login-submit').click()
      await page.waitForURL((u) => u.pathname.startsWith('/orgs'))
      await T(page, 'org-tree').waitFor()
    },
  },
  {
    id: '1-login-committee',
    name: '登录：党委工作人员进入本级党委的组织工作台',
    async run({ page }) {
      await login(page, 'committee')
      await page.waitForURL((u) => u.pathname.startsWith('/workbench'))
      const u = (await api(page, 'GET', '/session')).data.user
      const org = (await api(page, 'GET', `/orgs/${u.home_org_id}`)).data
      await until(async () => (await T(page, 'workbench-org').innerText()).trim() === org.name, `workbench-org = ${org.name}`)
      await until(async () => (await T(page, 'count-total').innerText()).trim() === String(org.member_count),
        `count-total = ${org.member_count}`)
      check(org.member_count > 0, 'the committee has members below it')
      check((await T(page, 'current-user').innerText()).includes('党委工作人员'), 'current-user shows 党委工作人员')
    },
  },
]
