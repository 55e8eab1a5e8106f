import { ref, onMounted, onBeforeUnmount } from 'vue'

export const PHONE_QUERY = '(max-width: 767px)'

/** True while the viewport is phone-sized. */
export function useIsPhone() {
  const mq = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(PHONE_QUERY) : null
  const isPhone = ref(mq ? mq.matches : false)
  const update = (e) => { isPhone.value = e.matches }
  onMounted(() => mq && mq.addEventListener('change', update))
  onBeforeUnmount(() => mq && mq.removeEventListener('change', update))
  return isPhone
}
