// One ECharts chart on `el` for a component's life: made on mount, drawn from `option()` (in the page's
// font) whenever `source` changes, resized with the window, disposed on unmount. The component registers
// the chart types it draws with echarts' `use` (so each bundle holds only those).
import { watch, onMounted, onBeforeUnmount, nextTick } from 'vue'
import { init } from 'echarts/core'

export function useChart(el, option, source, { onCreate } = {}) {
  let chart = null
  function render() {
    if (!el.value) return
    if (!chart) {
      chart = init(el.value, null, { renderer: 'canvas' })
      if (onCreate) onCreate(chart)
    }
    chart.setOption({ textStyle: { fontFamily: getComputedStyle(document.body).fontFamily }, ...option() }, true)
    chart.resize()
  }
  const onResize = () => chart && chart.resize()
  onMounted(() => {
    render()
    window.addEventListener('resize', onResize)
  })
  watch(source, () => nextTick(render), { deep: true })
  onBeforeUnmount(() => {
    window.removeEventListener('resize', onResize)
    if (chart) chart.dispose()
    chart = null
  })
}
