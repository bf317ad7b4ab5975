// Shared helpers for the browser tests: launching Chromium, the per-test
// watchdog for page errors / CSP violations / unexpected HTTP errors, and
// small UI helpers keyed on the data-test ids.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
export const BASE = (process.env.ZHIBU_URL || '').replace(/\/$/, '')
export const OUT = process.env.ZHIBU_OUT || path.resolve('test/out')
export const TMP = process.env.ZHIBU_TMP || os.tmpdir()
export const SHOTS = !!process.env.BROWSER_SHOTS

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

// Demo logins parsed from the output of `zhibu demo` (login -> password).
export function parseDemoLogins(text) {
  const logins = {}
  let inTable = false
  for (const line of text.split('\n')) {
    if (/^-{10,}\s*$/.test(line)) {
      inTable = true
      continue
    }
    if (!inTable) continue
    const f = line.trim().split(/\s+/)
    if (f.length >= 3) logins[f[f.length - 2]] = f[f.length - 1]
  }
  return logins
}

export const LOGINS = (() => {
  if (process.env.ZHIBU_LOGINS) return JSON.parse(process.env.ZHIBU_LOGINS)
  if (process.env.ZHIBU_DEMO_OUT) return parseDemoLogins(fs.readFileSync(process.env.ZHIBU_DEMO_OUT, 'utf8'))
  return {}
})()

export function password(login) {
  const p = LOGINS[login]
  if (!p) throw new Error(`no password for demo login "${login}" (demo output: ${JSON.stringify(Object.keys(LOGINS))})`)
  return p
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export function check(cond, msg) {
  if (!cond) throw new Error(msg)
}

export function checkEq(got, want, what) {
  if (got !== want) throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`)
}

// Poll fn until it returns a truthy value (returned) or time runs out.
export async function until(fn, what, timeout = 10000) {
  const end = Date.now() + timeout
  let last
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
      last = v
    } catch (e) {
      last = e
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}` + (last instanceof Error ? ` (${last.message.split('\n')[0]})` : ''))
    }
    await sleep(100)
  }
}

export const T = (page, id) => page.locator(`[data-test="${id}"]`)

// The error text Element Plus shows under the form item holding [data-test=id].
export const fieldError = (page, id) =>
  page.locator('.el-form-item', { has: page.locator(`[data-test="${id}"]`) }).locator('.el-form-item__error')

export async function shot(page, name) {
  fs.mkdirSync(OUT, { recursive: true })
  const file = path.join(OUT, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

// Screenshot for a human to look at (BROWSER_SHOTS=1 only).
export async function look(page, name) {
  if (SHOTS) await shot(page, `look-${name}`)
}

export async function gotoPath(page, p) {
  await page.goto(BASE + p)
}

// Log in through the login page; waits until the app has left /login.
export async function login(page, user, pass = password(user)) {
  await gotoPath(page, '/login')
  await T(page, 'login-user').fill(user)
  await T(page, 'login-pass').fill(pass)
  await T(page, 'login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

export async function fillDate(page, id, value) {
  const input = T(page, id)
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await until(async () => (await input.inputValue()) === value, `${id} = ${value}`)
}

// JSON from the API with the page's cookies.
export async function api(page, method, p, body) {
  const res = await page.context().request.fetch(BASE + '/api/v1' + p, {
    method,
    headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
    data: body !== undefined ? JSON.stringify(body) : undefined,
  })
  let data = null
  try {
    data = await res.json()
  } catch {
    /* not JSON */
  }
  return { status: res.status(), data }
}

export async function rosterTotal(page, orgId) {
  const r = await api(page, 'GET', `/orgs/${orgId}/members?limit=1`)
  if (r.status !== 200) throw new Error(`GET /orgs/${orgId}/members: ${r.status} ${JSON.stringify(r.data)}`)
  return r.data.total
}

// The "共 N 条" of an Element Plus pager.
export async function pagerTotal(page, id) {
  const t = await T(page, id).locator('.el-pagination__total').innerText()
  const m = /(\d+)/.exec(t)
  if (!m) throw new Error(`no total in pager text ${JSON.stringify(t)}`)
  return +m[1]
}

/* ---------------------------------------------------------------- runner */

// Launch Chromium with a fresh profile for one test; returns {context, page,
// problems(), allow(), close()}.  problems() lists what the watchdog saw:
// uncaught page errors, CSP violations, console errors, 5xx responses and
// 4xx API responses the test did not announce with allow(method, re, status).
export async function openBrowser({ viewport = { width: 1280, height: 860 }, mobile = false } = {}) {
  const dir = fs.mkdtempSync(path.join(TMP, 'chromium-profile-'))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    isMobile: mobile,
    hasTouch: mobile,
    deviceScaleFactor: mobile ? 2 : 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  })
  context.setDefaultTimeout(10000)
  context.setDefaultNavigationTimeout(15000)
  const seen = []
  const allowed = [{ method: 'GET', re: /^\/api\/v1\/session$/, status: 401 }]
  const watch = (page) => {
    page.on('pageerror', (e) => seen.push(`uncaught page error: ${e.message}`))
    page.on('console', (msg) => {
      const text = msg.text()
      if (/Content Security Policy/i.test(text)) seen.push(`CSP violation: ${text}`)
      else if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of/.test(text)) {
        seen.push(`console error: ${text}`)
      }
    })
    page.on('response', (res) => {
      const st = res.status()
      if (st < 400) return
      const u = new URL(res.url())
      const m = res.request().method()
      if (st < 500 && allowed.some((a) => a.method === m && a.re.test(u.pathname) && a.status === st)) return
      seen.push(`HTTP ${st} for ${m} ${u.pathname}${u.search}`)
    })
  }
  context.pages().forEach(watch)
  context.on('page', watch)
  const page = context.pages()[0] || (await context.newPage())
  return {
    context,
    page,
    problems: () => seen.slice(),
    allow: (method, re, status) => allowed.push({ method, re, status }),
    async close() {
      await context.close().catch(() => {})
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
