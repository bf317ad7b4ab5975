// Chinese labels for the code names of docs/api-contract.md and the glossary.

export const ORG_KINDS = {
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  group: '党小组',
}

export const ROLES = {
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
  committee_staff: '党委工作人员',
  branch_secretary: '支部书记',
  branch_committee: '支部委员',
  inspector: '检查人员',
  member: '党员',
}

// Business roles that a security administrator grants on an org.
export const GRANT_ROLES = ['committee_staff', 'branch_secretary', 'branch_committee', 'inspector', 'member']

export const POST_ROLES = {
  secretary: '书记',
  deputy_secretary: '副书记',
  organization_member: '组织委员',
  propaganda_member: '宣传委员',
  discipline_member: '纪检委员',
  group_leader: '党小组长',
  research_post: '调研工作岗',
  info_post: '信息工作岗',
}

export const STATUS = { full: '正式党员', probationary: '预备党员' }
export const GENDER = { male: '男', female: '女' }
export const EDUCATION = ['研究生', '大学本科', '大学专科', '中专', '高中', '初中及以下']
export const SEVERITY = { error: '错误', warning: '警告' }

export const label = (map, v) => (v == null || v === '' ? '' : map[v] || v)

export function fmtTime(sec) {
  if (sec == null) return ''
  const d = new Date(sec * 1000)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

// GB 11643-1999 citizen identity number.  Returns { ok, message, birth, gender }.
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const C = '10X98765432'

export function checkDigit(first17) {
  let s = 0
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * W[i]
  return C[s % 11]
}

export function checkIdNumber(raw) {
  const v = (raw || '').trim().toUpperCase()
  if (!v) return { ok: false, message: '' }
  if (!/^\d{17}[\dX]$/.test(v)) {
    if (v.length < 18 && /^\d*$/.test(v)) return { ok: false, message: `还需${18 - v.length}位` }
    return { ok: false, message: '公民身份号码应为18位：17位数字加1位校验码（数字或X）' }
  }
  const y = +v.slice(6, 10), m = +v.slice(10, 12), d = +v.slice(12, 14)
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || dt > new Date()) {
    return { ok: false, message: '公民身份号码中的出生日期无效' }
  }
  const want = checkDigit(v.slice(0, 17))
  if (want !== v[17]) return { ok: false, message: `公民身份号码校验位错误（按前17位应为 ${want}）` }
  return {
    ok: true,
    message: '',
    birth: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`,
    gender: (+v[16]) % 2 === 1 ? 'male' : 'female',
  }
}

export const ETHNICITIES = ['汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族', '佤族', '畲族', '高山族',
  '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族', '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族',
  '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族', '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族',
  '保安族', '裕固族', '京族', '塔塔尔族', '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族']
