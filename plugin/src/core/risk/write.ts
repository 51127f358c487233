/**
 * Writes assessments (upsert by Assessment_Key__c) and the Account risk fields (update by Id),
 * ≤200 records a call through sObject Collections. Only the three Account risk fields are sent,
 * so the rep's Renewal_Risk_Override__c is never touched.
 */
import { jsonRequest, type OrgConnection } from '../org/connection.js';
import { COLLECTIONS_MAX_RECORDS, upsertCollection } from '../org/collections.js';
import { requestFailure, type RecordOutcome } from '../org/recordResult.js';
import { withRetry } from '../org/retry.js';
import { chunk } from '../sync/batching.js';
import type { AccountRiskUpdate, AssessmentRecord } from './records.js';

export async function upsertAssessments(conn: OrgConnection, records: AssessmentRecord[]): Promise<RecordOutcome[]> {
  const outcomes: RecordOutcome[] = [];
  for (const batch of chunk(records, COLLECTIONS_MAX_RECORDS)) {
    // eslint-disable-next-line no-await-in-loop
    outcomes.push(...(await upsertCollection(conn, 'Renewal_Risk_Assessment__c', 'Assessment_Key__c', batch)));
  }
  return outcomes;
}

type CollectionsRow = {
  success: boolean;
  errors?: Array<{ statusCode?: string; message?: string; fields?: string[] }>;
};

export async function updateAccounts(conn: OrgConnection, updates: AccountRiskUpdate[]): Promise<RecordOutcome[]> {
  const outcomes: RecordOutcome[] = [];
  for (const batch of chunk(updates, COLLECTIONS_MAX_RECORDS)) {
    const body = { allOrNone: false, records: batch.map((update) => ({ attributes: { type: 'Account' }, ...update })) };
    try {
      // An update by Id sets the same values again when repeated, so retrying the whole call is safe.
      // eslint-disable-next-line no-await-in-loop
      const rows = await withRetry(() =>
        conn.request<CollectionsRow[]>(jsonRequest('PATCH', '/composite/sobjects', body)),
      );
      outcomes.push(...batch.map((_, index) => toOutcome(rows[index])));
    } catch (error) {
      const failure = requestFailure(error);
      outcomes.push(...batch.map((): RecordOutcome => ({ ok: false, error: failure })));
    }
  }
  return outcomes;
}

function toOutcome(row: CollectionsRow | undefined): RecordOutcome {
  if (row?.success) return { ok: true };
  const first = row?.errors?.[0];
  return {
    ok: false,
    error: {
      errorCode: first?.statusCode ?? 'NO_RESULT',
      message: first?.message ?? 'the org returned no result for this record',
      fields: first?.fields ?? [],
    },
  };
}
