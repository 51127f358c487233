/**
 * SOQL for the risk run. A query answers from REST when it fits in a few pages; when the first page
 * shows many more rows to come, the rest is read as one Bulk API 2.0 query job instead, so the
 * number of calls does not grow with the number of accounts.
 */
import type { OrgConnection } from '../org/connection.js';
import { bulkQuery } from '../org/bulkQuery.js';
import { eachPageFrom } from '../org/query.js';
import { DEFAULT_RETRY_POLICY, withRetry } from '../org/retry.js';

export type RiskReader = {
  /** Queries issued so far (a query with several pages counts once). */
  readonly queries: number;
  /** Queries that were read through a Bulk API 2.0 job. */
  readonly bulkQueries: number;
  /** Every record of the query. `bulk`: the query has no subquery, so a Bulk API 2.0 job may read it. */
  query<T>(soql: string, options?: { bulk?: boolean }): Promise<T[]>;
  /** Like `query`, but null when the org does not have the object (INVALID_TYPE), e.g. metadata not deployed. */
  queryOptional<T>(soql: string): Promise<T[] | null>;
};

type QueryPage<T> = { records: T[]; done: boolean; totalSize: number; nextRecordsUrl?: string };

const PAGE_SIZE = 2000;
/** A Bulk query job takes at least three calls (create, poll, results): worth it beyond three more pages. */
const BULK_AFTER_PAGES = 3;

export function riskReader(conn: OrgConnection): RiskReader {
  let queries = 0;
  let bulkQueries = 0;
  const call = <T>(request: Parameters<OrgConnection['request']>[0]): Promise<T> =>
    withRetry(() => conn.request<T>(request));
  const headers = { 'Sforce-Query-Options': `batchSize=${PAGE_SIZE}` };

  const query = async <T>(soql: string, options: { bulk?: boolean } = {}): Promise<T[]> => {
    queries += 1;
    const page = await call<QueryPage<T>>({ method: 'GET', url: `/query?q=${encodeURIComponent(soql)}`, headers });
    const records: T[] = [...page.records];
    const pagesLeft = Math.ceil((page.totalSize - records.length) / PAGE_SIZE);
    if (!page.done && options.bulk && pagesLeft > BULK_AFTER_PAGES) {
      const all = await bulkQuery<T>(conn, soql);
      if (all) {
        bulkQueries += 1;
        return all;
      }
    }
    if (!page.done && page.nextRecordsUrl) {
      await eachPageFrom<T>(
        conn,
        page.nextRecordsUrl,
        (rows) => records.push(...rows),
        DEFAULT_RETRY_POLICY,
        {},
        headers,
      );
    }
    return records;
  };

  return {
    get queries(): number {
      return queries;
    },
    get bulkQueries(): number {
      return bulkQueries;
    },
    query,
    async queryOptional<T>(soql: string): Promise<T[] | null> {
      try {
        return await query<T>(soql);
      } catch (error) {
        if ((error as { errorCode?: unknown }).errorCode === 'INVALID_TYPE') return null;
        throw error;
      }
    },
  };
}
