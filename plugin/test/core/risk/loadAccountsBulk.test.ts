/**
 * The same org data read over REST (JSON: numbers, nulls, nested parents) and as a Bulk API 2.0 query
 * (CSV: every value text, a null an empty cell, parents flattened to `Contact__r.FirstName`) must give
 * the model the same input. The CSV is written by hand as Salesforce writes query results, and parsed
 * by jsforce's own CSV reader, as the connection does for a `text/csv` answer.
 */
import { expect } from 'chai';
import { parseCSV } from '@jsforce/jsforce-node/lib/csv.js';
import { loadAccounts } from '../../../src/core/risk/loadAccounts.js';
import type { RiskReader } from '../../../src/core/risk/reader.js';

type Tables = Record<string, unknown[]>;

/** A reader answering each query with the rows of its FROM object. */
function readerOf(tables: Tables): RiskReader {
  const query = <T>(soql: string): Promise<T[]> => {
    const from = /\bFROM (\w+) WHERE/.exec(soql.replace(/\(SELECT[^)]*\)/g, ''))?.[1] ?? '';
    return Promise.resolve((tables[from] ?? []) as T[]);
  };
  return { queries: 0, bulkQueries: 0, query, queryOptional: query };
}

const account = {
  Id: '001A',
  Name: 'Plan A',
  Health_Plan_Id__c: 'HP-1',
  Renewal_Date__c: '2027-06-30',
  Renewal_Risk_Score__c: null,
  Renewal_Risk_Tier__c: null,
  Renewal_Risk_Scored_At__c: null,
  Renewal_Risk_Assessments__r: null,
};

const rest: Tables = {
  Account: [account],
  Contract: [
    {
      AccountId: '001A',
      Line_Of_Business__c: 'Commercial',
      StartDate: '2026-01-01',
      EndDate: '2027-06-30',
      Covered_Lives__c: 10_000,
      PMPM_Fee__c: 0.5,
      Per_Visit_Fee__c: null,
    },
  ],
  Plan_Stakeholder__c: [
    {
      Account__c: '001A',
      Contact__r: { FirstName: 'Avery', LastName: 'Stone, Jr.' },
      Role__c: 'VP, Benefits',
      Influence__c: 'High',
      Sentiment__c: 'Champion',
      Last_Engagement_Date__c: '2026-11-05',
    },
    {
      Account__c: '001A',
      Contact__r: null,
      Role__c: null,
      Influence__c: 'Low',
      Sentiment__c: 'Skeptic',
      Last_Engagement_Date__c: null,
    },
  ],
  Utilization_Snapshot__c: [
    {
      Account__c: '001A',
      Line_Of_Business__c: 'Commercial',
      Period_Start__c: '2026-10-01',
      Eligible_Members__c: 12_000,
      Registered_Members__c: 2400,
      Visits__c: 60,
      Cost_Savings__c: 25_000.5,
      Average_Rating__c: 4.7,
      Rated_Visits__c: null,
      Savings_Assumption_Set__c: 'Study "B", 2026',
    },
    {
      Account__c: '001A',
      Line_Of_Business__c: 'Commercial',
      Period_Start__c: '2026-11-01',
      Eligible_Members__c: 12_000,
      Registered_Members__c: 0,
      Visits__c: 0,
      Cost_Savings__c: 0,
      Average_Rating__c: null,
      Rated_Visits__c: 0,
      Savings_Assumption_Set__c: null,
    },
  ],
};

const bulk: Tables = {
  Account: [account],
  Contract: parseCSV(
    '"AccountId","Line_Of_Business__c","StartDate","EndDate","Covered_Lives__c","PMPM_Fee__c","Per_Visit_Fee__c"\n' +
      '"001A","Commercial","2026-01-01","2027-06-30","10000","0.5",""\n',
  ),
  Plan_Stakeholder__c: parseCSV(
    '"Account__c","Contact__r.FirstName","Contact__r.LastName","Role__c","Influence__c","Sentiment__c","Last_Engagement_Date__c"\n' +
      '"001A","Avery","Stone, Jr.","VP, Benefits","High","Champion","2026-11-05"\n' +
      '"001A","","","","Low","Skeptic",""\n',
  ),
  Utilization_Snapshot__c: parseCSV(
    '"Account__c","Line_Of_Business__c","Period_Start__c","Eligible_Members__c","Registered_Members__c","Visits__c","Cost_Savings__c","Average_Rating__c","Rated_Visits__c","Savings_Assumption_Set__c"\n' +
      '"001A","Commercial","2026-10-01","12000","2400","60","25000.5","4.7","","Study ""B"", 2026"\n' +
      '"001A","Commercial","2026-11-01","12000","0","0","0","","0",""\n',
  ),
};

describe('risk input from REST and from a Bulk API CSV', () => {
  it('is the same, value for value, whichever way the rows were read', async () => {
    const options = { asOf: '2026-11-30' };
    const [fromRest] = await loadAccounts(readerOf(rest), options);
    const [fromBulk] = await loadAccounts(readerOf(bulk), options);
    // The expected input, written out from the rows above: numbers as numbers, empty cells as null,
    // zero kept as zero, the quoted comma and doubled quotes read back.
    const expected = {
      contracts: [
        {
          lineOfBusiness: 'Commercial',
          startDate: '2026-01-01',
          endDate: '2027-06-30',
          coveredLives: 10_000,
          pmpmFee: 0.5,
          perVisitFee: null,
        },
      ],
      stakeholders: [
        {
          name: 'Avery Stone, Jr.',
          role: 'VP, Benefits',
          influence: 'High',
          sentiment: 'Champion',
          lastEngagementDate: '2026-11-05',
        },
        { name: 'Unnamed contact', role: null, influence: 'Low', sentiment: 'Skeptic', lastEngagementDate: null },
      ],
      snapshots: [
        {
          lineOfBusiness: 'Commercial',
          periodStart: '2026-10-01',
          eligibleMembers: 12_000,
          registeredMembers: 2400,
          visits: 60,
          costSavings: 25_000.5,
          averageRating: 4.7,
          ratedVisits: null,
        },
        {
          lineOfBusiness: 'Commercial',
          periodStart: '2026-11-01',
          eligibleMembers: 12_000,
          registeredMembers: 0,
          visits: 0,
          costSavings: 0,
          averageRating: null,
          ratedVisits: 0,
        },
      ],
    };
    expect(fromBulk.input).to.deep.include(expected);
    expect(fromBulk.savingsAssumptionSets).to.deep.equal(['Study "B", 2026']);
    expect(fromBulk).to.deep.equal(fromRest);
  });
});
