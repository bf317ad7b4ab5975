// 大字模式 (large text for elderly members), remembered in localStorage.
import { ref, watch } from 'vue'

const KEY = 'zhibu.largeText'

function load() {
  try {
    return localStorage.getItem(KEY) === '1'
  } catch {
    return false
  }
}

export const largeText = ref(load())

export function applyLargeText(on) {
  document.documentElement.classList.toggle('large-text', !!on)
}

watch(largeText, (on) => {
  applyLargeText(on)
  try {
    localStorage.setItem(KEY, on ? '1' : '0')
  } catch {
    /* private mode: not remembered */
  }
})

// Column widths in px, widened in 大字模式.
export const px = (n) => Math.round(n * (largeText.value ? 1.3 : 1))
