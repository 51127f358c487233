/**
 * SOQL for the risk run. A query answers from REST when it fits in a few pages; when the first page
 * shows many more rows to come, the rest is read as one Bulk API 2.0 query job instead, so the
 * number of calls does not grow with the number of accounts.
 */
import { jsonRequest, type OrgConnection } from '../org/connection.js';
import { eachPageFrom } from '../org/query.js';
import { DEFAULT_RETRY_POLICY, sleepMs, withRetry } from '../org/retry.js';

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
type QueryJob = { id: string; state: string; numberRecordsProcessed?: number };

const PAGE_SIZE = 2000;
/** A Bulk query job takes at least three calls (create, poll, results): worth it beyond three more pages. */
const BULK_AFTER_PAGES = 3;
const POLL_START_MS = 100;
const POLL_MAX_MS = 2000;
const POLL_TIMEOUT_MS = 10 * 60_000;

export function riskReader(conn: OrgConnection): RiskReader {
  let queries = 0;
  let bulkQueries = 0;
  const call = <T>(request: Parameters<OrgConnection['request']>[0]): Promise<T> =>
    withRetry(() => conn.request<T>(request));
  const headers = { 'Sforce-Query-Options': `batchSize=${PAGE_SIZE}` };

  const bulkQuery = async <T>(soql: string): Promise<T[] | null> => {
    const job = await call<QueryJob>(jsonRequest('POST', '/jobs/query', { operation: 'query', query: soql }));
    let info = job;
    const deadline = Date.now() + POLL_TIMEOUT_MS;
    for (let wait = POLL_START_MS; info.state !== 'JobComplete'; wait = Math.min(POLL_MAX_MS, wait * 2)) {
      if (info.state === 'Failed' || info.state === 'Aborted' || Date.now() > deadline) return null;
      // eslint-disable-next-line no-await-in-loop
      await sleepMs(wait);
      // eslint-disable-next-line no-await-in-loop
      info = await call<QueryJob>({ method: 'GET', url: `/jobs/query/${job.id}` });
    }
    const expected = info.numberRecordsProcessed ?? 0;
    if (expected === 0) return [];
    // All rows in one results call; the org may still split them, and then REST paging takes over.
    const rows = await call<T[] | string>({
      method: 'GET',
      url: `/jobs/query/${job.id}/results?maxRecords=${expected}`,
      headers: { Accept: 'text/csv' },
    });
    return Array.isArray(rows) && rows.length === expected ? rows : null;
  };

  const query = async <T>(soql: string, options: { bulk?: boolean } = {}): Promise<T[]> => {
    queries += 1;
    const page = await call<QueryPage<T>>({ method: 'GET', url: `/query?q=${encodeURIComponent(soql)}`, headers });
    const records: T[] = [...page.records];
    const pagesLeft = Math.ceil((page.totalSize - records.length) / PAGE_SIZE);
    if (!page.done && options.bulk && pagesLeft > BULK_AFTER_PAGES) {
      const all = await bulkQuery<T>(soql);
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
