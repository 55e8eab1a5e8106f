// The untested list as a file (GET /mass-testing/rounds/{id}/untested.xlsx|.csv?area=), built on the
// server however many people it holds. A plain link, not a fetch: the browser streams the file to disk
// with the session cookie and saves it under the server's file name (Content-Disposition).
import { buildUrl } from '../api/client.js'

export const UNTESTED_EXPORT_FORMATS = ['xlsx', 'csv']

/** The export URL of an area's untested list in a round; `format` is 'xlsx' or 'csv'. */
export function untestedExportUrl(roundId, areaId, format = 'xlsx') {
  if (!UNTESTED_EXPORT_FORMATS.includes(format)) throw new Error(`unknown export format ${format}`)
  return buildUrl(`/mass-testing/rounds/${encodeURIComponent(String(roundId))}/untested.${format}`, { area: areaId })
}
