// Labels and helpers for organisational life (三会一课): meeting kinds,
// statuses, attendance, compliance and periods (docs/api-meetings.md).

export const MEETING_KINDS = {
  congress: '支部党员大会',
  committee_meeting: '支部委员会会议',
  group_meeting: '党小组会',
  lecture: '党课',
  micro_lecture: '微党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
  appraisal: '民主评议党员',
  talk: '谈心谈话',
  study: '集中学习',
}

// Short names for narrow table headers and chart axes.
export const MEETING_KINDS_SHORT = {
  congress: '党员大会',
  committee_meeting: '支委会',
  group_meeting: '党小组会',
  lecture: '党课',
  micro_lecture: '微党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
  appraisal: '民主评议',
  talk: '谈心谈话',
  study: '集中学习',
}

// Kinds whose meetings may hold votes (M2, M3).
export const VOTING_KINDS = ['congress', 'committee_meeting']

export const MEETING_STATUS = { planned: '计划', held: '已召开（待补全）', completed: '已完成' }
export const MEETING_STATUS_SHORT = { planned: '计划', held: '待补全', completed: '已完成' }
// What keeps a held meeting from counting (Meeting.missing).
export const MISSING = { held_on: '召开日期', attendance: '出席登记', minutes: '会议记录' }
export const MEETING_STATUS_TAG = { planned: 'info', held: 'warning', completed: 'success' }

export const ATTENDANCE = { present: '出席', leave: '请假', absent: '缺席' }

export const COMPLIANCE = { done: '已完成', due: '待完成', overdue: '已逾期', partial: '部分逾期' }
export const COMPLIANCE_TAG = { done: 'success', due: 'warning', overdue: 'danger', partial: 'danger' }

export const CADENCES = { month: '每月', quarter: '每季度', year: '每年', none: '不要求' }

// Default 学时 hint for kinds that count towards the yearly 32 (T7).
export const STUDY_KINDS = ['lecture', 'micro_lecture', 'theme_day', 'study']
export const REQUIRED_HOURS = 32

export const PERIOD_KINDS = { month: '月', quarter: '季', year: '年' }

const pad = (n) => String(n).padStart(2, '0')

export function todayStr(d = new Date()) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

// The period string of the API: "2026-05", "2026-Q2" or "2026".
export function periodOf(kind, d = new Date()) {
  const y = d.getFullYear()
  if (kind === 'year') return String(y)
  if (kind === 'quarter') return `${y}-Q${Math.floor(d.getMonth() / 3) + 1}`
  return `${y}-${pad(d.getMonth() + 1)}`
}

export function periodKind(p) {
  if (/^\d{4}$/.test(p || '')) return 'year'
  if (/^\d{4}-Q[1-4]$/.test(p || '')) return 'quarter'
  if (/^\d{4}-\d{2}$/.test(p || '')) return 'month'
  return ''
}

export function periodLabel(p) {
  const k = periodKind(p)
  if (k === 'year') return `${p}年`
  if (k === 'quarter') return `${p.slice(0, 4)}年第${p.slice(6)}季度`
  if (k === 'month') return `${p.slice(0, 4)}年${Number(p.slice(5, 7))}月`
  return p || ''
}

// First and last day of a period, for list filters by date.
export function periodRange(p) {
  const k = periodKind(p)
  const y = Number(String(p).slice(0, 4))
  let m1 = 1
  let m2 = 12
  if (k === 'quarter') {
    const q = Number(p.slice(6))
    m1 = q * 3 - 2
    m2 = q * 3
  } else if (k === 'month') {
    m1 = m2 = Number(p.slice(5, 7))
  } else if (k !== 'year') {
    return { from: '', to: '' }
  }
  const last = new Date(y, m2, 0).getDate()
  return { from: `${y}-${pad(m1)}-01`, to: `${y}-${pad(m2)}-${pad(last)}` }
}

// Days from today to a YYYY-MM-DD date (negative: past).
export function daysUntil(date, today = new Date()) {
  if (!date) return null
  const [y, m, d] = date.split('-').map(Number)
  const t = new Date(today.getFullYear(), today.getMonth(), today.getDate())
  return Math.round((new Date(y, m - 1, d) - t) / 86400000)
}

export function fmtBytes(n) {
  if (n == null) return ''
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
