// 2. Add a member with a wrong ID check digit: the server's field error shows
//    under 公民身份号码; correct it and find the member in the roster.
import { T, api, check, checkEq, fieldError, fillDate, login, look, pagerTotal, until } from './lib.mjs'
import { badCheckDigit, idNumber, masked } from './idcard.mjs'

export const MEMBER = {
  name: '浏览器测试员',
  birth: '1991-05-20',
  id: idNumber('110101', '1991-05-20', 135), // odd sequence: male
  phone: '13912345678',
}

export default [
  {
    id: '2-member',
    name: '新增党员：身份证校验位错误显示服务器字段错误，改正后在名册中找到',
    async run({ page, allow }) {
      allow('POST', /^\/api\/v1\/members$/, 400)
      await login(page, 'secretary')
      const orgId = (await api(page, 'GET', '/session')).data.user.home_org_id
      check(orgId, 'the secretary has a home org')

      await T(page, 'menu-members').click()
      await page.waitForURL((u) => u.pathname === `/orgs/${orgId}/members`)
      await T(page, 'member-new').click()
      await page.waitForURL((u) => u.pathname === '/members/new')
      // The org comes from the roster the form was opened from.
      await until(async () => (await T(page, 'member-org').innerText()).includes('党支部') ||
        (await T(page, 'member-org').locator('input').inputValue()).includes('党支部'), 'member-org preset to the branch')

      const bad = badCheckDigit(MEMBER.id)
      await T(page, 'member-name').fill(MEMBER.name)
      await T(page, 'member-id-number').fill(bad)
      // The client warns inline at once ...
      await until(async () => (await T(page, 'member-id-number-warning').innerText()).includes('校验位'),
        'the inline check-digit warning')
      // ... and the user saves anyway, with the other fields filled in consistently.
      await T(page, 'member-gender-male').click()
      await fillDate(page, 'member-birth-date', MEMBER.birth)
      await T(page, 'member-phone').fill(MEMBER.phone)
      await T(page, 'member-education').click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: '大学本科' }).click()
      await T(page, 'member-job').fill('科员')
      await T(page, 'member-status-full').click()
      await fillDate(page, 'member-joined-on', '2015-07-01')
      await fillDate(page, 'member-full-on', '2016-07-01')

      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/members') && r.request().method() === 'POST'),
        T(page, 'member-save').click(),
      ])
      checkEq(res.status(), 400, 'POST /members with a bad check digit (docs/api-contract.md)')
      const body = await res.json()
      checkEq(body.error.field, 'id_number', 'error field')
      check(body.error.message.includes('公民身份号码校验位错误'), `server message: ${body.error.message}`)
      const err = fieldError(page, 'member-id-number')
      await until(async () => (await err.innerText()).includes('公民身份号码校验位错误'),
        'the server error under 公民身份号码')
      checkEq((await err.innerText()).trim(), body.error.message, 'the field error text')
      check(new URL(page.url()).pathname === '/members/new', 'still on the new-member form')
      await look(page, 'member-bad-id')

      // Correct the number: the form fills birth date and gender from it.
      await T(page, 'member-id-number').fill(MEMBER.id)
      await T(page, 'member-id-number-ok').waitFor()
      checkEq(await T(page, 'member-birth-date').inputValue(), MEMBER.birth, 'birth date from the ID')
      await until(async () => (await fieldError(page, 'member-id-number').count()) === 0, 'the field error gone after editing')
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/members') && r.request().method() === 'POST' && r.status() === 201),
        T(page, 'member-save').click(),
      ])
      await page.waitForURL((u) => /^\/members\/\d+$/.test(u.pathname))
      const info = T(page, 'member-info')
      await until(async () => (await info.innerText()).includes(MEMBER.name), 'member-info shows the name')
      const infoText = await info.innerText()
      check(infoText.includes(masked(MEMBER.id)), `member-info shows the masked ID ${masked(MEMBER.id)}: ${infoText}`)
      check(!infoText.includes(MEMBER.id), 'member-info does not show the full ID unasked')

      // The roster, filtered by name.
      await T(page, 'menu-members').click()
      await page.waitForURL((u) => u.pathname === `/orgs/${orgId}/members`)
      await T(page, 'filter-name').fill(MEMBER.name)
      await T(page, 'filter-search').click()
      await page.waitForURL((u) => u.searchParams.get('name') === MEMBER.name)
      const rows = T(page, 'members-table').locator('.el-table__body-wrapper tbody tr')
      await until(async () => (await rows.count()) === 1 && (await rows.first().innerText()).includes(MEMBER.name),
        'exactly one roster row with the new member')
      const row = await rows.first().innerText()
      check(row.includes(masked(MEMBER.id)), `roster row shows the masked ID: ${row}`)
      check(row.includes('正式党员'), `roster row shows 正式党员: ${row}`)
      checkEq(await pagerTotal(page, 'members-pager'), 1, 'pager total')
      await look(page, 'roster-filtered')
    },
  },
]
