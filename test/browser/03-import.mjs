// 3. Import an xlsx with one bad row: the preview lists the row error and
//    nothing is imported.
// 4. Fix the file, preview, commit, then export the roster and check the
//    downloaded xlsx (imported names, masked identity numbers).
import fs from 'node:fs'
import path from 'node:path'
import { T, TMP, api, check, checkEq, login, look, pagerTotal, rosterTotal, until } from './lib.mjs'
import { badCheckDigit, idNumber, masked } from './idcard.mjs'
import { readXlsx, writeXlsx } from './xlsx.mjs'

const HEAD = ['姓名', '公民身份号码', '性别', '民族', '出生日期', '学历', '手机号码', '人员类别', '入党日期', '转正日期']
const PEOPLE = [
  { name: '导入测试甲', id: idNumber('110101', '1985-04-12', 111), gender: '男', eth: '汉族', birth: '1985-04-12',
    edu: '大学本科', phone: '13800000001', status: '正式党员', joined: '2010-07-01', full: '2011-07-01' },
  { name: '导入测试乙', id: idNumber('110101', '1992-11-03', 222), gender: '女', eth: '汉族', birth: '1992-11-03',
    edu: '研究生', phone: '13800000002', status: '正式党员', joined: '2018-06-01', full: '2019-06-01' },
  { name: '导入测试丙', id: idNumber('110101', '1978-06-30', 333), gender: '男', eth: '回族', birth: '1978-06-30',
    edu: '大学专科', phone: '', status: '正式党员', joined: '2000-06-01', full: '2001-06-01' },
]
const BAD_INDEX = 1 // the second data row, i.e. sheet row 3
const BAD_ROW = BAD_INDEX + 2

function sheet(withBadRow) {
  const rows = [HEAD]
  PEOPLE.forEach((p, i) => {
    const id = withBadRow && i === BAD_INDEX ? badCheckDigit(p.id) : p.id
    rows.push([p.name, id, p.gender, p.eth, p.birth, p.edu, p.phone, p.status, p.joined, p.full])
  })
  return writeXlsx(rows)
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const file = (name, buffer) => ({ name, mimeType: XLSX_TYPE, buffer })

// Log in as the secretary and open the import page of the home branch.
async function openImport(page) {
  await login(page, 'secretary')
  const orgId = (await api(page, 'GET', '/session')).data.user.home_org_id
  check(orgId, 'the secretary has a home org')
  const before = await rosterTotal(page, orgId)
  await T(page, 'menu-members').click()
  await page.waitForURL((u) => u.pathname === `/orgs/${orgId}/members`)
  await until(async () => (await pagerTotal(page, 'members-pager')) === before, `roster pager shows ${before}`)
  await T(page, 'member-import').click()
  await page.waitForURL((u) => u.pathname === `/orgs/${orgId}/import`)
  await page.locator('[data-test="import-file"]').waitFor({ state: 'attached' })
  return { orgId, before }
}

// Choose a file and run the preview (dry run); returns the response body.
async function preview(page, f) {
  await page.locator('[data-test="import-file"]').setInputFiles(f)
  await until(async () => await T(page, 'import-preview').isEnabled(), 'import-preview enabled after choosing a file')
  const [res] = await Promise.all([
    page.waitForResponse((r) => /\/members\/import\?/.test(r.url()) && r.url().includes('dry_run=1')),
    T(page, 'import-preview').click(),
  ])
  checkEq(res.status(), 200, 'dry-run import status')
  await T(page, 'import-summary').waitFor()
  return res.json()
}

async function expectRowError(page) {
  const rows = T(page, 'import-errors').locator('.el-table__body-wrapper tbody tr')
  await until(async () => (await rows.count()) >= 1, 'a row in import-errors')
  checkEq(await rows.count(), 1, 'number of import errors')
  const cells = (await rows.first().locator('td').allInnerTexts()).map((s) => s.trim())
  checkEq(cells[0], String(BAD_ROW), 'import error row number')
  checkEq(cells[1], '公民身份号码', 'import error column')
  check(cells[2].includes('校验位错误'), `import error message: ${JSON.stringify(cells[2])}`)
  const summary = await T(page, 'import-summary').innerText()
  check(/共\s*3\s*行/.test(summary) && /有效\s*2\s*行/.test(summary), `import-summary: ${JSON.stringify(summary)}`)
  check(await T(page, 'import-ok').count() === 0, 'no import-ok tag with an error')
  check(await T(page, 'import-commit').isDisabled(), 'import-commit disabled with an error')
}

export default [
  {
    id: '3-import-bad',
    name: '导入：一行身份证错误，预检列出行号和原因，未导入任何数据',
    async run({ page }) {
      const { orgId, before } = await openImport(page)
      const body = await preview(page, file('党员导入-有错误.xlsx', sheet(true)))
      checkEq(body.ok, false, 'dry run ok')
      checkEq(body.rows, 3, 'dry run rows')
      await expectRowError(page)
      await look(page, 'import-errors')

      // Nothing was imported: the API total and the roster's pager.
      checkEq(await rosterTotal(page, orgId), before, 'roster total after a failed preview')
      for (const p of PEOPLE) {
        const r = await api(page, 'GET', `/orgs/${orgId}/members?name=${encodeURIComponent(p.name)}`)
        checkEq(r.data.total, 0, `members named ${p.name}`)
      }
      await T(page, 'import-back').click()
      await page.waitForURL((u) => u.pathname === `/orgs/${orgId}/members`)
      await until(async () => (await pagerTotal(page, 'members-pager')) === before, `roster pager still shows ${before}`)
    },
  },
  {
    id: '4-import-export',
    name: '导入：改正文件后预检通过并导入，导出名册含导入人员和脱敏身份证号',
    async run({ page }) {
      const { orgId, before } = await openImport(page)

      // The bad file first, then the corrected one chosen in its place.
      await preview(page, file('党员导入.xlsx', sheet(true)))
      await expectRowError(page)
      const body = await preview(page, file('党员导入-已改正.xlsx', sheet(false)))
      checkEq(JSON.stringify({ ok: body.ok, rows: body.rows, valid: body.valid, errors: body.errors.length }),
        JSON.stringify({ ok: true, rows: 3, valid: 3, errors: 0 }), 'dry run of the corrected file')
      await T(page, 'import-ok').waitFor()
      check(await T(page, 'import-errors').count() === 0, 'no import-errors table for the corrected file')
      // The upload list keeps only the file chosen last (the old entry fades out).
      await until(async () => (await page.locator('.el-upload-list').innerText()).trim() === '党员导入-已改正.xlsx',
        'the upload list shows only the corrected file')
      checkEq(await rosterTotal(page, orgId), before, 'roster total after the preview')

      await until(async () => await T(page, 'import-commit').isEnabled(), 'import-commit enabled')
      const [res] = await Promise.all([
        page.waitForResponse((r) => /\/members\/import\?/.test(r.url()) && !r.url().includes('dry_run')),
        T(page, 'import-commit').click(),
      ])
      checkEq(res.status(), 200, 'import status')
      checkEq((await res.json()).imported, 3, 'imported count in the response')
      const done = T(page, 'import-done')
      await done.waitFor()
      check((await done.innerText()).includes('成功导入3人'), `import-done: ${JSON.stringify(await done.innerText())}`)
      await look(page, 'import-done')
      checkEq(await rosterTotal(page, orgId), before + 3, 'roster total after the import')

      // Back to the roster: three more members, findable by name.
      await T(page, 'import-to-roster').click()
      await page.waitForURL((u) => u.pathname === `/orgs/${orgId}/members`)
      await until(async () => (await pagerTotal(page, 'members-pager')) === before + 3, `roster pager shows ${before + 3}`)
      await look(page, 'roster')
      await T(page, 'filter-name').fill('导入测试')
      await T(page, 'filter-search').click()
      const rows = T(page, 'members-table').locator('.el-table__body-wrapper tbody tr')
      await until(async () => (await pagerTotal(page, 'members-pager')) === 3 && (await rows.count()) === 3,
        'three roster rows named 导入测试*')
      const tableText = await T(page, 'members-table').innerText()
      for (const p of PEOPLE) {
        check(tableText.includes(p.name), `roster shows ${p.name}`)
        check(tableText.includes(masked(p.id)), `roster shows ${masked(p.id)}`)
      }

      // Export the filtered roster (masked).
      await T(page, 'export-xlsx').click()
      const dlg = T(page, 'export-dialog')
      await dlg.waitFor({ state: 'visible' })
      check((await dlg.innerText()).includes('3 名党员'), `export dialog counts the filtered members: ${await dlg.innerText()}`)
      check(!(await page.locator('[data-test="export-unmask"] input').isChecked()), 'export-unmask is off by default')
      const [dl] = await Promise.all([page.waitForEvent('download'), T(page, 'export-confirm').click()])
      const saved = path.join(TMP, 'export.xlsx')
      await dl.saveAs(saved)
      check(dl.suggestedFilename().endsWith('.xlsx'), `download name ${dl.suggestedFilename()}`)
      const buf = fs.readFileSync(saved)
      checkEq(buf.subarray(0, 2).toString('latin1'), 'PK', 'xlsx header')
      const { sheets } = readXlsx(buf)
      check(sheets.length >= 1, 'the export has a worksheet')
      const rowsX = sheets[0]
      checkEq(rowsX[0][0], '姓名', 'first header cell')
      const cells = rowsX.flat()
      for (const p of PEOPLE) {
        check(cells.includes(p.name), `export contains ${p.name}`)
        check(cells.includes(masked(p.id)), `export contains the masked ID ${masked(p.id)}`)
        check(!cells.some((c) => c.includes(p.id)), `export does not contain the full ID of ${p.name}`)
      }
      checkEq(rowsX.filter((r) => r.some((c) => c !== '')).length, 1 + 3, 'export rows (header + filtered members)')
    },
  },
]
