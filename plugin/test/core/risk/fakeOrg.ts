/** An in-memory stand-in for the org's REST API: answers the risk run's queries and records its writes. */
import type { OrgConnection, OrgHttpRequest } from '../../../src/core/org/connection.js';

export type Rows = Record<string, Array<Record<string, unknown>>>;

export type FakeOrg = OrgConnection & {
  requests: OrgHttpRequest[];
  queries: string[];
  writes: Array<{ url: string; records: Array<Record<string, unknown>> }>;
};

const PAGE = 2000;

/** A row as a Bulk API CSV gives it: parent fields flattened to `Parent__r.Field`, every value text. */
function csvRow(row: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value && typeof value === 'object')
      Object.assign(flat, csvRow(value as Record<string, unknown>, `${prefix}${key}.`));
    else flat[`${prefix}${key}`] = value === null || value === undefined ? '' : `${value as string | number | boolean}`;
  }
  return flat;
}

/**
 * `rows` per sObject type; a type missing from `rows` answers INVALID_TYPE like an org without it.
 * Queries are matched by their FROM object only: filtering is the real org's job. `rejects` picks
 * the written records the org refuses.
 */
export function fakeOrg(
  rows: Rows,
  rejects: (record: Record<string, unknown>) => boolean = (): boolean => false,
): FakeOrg {
  const requests: OrgHttpRequest[] = [];
  const queries: string[] = [];
  const writes: FakeOrg['writes'] = [];
  const cursors = new Map<string, Array<Record<string, unknown>>>();
  const jobs = new Map<string, Array<Record<string, unknown>>>();
  const tableOf = (soql: string): Array<Record<string, unknown>> | undefined =>
    rows[/\)?\s+FROM\s+(\w+)\s*(WHERE|ORDER|$)/.exec(soql.replace(/\(SELECT[^)]*\)/g, ''))?.[1] ?? ''];
  const page = (records: Array<Record<string, unknown>>): Record<string, unknown> => {
    if (records.length <= PAGE) return { done: true, totalSize: records.length, records };
    const locator = `c${cursors.size}`;
    cursors.set(locator, records.slice(PAGE));
    return {
      done: false,
      totalSize: records.length,
      records: records.slice(0, PAGE),
      nextRecordsUrl: `/query/${locator}`,
    };
  };
  return {
    requests,
    queries,
    writes,
    request<T>(request: OrgHttpRequest): Promise<T> {
      requests.push(request);
      if (request.method === 'GET' && request.url.startsWith('/query/')) {
        return Promise.resolve(page(cursors.get(request.url.slice('/query/'.length)) ?? []) as T);
      }
      if (request.method === 'GET' && request.url.startsWith('/query?q=')) {
        const soql = decodeURIComponent(request.url.slice('/query?q='.length));
        queries.push(soql);
        const table = tableOf(soql);
        if (!table)
          return Promise.reject(
            Object.assign(new Error('sObject type is not supported.'), { errorCode: 'INVALID_TYPE' }),
          );
        return Promise.resolve(page(table) as T);
      }
      if (request.method === 'POST' && request.url === '/jobs/query') {
        const { query } = JSON.parse(request.body ?? '{}') as { query: string };
        const id = `750${jobs.size}`;
        jobs.set(
          id,
          (tableOf(query) ?? []).map((row) => csvRow(row)),
        );
        return Promise.resolve({ id, state: 'UploadComplete' } as T);
      }
      const job = /^\/jobs\/query\/(\w+)(\/results)?/.exec(request.url);
      if (request.method === 'GET' && job) {
        const records = jobs.get(job[1]) ?? [];
        return Promise.resolve(
          (job[2] ? records : { id: job[1], state: 'JobComplete', numberRecordsProcessed: records.length }) as T,
        );
      }
      if (request.method === 'PATCH' && request.url.startsWith('/composite/sobjects')) {
        const body = JSON.parse(request.body ?? '{}') as { records: Array<Record<string, unknown>> };
        writes.push({ url: request.url, records: body.records });
        return Promise.resolve(
          body.records.map((record) =>
            rejects(record)
              ? {
                  success: false,
                  errors: [
                    {
                      statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                      message: 'Rejected by a validation rule',
                      fields: [],
                    },
                  ],
                }
              : { success: true, errors: [] },
          ) as T,
        );
      }
      return Promise.reject(new Error(`unexpected request ${request.method} ${request.url}`));
    },
  };
}
