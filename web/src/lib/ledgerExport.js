// The ledger export (GET /appeals/export): a plain link, so the browser streams the file to disk with
// the session cookie and saves it under the server's file name (Content-Disposition).
import { buildUrl } from '../api/client.js'
import { filtersToQuery } from './appeals.js'

export const EXPORT_FORMATS = ['xlsx', 'csv']

/** The export URL for the ledger's current filters. */
export function ledgerExportUrl(format, filters = {}) {
  return buildUrl('/appeals/export', { format, ...filtersToQuery(filters) })
}
