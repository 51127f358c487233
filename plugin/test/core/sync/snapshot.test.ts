import { expect } from 'chai';
import {
  contentHash,
  HASH_LENGTH,
  makeSnapshot,
  snapshotKey,
  type SnapshotValues,
} from '../../../src/core/sync/snapshot.js';
import { diffSnapshots } from '../../../src/core/sync/diff.js';

const values: SnapshotValues = {
  Line_Of_Business__c: 'Medicare',
  Period_Start__c: '2024-03-01',
  Eligible_Members__c: 100,
  Registered_Members__c: 40,
  Visits__c: 12,
  Behavioral_Health_Visits__c: 3,
  Rated_Visits__c: 5,
  Average_Rating__c: 4.2,
  Cost_Savings__c: 1234.5,
};

describe('snapshot key and content hash', () => {
  it('builds the key PLANID|LOB|YYYY-MM', () => {
    expect(snapshotKey('HP-7', 'Medicaid', '2025-11')).to.equal('HP-7|Medicaid|2025-11');
  });

  it('hashes the same values to the same hash, whatever the property order', () => {
    const reordered = Object.fromEntries(Object.entries(values).reverse()) as SnapshotValues;
    expect(contentHash('k', reordered)).to.equal(contentHash('k', values));
    expect(contentHash('k', values)).to.match(new RegExp(`^[0-9a-f]{${HASH_LENGTH}}$`));
  });

  it('changes the hash when any value or the key changes', () => {
    const base = contentHash('k', values);
    for (const field of Object.keys(values) as Array<keyof SnapshotValues>) {
      const changed = {
        ...values,
        [field]: field.endsWith('__c') && typeof values[field] === 'number' ? Number(values[field]) + 1 : 'x',
      };
      expect(contentHash('k', changed as SnapshotValues), field).to.not.equal(base);
    }
    expect(contentHash('k', { ...values, Average_Rating__c: null })).to.not.equal(base);
    expect(contentHash('other', values)).to.not.equal(base);
  });

  it('diffs computed snapshots against the org by hash', () => {
    const a = makeSnapshot('HP1', 'HP1|Medicare|2024-01', values);
    const b = makeSnapshot('HP1', 'HP1|Medicare|2024-02', values);
    const c = makeSnapshot('HP1', 'HP1|Medicare|2024-03', values);
    const existing = new Map<string, string | null>([
      [a.key, a.hash],
      [b.key, 'stale'],
      ['HP9|Medicare|2020-01', 'elsewhere'],
    ]);
    const diff = diffSnapshots([a, b, c], existing);
    expect(diff.unchanged).to.equal(1);
    expect(diff.changed.map((s) => s.key)).to.deep.equal([b.key, c.key]);
  });
});
