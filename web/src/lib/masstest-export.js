// The untested list as a file a grid worker opens in Excel: CSV with a BOM (Excel then reads UTF-8),
// names, ID numbers and phones masked as on screen.
import { BOM, toCsv } from './csv.js'
import { maskName } from './masstest.js'
import { maskIdNumber, maskPhone } from './mask.js'

export const UNTESTED_EXPORT_MAX = 50000

/**
 * @param {object[]} people items of GET /rounds/{id}/untested
 * @param {{header: string[], tag?: (v: string) => string, relation?: (v: string) => string}} opts localized
 *   column titles (name, ID number, phone, unit, room, relation, tags, household id) and value labels
 */
export function untestedCsv(people, { header, tag = (v) => v, relation = (v) => v || '' }) {
  const rows = people.map((p) => [
    maskName(p.name), maskIdNumber(p.id_number), maskPhone(p.phone), p.unit || '', p.room || '', relation(p.relation),
    (p.tags || []).map(tag).join('、'), p.household_id ?? '',
  ])
  return BOM + toCsv([header, ...rows])
}
