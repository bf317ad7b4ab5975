// Confirmation and alert dialogs (Element Plus MessageBox) for the pages.
import { ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message-box/style/css'

export { ElMessageBox }
export { toastOk, toastError } from './ui.js'

// Resolves true when confirmed, false when cancelled.
export async function confirm(message, title = '请确认', type = 'warning', confirmButtonText = '确定') {
  try {
    await ElMessageBox.confirm(message, title, { type, confirmButtonText, cancelButtonText: '取消' })
    return true
  } catch {
    return false
  }
}

export function alertBox(message, title, type = 'error') {
  return ElMessageBox.alert(message, title, { type, confirmButtonText: '知道了' }).catch(() => {})
}
