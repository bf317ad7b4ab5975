// Party dues helpers (党费, docs/dues.md): money is integer fen on the wire;
// the UI shows and takes 元 with two decimals, converted exactly (no floats).

export const DUES_KINDS = [
  { value: 'salaried', label: '工资收入党员', base: true, hint: '每月工资收入（税后），按比例交纳（F1-F3）' },
  { value: 'annual_salary', label: '实行年薪制的党员', base: true, hint: '每月实际领取的薪酬（F4）' },
  { value: 'self_employed', label: '个体经营者等党员', base: true, hint: '上一季度月平均纯收入（F5）' },
  { value: 'retired', label: '离退休党员', base: true, hint: '每月基本离退休费或基本养老金（F6）' },
  { value: 'student', label: '学生党员', base: false, hint: '每月0.2元（F7）' },
  { value: 'unemployed', label: '下岗失业、领取最低生活保障金等党员', base: false, hint: '每月0.2元（F7）' },
  { value: 'farmer', label: '农民党员', base: false, hint: '按当地规定的固定数额（F7）' },
]

export const PAY_METHODS = [
  { value: 'cash', label: '现金' },
  { value: 'transfer', label: '银行转账' },
  { value: 'wechat', label: '微信' },
  { value: 'alipay', label: '支付宝' },
  { value: 'payroll', label: '工资代扣（本人书面同意）' },
]

export const STATE_TAG = { paid: 'success', partial: 'warning', unpaid: 'danger', relief: 'info', none: 'info' }

// 9000 -> "90.00"; null/undefined -> ''.
export function yuan(fen) {
  if (fen === null || fen === undefined || fen === '') return ''
  const n = Number(fen)
  const neg = n < 0
  const a = Math.abs(n)
  return (neg ? '-' : '') + Math.floor(a / 100) + '.' + String(a % 100).padStart(2, '0')
}

// "90", "90.5", "90.50" -> 9050 fen; anything else -> null.
export function parseYuan(s) {
  const t = String(s ?? '').trim()
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(t)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'))
}

export function thisMonth() {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

export function kindLabel(k) {
  const x = DUES_KINDS.find((i) => i.value === k)
  return x ? x.label : k || ''
}
