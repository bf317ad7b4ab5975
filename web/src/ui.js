// Element Plus messages used from plain JS, with their styles.  Kept apart from
// the dialogs (dialogs.js) so that the entry chunk stays small.
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'

export { ElMessage }

export const toastError = (message) => ElMessage({ type: 'error', message, showClose: true, duration: 5000 })
export const toastOk = (message) => ElMessage({ type: 'success', message })
