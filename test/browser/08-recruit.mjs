// 8. Recruitment (issue #4): a branch secretary opens 发展党员, finds the demo
//    candidate who has filled in the 入党志愿书 (step 14), records the
//    admission vote at a congress of the branch (step 15), the committee's
//    talk (16) and approval (17) through the person page, and sees the person
//    in the roster as 预备党员 from the congress date, with the probation end
//    one year later on the person page.  A vote that fails (M2/D13) is refused
//    with its rule and article first.
import { T, api, check, checkEq, fillDate, login, look, until } from './lib.mjs'

// y-m-d plus one year (rules §9: 02-29 becomes 02-28).
function plusYear(d) {
  const [y, m, dd] = d.split('-').map(Number)
  const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate()
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(dd, last)).padStart(2, '0')}`
}

export default [
  {
    id: '8-recruit',
    name: '发展党员：书记登记支部大会表决和党委审批，名册中出现预备党员，预备期满日期正确',
    async run({ page, allow }) {
      await login(page, 'secretary')
      const me = (await api(page, 'GET', '/session')).data.user
      const orgId = me.home_org_id
      const pipe = (await api(page, 'GET', `/orgs/${orgId}/recruitment`)).data
      const today = pipe.as_of
      const cand = pipe.items.find((i) => i.step === 14)
      check(cand, `a demo candidate at step 14 in org ${orgId}: ${JSON.stringify(pipe.items.map((i) => i.name + ' ' + i.step))}`)

      // The congress of the day (recorded in 会议活动 beforehand).
      const csrf = (await api(page, 'GET', '/session')).data.csrf_token
      const res = await page.context().request.fetch(new URL('/api/v1/meetings', page.url()).href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        data: JSON.stringify({ org_id: orgId, kind: 'congress', held_on: today, start_time: '15:00', place: '党员活动室', topic: '讨论接收预备党员' }),
      })
      checkEq(res.status(), 201, 'POST /meetings congress')

      // The menu leads to the pipeline; the candidate's row links to the person page.
      await T(page, 'menu-recruitment').click()
      await page.waitForURL((u) => u.pathname === `/orgs/${orgId}/recruitment`)
      await T(page, 'recruit-stages').waitFor()
      await look(page, 'recruit-pipeline')
      await T(page, 'recruit-table').locator('[data-test="recruit-link"]', { hasText: cand.name }).click()
      await page.waitForURL((u) => u.pathname === `/recruitment/${cand.id}`)
      await T(page, 'step-form').waitFor()
      checkEq((await T(page, 'step-15').innerText()).includes('支部大会讨论接收预备党员'), true, 'next step is 15')

      // A vote without a majority of the entitled voters is refused (D13).
      allow('POST', new RegExp(`^/api/v1/recruitment/${cand.id}/steps$`), 422)
      await T(page, 'step-meeting').click()
      await page.locator('.el-select-dropdown__item', { hasText: today }).first().click()
      const entitled = T(page, 'step-entitled').locator('input')
      await entitled.fill('10')
      await T(page, 'step-present').locator('input').fill('6')
      await T(page, 'step-yes').locator('input').fill('5')
      await T(page, 'step-save').click()
      const refusal = T(page, 'step-refusal')
      await refusal.waitFor()
      const text = await refusal.innerText()
      check(/D13/.test(text) && /第二十一条/.test(text), `refusal cites D13 and its article: ${text}`)

      // The vote that passes.
      await T(page, 'step-yes').locator('input').fill('6')
      await T(page, 'step-save').click()
      await until(async () => (await T(page, 'timeline-15').innerText()).includes(today), 'step 15 recorded')
      // 16: the committee's talk; 17: approval by the committee.
      await until(async () => (await T(page, 'step-16').count()) > 0, 'step 16 offered')
      await fillDate(page, 'step-date', today)
      await T(page, 'step-people').fill('党委组织员')
      await T(page, 'step-save').click()
      await until(async () => (await T(page, 'step-17').count()) > 0, 'step 17 offered')
      await fillDate(page, 'step-date', today)
      await T(page, 'step-documents').fill('党委批复')
      await T(page, 'step-save').click()
      await until(async () => (await T(page, 'recruit-member-status').count()) > 0, 'member status shown')
      checkEq((await T(page, 'recruit-member-status').innerText()).includes('预备党员'), true, 'person page: 预备党员')
      checkEq((await T(page, 'recruit-probation-end').innerText()).trim(), plusYear(today), 'probation end')
      await look(page, 'recruit-person')

      // The roster lists the new probationary member from the congress date.
      await T(page, 'menu-members').click()
      await page.waitForURL((u) => u.pathname === `/orgs/${orgId}/members`)
      await T(page, 'filter-name').fill(cand.name)
      await T(page, 'filter-search').click()
      const row = T(page, 'members-table').locator('.el-table__body tr', { hasText: cand.name }).first()
      await until(async () => (await row.count()) > 0 && (await row.innerText()).includes('预备党员'), 'roster row 预备党员')
      check((await row.innerText()).includes(today), 'roster 入党日期 is the congress date')
      const m = (await api(page, 'GET', `/recruitment/${cand.id}`)).data.member
      checkEq(m.joined_on, today, 'joined_on')
      checkEq(m.status, 'probationary', 'member status')
    },
  },
]
