// The logged-in user, restored once from GET /session at startup.
import { reactive } from 'vue'

export const session = reactive({
  user: null,
  csrf: '',
  loaded: false,
})

export function setSession(data) {
  session.user = data ? data.user : null
  if (data && data.csrf_token) session.csrf = data.csrf_token
  if (!data) session.csrf = ''
}

export const can = (cap) => !!(session.user && (session.user.caps || []).includes(cap))

const STAFF_ROLES = ['committee_staff', 'branch_secretary', 'branch_committee', 'inspector']

export const isStaff = (u = session.user) =>
  !!u && (u.roles || []).some((r) => STAFF_ROLES.includes(r.role))

// Orgs at the top of the user's business grants (the trees the user may browse).
export function rootOrgIds(u = session.user) {
  if (!u) return []
  const ids = []
  if (u.home_org_id) ids.push(u.home_org_id)
  for (const r of u.roles || []) {
    if (r.role !== 'member' && r.org_id && !ids.includes(r.org_id)) ids.push(r.org_id)
  }
  return ids
}

// The landing page of a user (route "/").
export function homePath(u = session.user) {
  if (!u) return '/login'
  if (u.must_change_password) return '/password'
  if (u.admin_role === 'sysadmin') return '/admin/users'
  if (u.admin_role === 'secadmin') return '/admin/grants'
  if (u.admin_role === 'auditor') return '/admin/audit'
  if (isStaff(u) && u.home_org_id) return '/workbench'
  if (u.member_id) return '/me'
  return '/no-access'
}
