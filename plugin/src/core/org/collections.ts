/**
 * Upsert by external id through sObject Collections
 * (`PATCH composite/sobjects/{type}/{externalIdField}`, at most 200 records a call).
 */
import { jsonRequest, type OrgConnection } from './connection.js';
import { type RecordError, type RecordOutcome, requestFailure } from './recordResult.js';
import { withRetry, type RetryHooks, type RetryPolicy, DEFAULT_RETRY_POLICY } from './retry.js';

export const COLLECTIONS_MAX_RECORDS = 200;

type CollectionsRow = {
  success: boolean;
  errors?: Array<{ statusCode?: string; message?: string; fields?: string[] }>;
};

export type SObjectRecord = Record<string, string | number | boolean | null>;

/**
 * Upserts ≤200 records in one call (retried as a whole on transient failures — an upsert by
 * external id is safe to repeat). Outcomes come back in input order; when the call itself keeps
 * failing, every record gets that failure.
 */
export async function upsertCollection(
  conn: OrgConnection,
  sobjectType: string,
  externalIdField: string,
  records: readonly SObjectRecord[],
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  hooks: RetryHooks = {},
): Promise<RecordOutcome[]> {
  if (records.length > COLLECTIONS_MAX_RECORDS) {
    throw new Error(`sObject Collections take at most ${COLLECTIONS_MAX_RECORDS} records, got ${records.length}`);
  }
  const body = {
    allOrNone: false,
    records: records.map((record) => ({ attributes: { type: sobjectType }, ...record })),
  };
  try {
    const rows = await withRetry(
      () =>
        conn.request<CollectionsRow[]>(
          jsonRequest('PATCH', `/composite/sobjects/${sobjectType}/${externalIdField}`, body),
        ),
      policy,
      hooks,
    );
    return records.map((_, i) => toOutcome(rows[i]));
  } catch (error) {
    const failure = requestFailure(error);
    return records.map(() => ({ ok: false, error: failure }));
  }
}

function toOutcome(row: CollectionsRow | undefined): RecordOutcome {
  if (!row)
    return {
      ok: false,
      error: { errorCode: 'NO_RESULT', message: 'the org returned no result for this record', fields: [] },
    };
  if (row.success) return { ok: true };
  const first = row.errors?.[0];
  const error: RecordError = {
    errorCode: first?.statusCode ?? 'UNKNOWN_ERROR',
    message: first?.message ?? 'the org rejected the record without a reason',
    fields: first?.fields ?? [],
  };
  return { ok: false, error };
}
