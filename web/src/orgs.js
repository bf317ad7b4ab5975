// Loading the org tree for pickers and the 组织架构 page.
import { get } from './api.js'
import { rootOrgIds } from './session.js'

// The top orgs the user may browse: the roots of their grants, without those
// that lie below another of them.
export async function loadRoots(ids = rootOrgIds()) {
  const orgs = (
    await Promise.all(ids.map((id) => get(`/orgs/${id}`, { quiet: true }).catch(() => null)))
  ).filter(Boolean)
  const set = new Set(orgs.map((o) => o.id))
  return orgs.filter((o) => !(o.ancestors || []).some((a) => a.id !== o.id && set.has(a.id)))
}

export async function loadChildren(id) {
  const d = await get(`/orgs/${id}/children`)
  return (d && d.items) || []
}
