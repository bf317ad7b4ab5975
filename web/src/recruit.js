// Labels of the recruitment pipeline (发展党员, docs/recruitment.md).
export const DUE_LABEL = { waiting: '未到期', ready: '可办理', due: '待办', overdue: '已逾期' }
export const DUE_TAG = { waiting: 'info', ready: 'success', due: 'warning', overdue: 'danger' }
export const STEP_STAGES = [
  { stage: 1, name: '入党申请', steps: [1, 2] },
  { stage: 2, name: '入党积极分子的确定和培养教育', steps: [3, 4, 5, 6] },
  { stage: 3, name: '发展对象的确定和考察', steps: [7, 8, 9, 10, 11] },
  { stage: 4, name: '预备党员的接收', steps: [12, 13, 14, 15, 16, 17, 18] },
  { stage: 5, name: '预备党员的教育考察和转正', steps: [19, 20, 21, 22, 23, 24, 25] },
]
export const STEP_NAMES = [
  '', '递交入党申请书', '党组织派人谈话', '推荐和确定入党积极分子', '上级党委备案', '指定培养联系人',
  '培养教育考察', '确定发展对象', '报上级党委备案', '确定入党介绍人', '进行政治审查', '开展集中培训',
  '支部委员会审查', '上级党委预审', '填写入党志愿书', '支部大会讨论接收预备党员', '上级党委派人谈话',
  '上级党委审批', '再上一级党委组织部门备案', '编入党支部和党小组', '入党宣誓', '继续教育考察',
  '提出转正申请', '支部大会讨论转正', '上级党委审批转正', '材料归档',
]
