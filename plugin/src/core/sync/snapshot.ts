/**
 * A Utilization_Snapshot__c as the sync computes it: deterministic key, the field values, and a
 * content hash of those values so an unchanged snapshot is never written twice.
 */
import { createHash } from 'node:crypto';

export type SnapshotValues = {
  Line_Of_Business__c: string;
  Period_Start__c: string;
  Eligible_Members__c: number | null;
  Registered_Members__c: number | null;
  Visits__c: number;
  Behavioral_Health_Visits__c: number;
  Rated_Visits__c: number;
  Average_Rating__c: number | null;
  Cost_Savings__c: number;
  /** The assumptions that produced Cost_Savings__c (`assumptionSetOf`); set by the run. */
  Savings_Assumption_Set__c?: string;
};

export type Snapshot = {
  key: string;
  planId: string;
  values: SnapshotValues;
  hash: string;
};

/**
 * The value fields of a snapshot, in the order they are hashed; changing it changes every hash (and rewrites
 * every row once).
 */
export const SNAPSHOT_VALUE_FIELDS: ReadonlyArray<keyof SnapshotValues> = [
  'Line_Of_Business__c',
  'Period_Start__c',
  'Eligible_Members__c',
  'Registered_Members__c',
  'Visits__c',
  'Behavioral_Health_Visits__c',
  'Rated_Visits__c',
  'Average_Rating__c',
  'Cost_Savings__c',
  'Savings_Assumption_Set__c',
];

export const HASH_LENGTH = 32;

/** `PLANID|LOB|YYYY-MM`, the Snapshot_Key__c external id. */
export function snapshotKey(planId: string, lineOfBusiness: string, month: string): string {
  return `${planId}|${lineOfBusiness}|${month}`;
}

/** First 128 bits of SHA-256 over the key and the values in a fixed order, as hex. */
export function contentHash(key: string, values: SnapshotValues): string {
  const canonical = JSON.stringify([key, ...SNAPSHOT_VALUE_FIELDS.map((field) => values[field])]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, HASH_LENGTH);
}

export function makeSnapshot(planId: string, key: string, values: SnapshotValues): Snapshot {
  return { key, planId, values, hash: contentHash(key, values) };
}
