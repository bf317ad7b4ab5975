// API client for /api/v1 (docs/api-contract.md).
//
// get/post/patch/del return the parsed JSON (null for 204).  A failure throws
// an ApiError {status, code, message, field, body}; unless the call passes
// {quiet: true} its message is shown with ElMessage first.  401 anywhere sends
// the browser to /login; 403 shows 无权访问.
import { session } from './session.js'
import { toastError } from './ui.js'

const BASE = '/api/v1'
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export class ApiError extends Error {
  constructor(status, err, body) {
    super((err && err.message) || httpText(status))
    this.status = status
    this.code = (err && err.code) || ''
    this.field = (err && err.field) || ''
    this.body = body
  }
}

function httpText(status) {
  if (status === 0) return '无法连接服务器，请检查网络'
  if (status === 403) return '无权访问'
  if (status === 404) return '请求的资源不存在'
  if (status === 413) return '文件或数据过大'
  if (status >= 500) return `服务器错误（${status}）`
  return `请求失败（${status}）`
}

let onUnauthorized = () => {}
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

export function url(path, query) {
  let u = BASE + path
  if (query) {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      q.append(k, String(v))
    }
    const s = q.toString()
    if (s) u += (u.includes('?') ? '&' : '?') + s
  }
  return u
}

function headersFor(method, extra) {
  const h = { Accept: 'application/json', ...extra }
  if (UNSAFE.has(method) && session.csrf) h['X-CSRF-Token'] = session.csrf
  return h
}

async function parseBody(res) {
  if (res.status === 204) return null
  const text = await res.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return { error: { message: text.slice(0, 200) } }
  }
}

function fail(status, body, opts) {
  const e = new ApiError(status, body && body.error, body)
  if (status === 401 && !opts.noRedirect) {
    onUnauthorized()
  } else if (!opts.quiet) {
    toastError(status === 403 && !(body && body.error && body.error.message) ? '无权访问' : e.message)
  }
  throw e
}

export async function request(method, path, { query, body, quiet = false, noRedirect = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: headersFor(method) }
  // The contract asks for Content-Type: application/json on every unsafe method,
  // DELETE included.
  if (UNSAFE.has(method) || body !== undefined) init.headers['Content-Type'] = 'application/json'
  if (body !== undefined) init.body = JSON.stringify(body)
  let res
  try {
    res = await fetch(url(path, query), init)
  } catch {
    return fail(0, null, { quiet, noRedirect })
  }
  const data = await parseBody(res)
  if (!res.ok) return fail(res.status, data, { quiet, noRedirect })
  return data
}

export const get = (path, opts = {}) => request('GET', path, opts)
export const post = (path, body, opts = {}) => request('POST', path, { ...opts, body: body ?? {} })
export const patch = (path, body, opts = {}) => request('PATCH', path, { ...opts, body })
export const put = (path, body, opts = {}) => request('PUT', path, { ...opts, body: body ?? {} })
export const del = (path, opts = {}) => request('DELETE', path, opts)

// Raw file upload with progress (XHR).  Resolves {status, data} for 2xx and
// for the statuses listed in opts.accept (e.g. [422] for an import whose body
// carries the errors); anything else rejects with an ApiError.  opts.method:
// POST (default) or PUT.
export function upload(path, file, { query, onProgress, accept = [], quiet = false, method = 'POST' } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, url(path, query))
    xhr.withCredentials = true
    const h = headersFor(method, { 'Content-Type': 'application/octet-stream' })
    for (const [k, v] of Object.entries(h)) xhr.setRequestHeader(k, v)
    if (onProgress) {
      xhr.upload.onprogress = (ev) => {
        if (ev.lengthComputable) onProgress(Math.round((ev.loaded * 100) / ev.total))
      }
      xhr.upload.onload = () => onProgress(100)
    }
    const done = () => {
      let data = null
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        data = { error: { message: xhr.responseText.slice(0, 200) } }
      }
      if ((xhr.status >= 200 && xhr.status < 300) || accept.includes(xhr.status)) {
        resolve({ status: xhr.status, data })
        return
      }
      try {
        fail(xhr.status, data, { quiet })
      } catch (e) {
        reject(e)
      }
    }
    xhr.onload = done
    xhr.onerror = () => {
      try {
        fail(0, null, { quiet })
      } catch (e) {
        reject(e)
      }
    }
    xhr.send(file)
  })
}

// filename*=UTF-8''… (RFC 5987) first, then filename="…".
export function filenameFrom(disposition, fallback) {
  if (disposition) {
    let m = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
    if (m) {
      try {
        return decodeURIComponent(m[1].trim().replace(/^"|"$/g, ''))
      } catch {
        /* fall through */
      }
    }
    m = /filename\s*=\s*"([^"]*)"/.exec(disposition) || /filename\s*=\s*([^;]+)/.exec(disposition)
    if (m) return m[1].trim()
  }
  return fallback
}

// Download a file (xlsx export) through fetch → blob → object URL → <a download>.
export async function download(path, { query, fallbackName = 'download.xlsx', quiet = false } = {}) {
  let res
  try {
    res = await fetch(url(path, query), { credentials: 'same-origin', headers: { Accept: '*/*' } })
  } catch {
    return fail(0, null, { quiet })
  }
  if (!res.ok) return fail(res.status, await parseBody(res), { quiet })
  const blob = await res.blob()
  const name = filenameFrom(res.headers.get('Content-Disposition'), fallbackName)
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10000)
  return name
}

// Put a server field error under its form item; anything else becomes a message.
// errors: reactive object keyed by field name; fields: the names this form shows.
export function showFormError(e, errors, fields) {
  if (!(e instanceof ApiError)) {
    toastError(String(e && e.message ? e.message : e))
    return
  }
  if (e.status === 401) return
  if (e.field && (!fields || fields.includes(e.field))) {
    errors[e.field] = e.message
  } else {
    toastError(e.status === 403 && !e.code ? '无权访问' : e.message)
  }
}

export function clearErrors(errors) {
  for (const k of Object.keys(errors)) errors[k] = ''
}

// Random key for GET /jobs/{KEY}: 8–64 chars of [A-Za-z0-9_-].
export function jobKey() {
  const a = new Uint8Array(12)
  crypto.getRandomValues(a)
  return 'imp' + Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('')
}
