// The lazily loaded area tree that the area pickers show in an el-cascader: one root (the user's own
// area, or a page's), then each level's children as it is opened; any level may be picked.
import { api } from '../api/index.js'

/** A cascader node for an area; buildings and areas without children are leaves. */
export const areaNode = (a) => ({
  value: String(a.id),
  label: a.name,
  leaf: a.level === 'building' || (a.counts && Number(a.counts.children) === 0),
})

/** el-cascader props for the tree under `root()` ({id, name, level, counts?}, or null: nothing). */
export function lazyAreaProps(root) {
  return {
    lazy: true,
    checkStrictly: true,
    emitPath: false,
    async lazyLoad(n, resolve) {
      try {
        if (n.level === 0) {
          const area = root()
          return resolve(area ? [areaNode(area)] : [])
        }
        const res = await api.areaChildren(n.value)
        resolve(((res && res.items) || []).map(areaNode))
      } catch {
        resolve([])
      }
    },
  }
}
