// 9. Party dues (issue #4 items 6-7): the branch secretary records a
//    member's payment from the monthly collection sheet and sees the member's
//    arrears drop on the member page; a member sees their own working
//    (base → band → rate → amount) on 我的档案.
import { T, api, check, checkEq, gotoPath, login, look, until } from './lib.mjs'

const yuan = (fen) => `${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`

export default [
  {
    id: 'dues-sheet-payment',
    name: '支部书记在党费收缴表登记交纳，党员欠交随之减少',
    async run(b) {
      const { page } = b
      await login(page, 'secretary')
      const home = (await api(page, 'GET', '/session')).data.user.home_org_id
      // The last closed month: the demo leaves a few members unpaid there.
      const now = new Date()
      const last = new Date(now.getFullYear(), now.getMonth() - 1, 15)
      const y = last.getFullYear()
      const m = last.getMonth() + 1
      const month = `${y}-${String(m).padStart(2, '0')}`
      const sheet = (await api(page, 'GET', `/orgs/${home}/dues/sheet?month=${month}`)).data
      const row = sheet.items.find((i) => i.state === 'unpaid' && i.due_fen > 0)
      check(row, `an unpaid member in the ${month} collection sheet of org ${home}`)
      const before = (await api(page, 'GET', `/members/${row.member_id}/dues`)).data.arrears
      check(before.months > 0, `member ${row.member_id} has arrears before: ${JSON.stringify(before)}`)

      await gotoPath(page, `/orgs/${home}/dues?year=${y}&month=${m}`)
      await T(page, 'sheet-table').waitFor()
      await until(async () => (await T(page, 'sheet-totals').innerText()).includes(month), `the sheet of ${month}`)
      await T(page, 'menu-dues').waitFor()
      await look(page, 'dues-sheet')
      await T(page, `sheet-pay-${row.member_id}`).click()
      await T(page, 'pay-amount').waitFor()
      await until(async () => (await T(page, 'pay-amount').inputValue()) === yuan(row.unpaid_fen), 'the amount due is preset')
      await T(page, 'pay-receipt').fill('SJ-浏览器-001')
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/v1/members/${row.member_id}/dues/payments`) && r.request().method() === 'POST'),
        T(page, 'pay-save').click(),
      ])
      checkEq(res.status(), 201, 'POST payment')
      await until(async () => {
        const t = await T(page, 'sheet-table').innerText()
        return !(await T(page, `sheet-pay-${row.member_id}`).count()) || t.includes('已交')
      }, 'the sheet reloads')

      // The member page: arrears one month and the due less than before.
      await gotoPath(page, `/members/${row.member_id}`)
      await T(page, 'dues-panel').waitFor()
      const want = before.fen - row.due_fen
      await until(async () => (await T(page, 'dues-arrears-fen').innerText()).trim() === yuan(want), `arrears ${yuan(want)} 元`)
      checkEq((await T(page, 'dues-arrears-months').innerText()).trim(), String(before.months - 1), 'arrears months')
      await T(page, 'dues-panel').getByText('交纳记录').click()
      await until(async () => (await T(page, 'dues-payments').innerText()).includes('SJ-浏览器-001'), 'the payment in the history')
      await look(page, 'dues-member')
    },
  },
  {
    id: 'dues-me-working',
    name: '党员在我的档案看到党费计算过程',
    async run(b) {
      const { page } = b
      await login(page, 'member')
      const d = (await api(page, 'GET', '/me/dues')).data
      check(d && d.calc, `GET /me/dues has a calculation: ${JSON.stringify(d)}`)
      await gotoPath(page, '/me')
      await T(page, 'dues-panel').waitFor()
      await until(async () => (await T(page, 'dues-amount').innerText()).includes(yuan(d.calc.amount_fen)), 'the monthly amount')
      if (!d.calc.fixed) {
        checkEq((await T(page, 'dues-base').innerText()).trim(), `${yuan(d.calc.base_fen)} 元`, 'base')
        checkEq((await T(page, 'dues-rate').innerText()).trim(), d.calc.rate, 'rate')
      }
      checkEq((await T(page, 'dues-band').innerText()).trim(), d.calc.band, 'band')
      const text = await T(page, 'dues-calc').innerText()
      check(text.indexOf('基数') < text.indexOf('档次') && text.indexOf('档次') < text.indexOf('比例'), `base → band → rate → amount in order: ${text}`)
      check(text.includes(d.calc.article), `the article is cited: ${text}`)
      // The member cannot record payments.
      checkEq(await T(page, 'dues-pay').count(), 0, 'no 登记交纳 button for a member')
      await look(page, 'dues-me')
    },
  },
]
