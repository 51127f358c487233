/** SOQL over REST with every page fetched, each call retried on transient failures. */
import type { OrgConnection } from './connection.js';
import { withRetry, type RetryHooks, type RetryPolicy, DEFAULT_RETRY_POLICY } from './retry.js';

type QueryPage<T> = { records: T[]; done: boolean; nextRecordsUrl?: string };

/** Largest page Salesforce serves; fewer pages means fewer API calls. */
const PAGE_SIZE = 2000;

/**
 * Runs `soql` and hands each page's records to `onRecords`, so a caller can keep only what it needs.
 * Uses `query`, not `queryAll`: deleted rows must not count as present.
 */
export async function queryEachPage<T>(
  conn: OrgConnection,
  soql: string,
  onRecords: (records: T[]) => void,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  hooks: RetryHooks = {},
): Promise<number> {
  const headers = { 'Sforce-Query-Options': `batchSize=${PAGE_SIZE}` };
  return eachPageFrom(conn, `/query?q=${encodeURIComponent(soql)}`, onRecords, policy, hooks, headers);
}

/**
 * Fetches the page at `url` and every page after it (a query's or a child subquery's
 * `nextRecordsUrl`), handing each page's records to `onRecords`.
 */
export async function eachPageFrom<T>(
  conn: OrgConnection,
  url: string,
  onRecords: (records: T[]) => void,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  hooks: RetryHooks = {},
  headers?: Record<string, string>,
): Promise<number> {
  let next: string | undefined = url;
  let total = 0;
  while (next) {
    const pageUrl: string = next;
    // eslint-disable-next-line no-await-in-loop
    const page = await withRetry(
      () => conn.request<QueryPage<T>>({ method: 'GET', url: pageUrl, ...(headers && { headers }) }),
      policy,
      hooks,
    );
    onRecords(page.records);
    total += page.records.length;
    next = page.done ? undefined : page.nextRecordsUrl;
  }
  return total;
}
