// 10. Transfers (组织关系转接, issue #4 item 9, T11): the demo secretary of
//     县财政局党支部 starts a transfer of a member to 县审计局党支部 from the
//     member's page; the committee approves it on the 组织关系转接 page; the
//     secretary of 县审计局党支部 (an account made here through the admin API)
//     sees it under 转入 and accepts it; the member then appears in that
//     branch's roster and is gone from the sending one.
import { T, api, check, checkEq, gotoPath, login, look, openBrowser, until } from './lib.mjs'

// An unsafe API call with the session's CSRF token.
async function apiW(page, method, p, body) {
  const csrf = (await api(page, 'GET', '/session')).data.csrf_token
  const res = await page.context().request.fetch(new URL('/api/v1' + p, page.url()).href, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    data: JSON.stringify(body ?? {}),
  })
  let data = null
  try {
    data = await res.json()
  } catch {
    /* empty */
  }
  return { status: res.status(), data }
}

// Make a branch secretary account for org orgId through the admin API;
// returns [login, password].
async function makeSecretary(orgId) {
  const loginName = 'shenji' + Date.now().toString(36)
  const pw = 'Shenji#Test' + Date.now().toString().slice(-6) + 'x'
  let b = await openBrowser()
  let otp, uid
  try {
    await login(b.page, 'sysadmin')
    const r = await apiW(b.page, 'POST', '/users', { login: loginName, display_name: '县审计局党支部书记' })
    checkEq(r.status, 201, 'POST /users')
    otp = r.data.one_time_password
    uid = r.data.user.id
  } finally {
    await b.close()
  }
  b = await openBrowser()
  try {
    await login(b.page, 'secadmin')
    const r = await apiW(b.page, 'POST', '/grants', { user_id: uid, role: 'branch_secretary', org_id: orgId })
    checkEq(r.status, 201, 'POST /grants')
  } finally {
    await b.close()
  }
  b = await openBrowser()
  try {
    await login(b.page, loginName, otp)
    const r = await apiW(b.page, 'POST', '/session/password', { old_password: otp, new_password: pw })
    checkEq(r.status, 200, 'first password change')
  } finally {
    await b.close()
  }
  return [loginName, pw]
}

// Click the action button data-test=id in the table row that names the member.
async function rowAction(page, table, name, id) {
  const row = T(page, table).locator('.el-table__body tr', { hasText: name }).first()
  await row.waitFor()
  // fixed columns are rendered twice; take the visible button
  await T(page, table).locator(`.el-table__body tr:has-text("${name}") [data-test="${id}"]:visible`).first().click()
}

export default [
  {
    id: '10-transfer',
    name: '组织关系转接：支部书记在党员详情页转出，上级党委审批，接收支部书记在“转入”中接收，党员出现在接收支部名册中',
    async run({ page }) {
      await login(page, 'secretary')
      const me = (await api(page, 'GET', '/session')).data.user
      const fromId = me.home_org_id
      const hits = (await api(page, 'GET', '/branches?q=' + encodeURIComponent('县审计局'))).data.items
      const to = hits.find((o) => o.name === '县审计局党支部')
      check(to, `GET /branches?q=县审计局: ${JSON.stringify(hits)}`)

      // A member of the branch without a post and without an open transfer.
      const roster = (await api(page, 'GET', `/orgs/${fromId}/members?limit=500`)).data.items
      let member = null
      for (const m of roster.filter((x) => !x.posts.length)) {
        const t = (await api(page, 'GET', `/members/${m.id}/transfers`)).data.items
        if (!t.some((x) => ['submitted', 'pending'].includes(x.status))) {
          member = m
          break
        }
      }
      check(member, 'a member free to transfer')

      // 转出 from the member's page.
      await gotoPath(page, `/members/${member.id}`)
      await T(page, 'transfer-panel').waitFor()
      await T(page, 'transfer-start').click()
      await T(page, 'transfer-dialog').waitFor()
      await T(page, 'transfer-to').locator('input').fill('县审计局')
      await page.locator(`[data-test="branch-option-${to.id}"]:visible`).click()
      await T(page, 'transfer-letter').fill('财组字〔2026〕浏览器测试1号')
      await T(page, 'transfer-reason').fill('工作调动至县审计局')
      await look(page, 'transfer-dialog')
      await T(page, 'transfer-submit').click()
      await until(async () => (await T(page, 'member-transfers').innerText()).includes('待上级党委审批'), 'the submitted transfer in the member history')
      const tr = (await api(page, 'GET', `/members/${member.id}/transfers`)).data.items[0]
      checkEq(tr.status, 'submitted', 'transfer status after 转出')
      checkEq(tr.to_org_id, to.id, 'receiving org')

      // The committee approves it (T11) on the org page, 转出 tab.
      const cb = await openBrowser()
      try {
        await login(cb.page, 'committee')
        await gotoPath(cb.page, `/orgs/${fromId}/transfers?direction=out`)
        await rowAction(cb.page, 'transfers-table', member.name, 'transfer-approve')
        await T(cb.page, 'approve-dialog').waitFor()
        await T(cb.page, 'approve-body').fill('中共某某县直属机关工作委员会')
        await T(cb.page, 'approve-doc').fill('县直工委组〔2026〕转字第99号')
        if (!(await T(cb.page, 'approve-by').inputValue())) await T(cb.page, 'approve-by').fill('周建国')
        await T(cb.page, 'approve-submit').click()
        await until(async () => (await api(cb.page, 'GET', `/transfers/${tr.id}`)).data.status === 'pending', 'approved transfer')
        const p = cb.problems()
        check(p.length === 0, `committee browser problems: ${p.join('; ')}`)
      } finally {
        await cb.close()
      }

      // The receiving secretary sees it under 转入 and accepts it.
      const [bLogin, bPw] = await makeSecretary(to.id)
      const bb = await openBrowser()
      try {
        // Before acceptance the member record is not theirs.
        bb.allow('GET', /^\/api\/v1\/members\/\d+$/, 404)
        await login(bb.page, bLogin, bPw)
        checkEq((await api(bb.page, 'GET', `/members/${member.id}`)).status, 404, 'member record before acceptance')
        // Their workbench lists it among the 党员队伍待办, with the count of
        // pending incoming transfers.
        const nPending = (await api(bb.page, 'GET', `/orgs/${to.id}/transfers?direction=in&status=pending`)).data.items.length
        check(nPending >= 1, `pending incoming transfers: ${nPending}`)
        await gotoPath(bb.page, `/workbench/${to.id}`)
        await T(bb.page, 'lifecycle-transfer-in').waitFor()
        const todo = await T(bb.page, 'lifecycle-transfer-in').innerText()
        check(todo.includes(`${nPending} 件待接收`), `workbench to-do: ${todo}`)
        await gotoPath(bb.page, `/orgs/${to.id}/transfers`)
        await T(bb.page, 'transfers-table').locator('.el-table__body tr', { hasText: member.name }).first().waitFor()
        const rowText = await T(bb.page, 'transfers-table').locator('.el-table__body tr', { hasText: member.name }).first().innerText()
        check(rowText.includes('县财政局党支部') && rowText.includes('浏览器测试1号') && rowText.includes('待接收'), `incoming row: ${rowText}`)
        await look(bb.page, 'transfer-incoming')
        await rowAction(bb.page, 'transfers-table', member.name, 'transfer-accept')
        await bb.page.locator('.el-message-box__btns .el-button--primary').click()
        await until(async () => (await api(bb.page, 'GET', `/transfers/${tr.id}`)).data.status === 'accepted', 'accepted transfer')
        // The member is in this branch's roster now.
        await gotoPath(bb.page, `/orgs/${to.id}/members`)
        await until(async () => (await T(bb.page, 'members-table').innerText()).includes(member.name), 'member in the receiving roster')
        checkEq((await api(bb.page, 'GET', `/members/${member.id}`)).data.org_id, to.id, 'member org after acceptance')
        const p = bb.problems()
        check(p.length === 0, `receiving browser problems: ${p.join('; ')}`)
      } finally {
        await bb.close()
      }

      // Gone from the sending branch's roster; its 转出 list shows 已接收.
      const after = (await api(page, 'GET', `/orgs/${fromId}/members?limit=500`)).data.items
      check(!after.some((x) => x.id === member.id), 'member gone from the sending roster')
      await gotoPath(page, `/orgs/${fromId}/transfers?direction=out&status=accepted`)
      await until(async () => (await T(page, 'transfers-table').innerText()).includes(member.name), 'accepted transfer in the 转出 list')
    },
  },
]
