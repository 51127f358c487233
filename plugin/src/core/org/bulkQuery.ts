/**
 * A SOQL query read as one Bulk API 2.0 query job: create, poll, then every row in one results call.
 * Its cost does not grow with the number of rows, which is what a large read needs.
 */
import { jsonRequest, type OrgConnection } from './connection.js';
import { DEFAULT_RETRY_POLICY, sleepMs, withRetry, type RetryHooks, type RetryPolicy } from './retry.js';

type QueryJob = { id: string; state: string; numberRecordsProcessed?: number; errorMessage?: string };

/** First wait before a poll, then each wait doubles up to the cap. */
const POLL_START_MS = 50;
const POLL_MAX_MS = 2000;
const POLL_TIMEOUT_MS = 10 * 60_000;

export type BulkQueryOptions = { policy?: RetryPolicy; hooks?: RetryHooks };

/**
 * Every row of `soql`, as the org's CSV parsed by jsforce (values as text), or null when the job
 * failed, was aborted, took too long or answered a different number of rows than it processed.
 */
export async function bulkQuery<T>(
  conn: OrgConnection,
  soql: string,
  options: BulkQueryOptions = {},
): Promise<T[] | null> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const call = <R>(request: Parameters<OrgConnection['request']>[0]): Promise<R> =>
    withRetry(() => conn.request<R>(request), policy, options.hooks);
  const job = await call<QueryJob>(jsonRequest('POST', '/jobs/query', { operation: 'query', query: soql }));
  let info = job;
  const deadline = Date.now() + POLL_TIMEOUT_MS;
  for (let wait = POLL_START_MS; info.state !== 'JobComplete'; wait = Math.min(POLL_MAX_MS, wait * 2)) {
    if (info.state === 'Failed' || info.state === 'Aborted' || Date.now() > deadline) return null;
    // eslint-disable-next-line no-await-in-loop
    await (options.hooks?.sleep ?? sleepMs)(wait);
    // eslint-disable-next-line no-await-in-loop
    info = await call<QueryJob>({ method: 'GET', url: `/jobs/query/${job.id}` });
  }
  const expected = info.numberRecordsProcessed ?? 0;
  if (expected === 0) return [];
  const rows = await call<T[] | string>({
    method: 'GET',
    url: `/jobs/query/${job.id}/results?maxRecords=${expected}`,
    headers: { Accept: 'text/csv' },
  });
  return Array.isArray(rows) && rows.length === expected ? rows : null;
}
