/**
 * What the risk run writes to the org, field by field, for an assessment written out by hand: the
 * `Renewal_Risk_Assessment__c` record, the Account fields, and when either is left as it is.
 */
import { expect } from 'chai';
import { accountUpdate, assessmentRecord, sameAssessment } from '../../../src/core/risk/records.js';
import { updateAccounts } from '../../../src/core/risk/write.js';
import { childRecords, dateOrNull, numberOrNull, soqlString, stringOrNull } from '../../../src/core/risk/fields.js';
import { badness } from '../../../src/core/risk/model/thresholds.js';
import type { LoadedAccount } from '../../../src/core/risk/loadAccounts.js';
import type { RiskAssessment } from '../../../src/core/risk/model/index.js';
import { jsonRequest } from '../../../src/core/org/connection.js';
import { scriptedOrg } from '../org/scriptedOrg.js';

const account = (existing: LoadedAccount['existing'], current: LoadedAccount['current']): LoadedAccount =>
  ({ accountId: '001A', healthPlanId: 'HP-7', name: 'Plan 7', current, existing }) as LoadedAccount;

const assessment: RiskAssessment = {
  modelVersion: 'v3',
  asOf: '2026-11-15',
  score: 42.5,
  tier: 'High',
  renewalPercent: 61,
  change: null,
  changeByFactor: null,
  previous: null,
  drivers: [
    {
      factor: 'Utilization_Vs_Target',
      label: 'Utilization vs target',
      value: 1 / 3,
      target: 60,
      measure: 2 / 3,
      badness: 0.123_456,
      weight: 2,
      contribution: 42.5,
      sentence: 'Visits per 1,000 were 20.',
    },
  ],
  plays: [
    { factor: 'Utilization_Vs_Target', label: 'Utilization vs target', play: 'Run a campaign.' },
    { factor: 'Rating_Trend', label: 'Rating trend', play: 'Call the clinic.' },
  ],
  missing: [{ factor: 'Relationship_Health', label: 'Relationship health', reason: 'no stakeholders' }],
};

describe('assessment records', () => {
  it('writes the score, tier, renewal percent, drivers (4 decimals) and one play per line', () => {
    const record = assessmentRecord(account(null, { score: null, tier: null, scoredAt: null }), assessment)!;
    expect(record).to.deep.equal({
      Assessment_Key__c: 'HP-7|2026-11-15',
      Account__c: '001A',
      Score__c: 42.5,
      Tier__c: 'High',
      Renewal_Percent__c: 61,
      Assessed_On__c: '2026-11-15',
      Model_Version__c: 'v3',
      // 1/3 → 0.3333, 2/3 → 0.6667, 0.123456 → 0.1235; then the factor left out for lack of data.
      Drivers__c: JSON.stringify([
        {
          factor: 'Utilization_Vs_Target',
          label: 'Utilization vs target',
          value: 0.3333,
          target: 60,
          measure: 0.6667,
          badness: 0.1235,
          weight: 2,
          contribution: 42.5,
          sentence: 'Visits per 1,000 were 20.',
        },
        {
          factor: 'Relationship_Health',
          label: 'Relationship health',
          value: null,
          target: null,
          contribution: 0,
          missing: true,
          sentence: 'Not scored: no stakeholders.',
        },
      ]),
      Recommended_Actions__c: 'Utilization vs target: Run a campaign.\nRating trend: Call the clinic.',
    });
  });

  it('leaves the master-detail out of an update, and writes nothing without a score or a tier', () => {
    const existing = {
      key: 'HP-7|2026-11-15',
      score: 1,
      tier: 'Low',
      renewalPercent: 90,
      modelVersion: 'v3',
      drivers: '[]',
      recommendedActions: null,
    };
    const current = { score: null, tier: null, scoredAt: null };
    expect(assessmentRecord(account(existing, current), assessment)).not.to.have.property('Account__c');
    expect(assessmentRecord(account(null, current), { ...assessment, score: null })).to.equal(null);
    expect(assessmentRecord(account(null, current), { ...assessment, tier: null })).to.equal(null);
  });

  it('is the same assessment only when every written field is the same', () => {
    const record = assessmentRecord(account(null, { score: null, tier: null, scoredAt: null }), assessment)!;
    const existing = {
      key: record.Assessment_Key__c,
      score: record.Score__c,
      tier: record.Tier__c,
      renewalPercent: record.Renewal_Percent__c,
      modelVersion: record.Model_Version__c,
      drivers: record.Drivers__c,
      recommendedActions: record.Recommended_Actions__c,
    };
    expect(sameAssessment(existing, record)).to.equal(true);
    expect(sameAssessment(null, record)).to.equal(false);
    for (const [field, value] of Object.entries({
      score: 42.4,
      tier: 'Critical',
      renewalPercent: 60,
      modelVersion: 'v2',
      drivers: '[]',
      recommendedActions: 'Call.',
    })) {
      expect(sameAssessment({ ...existing, [field]: value }, record), field).to.equal(false);
    }
    // A blank Recommended_Actions__c reads back as null: the same as writing ''.
    const noPlays = { ...record, Recommended_Actions__c: '' };
    expect(sameAssessment({ ...existing, recommendedActions: null }, noPlays)).to.equal(true);
  });

  it('updates the Account unless it already shows this score and tier with a scored-at time', () => {
    const record = assessmentRecord(account(null, { score: null, tier: null, scoredAt: null }), assessment)!;
    const at = '2026-11-15T06:00:00.000Z';
    const update = {
      Id: '001A',
      Renewal_Risk_Score__c: 42.5,
      Renewal_Risk_Tier__c: 'High',
      Renewal_Risk_Scored_At__c: at,
    };
    expect(accountUpdate(account(null, { score: 42.5, tier: 'High', scoredAt: 'x' }), record, at)).to.equal(null);
    expect(accountUpdate(account(null, { score: 42.4, tier: 'High', scoredAt: 'x' }), record, at)).to.deep.equal(
      update,
    );
    expect(accountUpdate(account(null, { score: 42.5, tier: 'Low', scoredAt: 'x' }), record, at)).to.deep.equal(update);
    expect(accountUpdate(account(null, { score: 42.5, tier: 'High', scoredAt: null }), record, at)).to.deep.equal(
      update,
    );
  });
});

describe('Account risk field writes', () => {
  it('sends the three fields by Id with allOrNone false and reads each outcome', async () => {
    const updates = ['001A', '001B', '001C', '001D'].map((Id) => ({
      Id,
      Renewal_Risk_Score__c: 10,
      Renewal_Risk_Tier__c: 'Low',
      Renewal_Risk_Scored_At__c: '2026-11-15T06:00:00.000Z',
    }));
    const org = scriptedOrg([
      { success: true },
      { success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] },
      { success: false },
    ]);
    const outcomes = await updateAccounts(org, updates);
    const noResult = {
      ok: false,
      error: { errorCode: 'NO_RESULT', message: 'the org returned no result for this record', fields: [] },
    };
    expect(org.requests).to.deep.equal([
      jsonRequest('PATCH', '/composite/sobjects', {
        allOrNone: false,
        records: updates.map((update) => ({ attributes: { type: 'Account' }, ...update })),
      }),
    ]);
    expect(outcomes).to.deep.equal([
      { ok: true },
      { ok: false, error: { errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] } },
      // A refusal without errors, and a record the org did not answer for.
      noResult,
      noResult,
    ]);
  });

  it('gives every Account of a refused call the call’s failure', async () => {
    const denied = Object.assign(new Error('insufficient access'), { errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' });
    const update = {
      Id: '001A',
      Renewal_Risk_Score__c: 1,
      Renewal_Risk_Tier__c: 'Low',
      Renewal_Risk_Scored_At__c: 'x',
    };
    const outcomes = await updateAccounts(scriptedOrg(denied), [update, { ...update, Id: '001B' }]);
    const failure = {
      ok: false,
      error: { errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'insufficient access', fields: [] },
    };
    expect(outcomes).to.deep.equal([failure, failure]);
  });
});

describe('SOQL values and thresholds', () => {
  it('reads numbers from JSON numbers or CSV text, and nothing else', () => {
    expect([numberOrNull(12), numberOrNull('12.5'), numberOrNull('0'), numberOrNull(0)]).to.deep.equal([
      12, 12.5, 0, 0,
    ]);
    expect([numberOrNull(''), numberOrNull(null), numberOrNull(undefined), numberOrNull('n/a')]).to.deep.equal([
      null,
      null,
      null,
      null,
    ]);
    expect([stringOrNull('x'), stringOrNull(''), stringOrNull(2026), stringOrNull(null)]).to.deep.equal([
      'x',
      null,
      null,
      null,
    ]);
  });

  it('reads a date from a Date or DateTime value and nothing else, child records from a subquery', () => {
    expect(dateOrNull('2026-11-15T06:00:00.000+0000')).to.equal('2026-11-15');
    expect(dateOrNull('2026-11-15')).to.equal('2026-11-15');
    for (const value of ['15/11/2026', 'x2026-11-15', '2026-11-1', '', null, 20_261_115]) {
      expect(dateOrNull(value), String(value)).to.equal(null);
    }
    expect(childRecords({ totalSize: 1, done: true, records: [{ Id: '1' }] })).to.deep.equal([{ Id: '1' }]);
    expect(childRecords(null)).to.deep.equal([]);
    expect(childRecords({ records: 'none' })).to.deep.equal([]);
  });

  it('quotes a SOQL string, escaping backslashes and quotes', () => {
    // O'Brien\ → 'O\'Brien\\'
    expect(soqlString("O'Brien\\")).to.equal("'O\\'Brien\\\\'");
  });

  it('refuses equal good and bad thresholds, naming the value', () => {
    expect(() => badness(3, 5, 5)).to.throw(RangeError, 'The good and bad thresholds are both 5; they must differ.');
  });
});
