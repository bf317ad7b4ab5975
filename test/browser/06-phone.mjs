// 6. A member account sees 我的档案 on a phone-sized viewport (390×844); the
//    large-text toggle enlarges the text (and is remembered).
import { T, api, check, checkEq, login, look, until } from './lib.mjs'

const fontPx = (loc) => loc.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))

async function noSideways(page, what) {
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }))
  check(w.scroll <= w.view, `${what}: the page scrolls sideways (${w.scroll}px wide in a ${w.view}px viewport)`)
}

export default [
  {
    id: '6-phone',
    name: '手机：党员查看我的档案，大字模式放大字号',
    viewport: { width: 390, height: 844 },
    mobile: true,
    async run({ page }) {
      await login(page, 'member')
      await page.waitForURL((u) => u.pathname === '/me')
      await until(async () => (await page.locator('.page-head h2').innerText()).includes('我的档案'), 'the 我的档案 heading')
      const info = T(page, 'member-info')
      await info.waitFor()
      const me = (await api(page, 'GET', '/me')).data.member
      check(me && me.name, 'GET /me has the member')
      await until(async () => (await info.innerText()).includes(me.name), `member-info shows ${me.name}`)
      check((await info.innerText()).includes(me.id_number), 'member-info shows the ID number as the API gives it')
      await T(page, 'me-export').waitFor()

      // Phone layout: no sidebar, a menu button opening the drawer menu.
      check(!(await page.locator('.sidebar').isVisible()), 'the sidebar is hidden on a phone')
      await T(page, 'menu-toggle').click()
      await T(page, 'drawer-menu-me').waitFor()
      check(await T(page, 'drawer-menu-members').count() === 0, 'a member has no roster in the menu')
      await page.keyboard.press('Escape')
      await T(page, 'drawer-menu-me').waitFor({ state: 'hidden' })
      await noSideways(page, 'me')
      await look(page, 'me-phone')

      // 大字模式: the switch in the top bar.
      const label = info.locator('.el-descriptions__label').first()
      const content = info.locator('.el-descriptions__content').first()
      const before = { label: await fontPx(label), content: await fontPx(content), body: await fontPx(page.locator('body')) }
      check(!(await page.evaluate(() => document.documentElement.classList.contains('large-text'))), 'large text off at first')
      await T(page, 'large-text').click()
      await until(() => page.evaluate(() => document.documentElement.classList.contains('large-text')), 'html.large-text')
      const after = { label: await fontPx(label), content: await fontPx(content), body: await fontPx(page.locator('body')) }
      for (const k of Object.keys(before)) {
        check(after[k] > before[k], `large text enlarges the ${k} font: ${before[k]}px -> ${after[k]}px`)
      }
      check(after.content >= 18, `large text content font is at least 18px: ${after.content}px`)
      await noSideways(page, 'me in large text')
      await look(page, 'me-phone-large')

      // Remembered across a reload, and switched off again.
      await page.reload()
      await info.waitFor()
      check(await page.evaluate(() => document.documentElement.classList.contains('large-text')), 'large text kept after reload')
      checkEq(await fontPx(content), after.content, 'content font after reload')
      await T(page, 'large-text').click()
      await until(async () => (await fontPx(content)) === before.content, 'the font back to normal')
    },
  },
]
