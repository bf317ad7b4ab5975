// Labels for transfers (组织关系转接, T11), mobile members (流动党员) and
// changes of membership (党籍变更, T10/T13/F18); see docs/transfers.md.

export const TRANSFER_STATUS = {
  submitted: '待上级党委审批',
  pending: '待接收',
  accepted: '已接收',
  refused: '已拒绝',
  cancelled: '已撤回',
  expired: '介绍信已过期',
}

export const TRANSFER_STATUS_TAG = {
  submitted: 'warning',
  pending: 'primary',
  accepted: 'success',
  refused: 'danger',
  cancelled: 'info',
  expired: 'info',
}

export const MEMBERSHIP = {
  active: '正常',
  suspended: '停止党籍',
  removed: '已除名',
  deceased: '已去世',
}

export const MEMBERSHIP_KINDS = {
  suspend: '停止党籍',
  remove: '除名',
  death: '去世',
  restore: '恢复党籍',
}

// The cases of each kind, with the label of the date they run from (basis_on).
export const GROUNDS = {
  suspend: {
    settled_abroad: { label: '出国（境）定居', basis: '' },
    abroad_study: { label: '出国（境）学习研究超过五年仍无法取得联系', basis: '出国（境）日期' },
    lost_contact: { label: '失去联系六个月以上，经多方寻找仍无法取得联系', basis: '最后联系日期' },
  },
  remove: {
    self_lapse: { label: '连续六个月不参加组织生活、不交纳党费或不做分配的工作（自行脱党）', basis: '起算日期' },
    suspension_lapsed: { label: '停止党籍满二年仍无法取得联系', basis: '' },
  },
}

export const GROUND_LABEL = Object.assign({}, ...Object.values(GROUNDS).map((g) =>
  Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v.label]))))

export const RULE_NOTES = {
  suspend: '《中国共产党党员教育管理工作条例》第二十四条（T10）：出国（境）定居、出国（境）学习研究超过五年，或失去联系六个月以上的，停止党籍。须经上级党委批准。',
  remove: '《中国共产党章程》第九条（F18）、《党员教育管理工作条例》第二十四条、第三十一条（T10/T13）：经支部党员大会讨论决定除名，报上级党组织批准。',
  death: '登记党员去世，党籍记录保留。',
  restore: '停止党籍的党员恢复联系、本人申请后，经上级党委批准恢复党籍。',
}
