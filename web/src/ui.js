// Element Plus services used from plain JS (messages and dialogs), with their styles.
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'

export { ElMessage, ElMessageBox }

export const toastError = (message) => ElMessage({ type: 'error', message, showClose: true, duration: 5000 })
export const toastOk = (message) => ElMessage({ type: 'success', message })

// Resolves true when confirmed, false when cancelled.
export async function confirm(message, title = '请确认', type = 'warning', confirmButtonText = '确定') {
  try {
    await ElMessageBox.confirm(message, title, { type, confirmButtonText, cancelButtonText: '取消' })
    return true
  } catch {
    return false
  }
}
