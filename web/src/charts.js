// ECharts, tree-shaken to what the roll-up pages draw, with the SVG renderer.
// Only imported dynamically (components/EChart.vue), so the login page and
// the pages without charts never load it.
import * as echarts from 'echarts/core'
import { BarChart, LineChart, HeatmapChart } from 'echarts/charts'
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  AriaComponent,
} from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  AriaComponent,
  SVGRenderer,
])

export const init = (el) => echarts.init(el, null, { renderer: 'svg', locale: 'ZH' })
