// Browser test runner (started by run.sh, which provides the server).
//
//   node test/browser/main.mjs [FILTER...]
//
// Loads every test/browser/NN-*.mjs (each default-exports a list of
// {id, name, viewport?, mobile?, run(t)}), runs the cases one by one, each in a
// fresh Chromium profile, and prints one line per case.  On a failure it saves
// a screenshot to test/out/ and prints its path.  The counts go to
// $ZHIBU_RESULT ("PASSED FAILED") for run.sh's summary line.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BASE, OUT, openBrowser, shot } from './lib.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const CASE_TIMEOUT = 120000
const filters = process.argv.slice(2)

if (!BASE) {
  console.error('browser: ZHIBU_URL is not set (run test/browser/run.sh)')
  process.exit(2)
}

// Screenshots of an earlier run would mislead.
if (fs.existsSync(OUT)) {
  for (const f of fs.readdirSync(OUT)) if (/^(browser|look)-.*\.png$/.test(f)) fs.rmSync(path.join(OUT, f))
}

const files = fs.readdirSync(HERE).filter((f) => /^\d\d-.*\.mjs$/.test(f)).sort()
const cases = []
for (const f of files) {
  const mod = await import(pathToFileURL(path.join(HERE, f)).href)
  for (const c of mod.default) cases.push({ ...c, file: f })
}
const selected = cases.filter((c) => !filters.length || filters.some((x) => c.id.includes(x) || c.name.includes(x)))

let passed = 0
let failed = 0
for (const c of selected) {
  const started = Date.now()
  let b = null
  let err = null
  try {
    b = await openBrowser({ viewport: c.viewport, mobile: c.mobile })
    let timer
    await Promise.race([
      c.run(b),
      new Promise((_, rej) => {
        timer = setTimeout(() => rej(new Error(`timed out after ${CASE_TIMEOUT / 1000}s`)), CASE_TIMEOUT)
      }),
    ]).finally(() => clearTimeout(timer))
    // Let late responses and console messages arrive before judging.
    await b.page.waitForTimeout(200)
    const p = b.problems()
    if (p.length) err = new Error(p.join('\n'))
  } catch (e) {
    err = e
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  if (!err) {
    passed++
    console.log(`ok    ${c.id} ${c.name} (${secs}s)`)
  } else {
    failed++
    console.log(`FAIL  ${c.id} ${c.name} (${secs}s)`)
    const msg = String((err && err.stack) || err)
      .split('\n')
      .filter((l) => !/node_modules|node:internal/.test(l))
      .slice(0, 20)
      .join('\n')
    console.log(msg.replace(/^/gm, '      '))
    const extra = b ? b.problems() : []
    if (extra.length && !msg.includes(extra[0])) console.log(extra.map((x) => '      also: ' + x).join('\n'))
    if (b) {
      try {
        const file = await shot(b.page, `browser-${c.id}`)
        console.log(`      screenshot: ${path.relative(process.cwd(), file)} (url ${b.page.url()})`)
      } catch (e) {
        console.log(`      (no screenshot: ${e.message.split('\n')[0]})`)
      }
    }
  }
  if (b) await b.close()
}

if (process.env.ZHIBU_RESULT) fs.writeFileSync(process.env.ZHIBU_RESULT, `${passed} ${failed}\n`)
else console.log(`browser: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
