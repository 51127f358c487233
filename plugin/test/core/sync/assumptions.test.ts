import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  AssumptionsError,
  assumptionSetOf,
  costSavingsFor,
  DEFAULT_ASSUMPTIONS,
  loadOrgAssumptions,
  resolveAssumptions,
} from '../../../src/core/sync/assumptions.js';
import { SnapshotAggregator } from '../../../src/core/sync/aggregator.js';
import { makeSnapshot } from '../../../src/core/sync/snapshot.js';
import { routedOrg, type ScriptedOrg } from '../org/scriptedOrg.js';
import { tempDir } from '../../tempDirs.js';

/** An org whose Savings_Assumption__mdt query answers `records` (or fails with `error`). */
const orgWithSets = (records: Array<Record<string, unknown>>, error?: Error): ScriptedOrg =>
  routedOrg(() => error ?? { totalSize: records.length, done: true, records });

const set = (name: string, effective: unknown, er = 1500): Record<string, unknown> => ({
  DeveloperName: name,
  ER_Visit_Cost__c: er,
  Urgent_Care_Visit_Cost__c: 150,
  Primary_Care_Visit_Cost__c: 140,
  Telehealth_Visit_Cost__c: 100,
  Source__c: `study ${name}`,
  Effective_Date__c: effective,
});

describe('savings assumptions from the org', () => {
  const today = '2026-03-15';

  it('asks for the Active sets only, with every figure', async () => {
    const org = orgWithSets([]);
    await loadOrgAssumptions(org, today);
    expect(decodeURIComponent(org.requests[0].url)).to.equal(
      '/query?q=SELECT DeveloperName, ER_Visit_Cost__c, Urgent_Care_Visit_Cost__c, Primary_Care_Visit_Cost__c, ' +
        'Telehealth_Visit_Cost__c, Source__c, Effective_Date__c FROM Savings_Assumption__mdt WHERE Active__c = true',
    );
  });

  it('takes the set effective latest on or before the day, today included', async () => {
    const org = orgWithSets([
      set('Older', '2026-01-01', 1),
      set('Today', '2026-03-15', 2),
      set('Tomorrow', '2026-03-16', 3),
      set('Undated', null, 4),
    ]);
    expect(await loadOrgAssumptions(org, today)).to.deep.equal({
      erVisitCost: 2,
      urgentCareVisitCost: 150,
      primaryCareVisitCost: 140,
      telehealthVisitCost: 100,
      source: 'study Today',
      set: 'Today',
      origin: 'org',
    });
  });

  it('breaks a tie on the date by name, and takes an undated set only when no dated one applies', async () => {
    const tie = orgWithSets([set('Zeta', '2026-01-01', 1), set('Alpha', '2026-01-01', 2), set('Undated', null, 3)]);
    expect(await loadOrgAssumptions(tie, today)).to.include({ set: 'Alpha', erVisitCost: 2 });
    const undated = orgWithSets([set('Later', '2027-01-01', 1), set('Undated', undefined, 3)]);
    expect(await loadOrgAssumptions(undated, today)).to.include({ set: 'Undated', erVisitCost: 3 });
  });

  it('has none when no set is effective yet, or the org lacks the type; other failures are errors', async () => {
    expect(await loadOrgAssumptions(orgWithSets([set('Later', '2026-03-16')]), today)).to.equal(null);
    const noType = Object.assign(new Error("sObject type 'Savings_Assumption__mdt' is not supported"), {
      errorCode: 'INVALID_TYPE',
    });
    expect(await loadOrgAssumptions(orgWithSets([], noType), today)).to.equal(null);
    const denied = Object.assign(new Error('no access'), { errorCode: 'INSUFFICIENT_ACCESS' });
    expect(await loadOrgAssumptions(orgWithSets([], denied), today).catch((e: unknown) => e)).to.equal(denied);
  });

  it('names the record and the org field of a figure that is missing or out of range', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['ER_Visit_Cost__c', -1, 'ER_Visit_Cost__c'],
      ['Urgent_Care_Visit_Cost__c', null, 'Urgent_Care_Visit_Cost__c'],
      ['Primary_Care_Visit_Cost__c', 2_000_000, 'Primary_Care_Visit_Cost__c'],
      ['Telehealth_Visit_Cost__c', '91', 'Telehealth_Visit_Cost__c'],
      ['Source__c', '', 'Source__c'],
    ];
    for (const [field, value, named] of cases) {
      const org = orgWithSets([{ ...set('Broken', '2026-01-01'), [field]: value }]);
      // eslint-disable-next-line no-await-in-loop
      const error = await loadOrgAssumptions(org, today).catch((e: unknown) => e);
      expect(error, field).to.be.instanceOf(AssumptionsError);
      expect(error, field).to.include({ file: 'Savings_Assumption__mdt.Broken', field: named });
    }
  });

  it("falls back to the shipped defaults, by name, when the org has no set; a file overrides the org's set", async () => {
    expect(await resolveAssumptions(orgWithSets([]), today)).to.deep.equal({
      ...DEFAULT_ASSUMPTIONS,
      set: 'Public_2024_Averages',
      origin: 'defaults',
    });
    const dir = tempDir('assumptions-');
    const file = join(dir, 'plan-costs.json');
    await writeFile(file, JSON.stringify({ telehealthVisitCost: 80 }));
    expect(await resolveAssumptions(orgWithSets([set('Claims', '2026-01-01')]), today, file)).to.deep.equal({
      erVisitCost: 1500,
      urgentCareVisitCost: 150,
      primaryCareVisitCost: 140,
      telehealthVisitCost: 80,
      source: `${file} (overrides: study Claims)`,
      set: 'file:plan-costs.json',
      origin: 'file',
    });
  });
});

describe('savings recorded on snapshots', () => {
  it('records the set on every snapshot and hashes it with the other values', () => {
    const used = {
      ...DEFAULT_ASSUMPTIONS,
      erVisitCost: 2000,
      set: 'file:a.json',
      origin: 'file' as const,
      source: 'mine',
    };
    // Name, then ER, urgent care, primary care and telehealth costs, then the source, split by "|".
    expect(assumptionSetOf(used)).to.equal('file:a.json|2000|156|147|91|mine');
    const aggregator = new SnapshotAggregator();
    // 3 visits, 1 diverted from the ER: 2000 − 91 = 1909 saved.
    aggregator.addVisitCounts('HP-1', 'Medicare', '2024-01', Float64Array.of(3, 0, 0, 0, 1, 0, 0), 0);
    const [plain] = aggregator.snapshots(used);
    const [recorded] = aggregator.snapshots(used, assumptionSetOf(used));
    expect(plain.values).to.not.have.property('Savings_Assumption_Set__c');
    expect(recorded.values).to.deep.equal({
      ...plain.values,
      Savings_Assumption_Set__c: 'file:a.json|2000|156|147|91|mine',
    });
    expect(recorded).to.include({ key: 'HP-1|Medicare|2024-01', planId: 'HP-1' });
    expect(recorded.values.Cost_Savings__c).to.equal(1909);
    expect(recorded.hash)
      .to.equal(makeSnapshot('HP-1', plain.key, recorded.values).hash)
      .and.not.equal(plain.hash);
  });

  it('counts a cost below the telehealth visit as a loss, to the cent', () => {
    // 1 primary care × (80.10 − 91) = −10.90; 2 urgent care × (156 − 91) = 130 → 119.10.
    const cheap = { ...DEFAULT_ASSUMPTIONS, primaryCareVisitCost: 80.1 };
    expect(costSavingsFor(cheap)({ er: 0, urgentCare: 2, primaryCare: 1 })).to.equal(119.1);
    // Half a cent rounds up: 3 × (0.005 − 0) = 0.015 → 0.02.
    const tiny = { ...DEFAULT_ASSUMPTIONS, erVisitCost: 0.005, telehealthVisitCost: 0 };
    expect(costSavingsFor(tiny)({ er: 3, urgentCare: 0, primaryCare: 0 })).to.equal(0.02);
  });
});
