import { expect } from 'chai';
import { checkSnapshotRow, snapshotRowKey, snapshotRowValues } from '../../../src/core/sync/snapshotRows.js';

const row = (change: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  health_plan_id: 'HP-1',
  line_of_business: 'Medicare',
  period: '2024-03',
  eligible_members: '1000',
  registered_members: '120',
  visits: '40',
  behavioral_health_visits: '6',
  rated_visits: '40',
  average_rating: '4.48',
  cost_savings: '-12.5',
  ...change,
});

const issueOf = (values: Record<string, string | undefined>): [string, string] | undefined => {
  const check = checkSnapshotRow(values);
  return check.ok ? undefined : [check.issue.field, check.issue.reason];
};

describe('snapshot rows (sync --snapshots)', () => {
  it('turns a valid row into the snapshot values the sync writes', () => {
    const check = checkSnapshotRow(row({ health_plan_id: ' HP-1 ' }));
    expect(check.ok).to.equal(true);
    if (!check.ok) return;
    expect(snapshotRowKey(check.value)).to.equal('HP-1|Medicare|2024-03');
    expect(snapshotRowValues(check.value)).to.deep.equal({
      Line_Of_Business__c: 'Medicare',
      Period_Start__c: '2024-03-01',
      Eligible_Members__c: 1000,
      Registered_Members__c: 120,
      Visits__c: 40,
      Behavioral_Health_Visits__c: 6,
      Rated_Visits__c: 40,
      Average_Rating__c: 4.48,
      Cost_Savings__c: -12.5,
    });
  });

  it('takes blank eligibility as not known', () => {
    const check = checkSnapshotRow(row({ eligible_members: ' ', registered_members: '  ' }));
    expect(check.ok && snapshotRowValues(check.value)).to.include({
      Eligible_Members__c: null,
      Registered_Members__c: null,
    });
  });

  it('takes empty eligibility and rating as not known', () => {
    const check = checkSnapshotRow(
      row({ eligible_members: '', registered_members: undefined, rated_visits: '0', average_rating: '' }),
    );
    expect(check.ok && snapshotRowValues(check.value)).to.include({
      Eligible_Members__c: null,
      Registered_Members__c: null,
      Average_Rating__c: null,
    });
  });

  it('rejects each broken rule by its field', () => {
    expect(issueOf(row({ line_of_business: 'Dental' }))?.[0]).to.equal('line_of_business');
    expect(issueOf(row({ period: '2024-13' }))?.[0]).to.equal('period');
    expect(issueOf(row({ visits: '-1' }))?.[0]).to.equal('visits');
    expect(issueOf(row({ visits: '1.5' }))?.[0]).to.equal('visits');
    expect(issueOf(row({ average_rating: '4.475' }))?.[0]).to.equal('average_rating');
    expect(issueOf(row({ average_rating: '5.01' }))?.[0]).to.equal('average_rating');
    expect(issueOf(row({ average_rating: '0.5' }))?.[0]).to.equal('average_rating');
    expect(issueOf(row({ cost_savings: '1e3' }))?.[0]).to.equal('cost_savings');
    expect(issueOf(row({ cost_savings: '' }))?.[0]).to.equal('cost_savings');
    expect(issueOf(row({ registered_members: '1001' }))).to.deep.equal([
      'registered_members',
      'registered_members is greater than eligible_members',
    ]);
    expect(issueOf(row({ registered_members: '' }))?.[0]).to.equal('registered_members');
    expect(issueOf(row({ behavioral_health_visits: '41' }))?.[0]).to.equal('behavioral_health_visits');
    expect(issueOf(row({ rated_visits: '41' }))?.[0]).to.equal('rated_visits');
    expect(issueOf(row({ rated_visits: '0' }))?.[0]).to.equal('average_rating');
    expect(issueOf(row({ average_rating: '' }))?.[0]).to.equal('average_rating');
  });

  it('gives each refused value the rule it breaks, not a generic "Invalid input"', () => {
    const reasons: Array<[Record<string, string | undefined>, string, string]> = [
      [{ eligible_members: '1.5' }, 'eligible_members', 'eligible_members must be a whole number written in digits'],
      [{ eligible_members: '-1' }, 'eligible_members', 'eligible_members must not be negative'],
      [
        { registered_members: 'x' },
        'registered_members',
        'registered_members must be a whole number written in digits',
      ],
      [{ average_rating: '6' }, 'average_rating', 'average_rating must be from 1 to 5'],
      [{ average_rating: '12' }, 'average_rating', 'average_rating must be from 1 to 5'],
      [{ average_rating: '0.99' }, 'average_rating', 'average_rating must be from 1 to 5'],
      [{ average_rating: '5.01' }, 'average_rating', 'average_rating must be from 1 to 5'],
      [{ average_rating: '4.5.1' }, 'average_rating', 'average_rating must be a number with at most 2 decimal places'],
      [{ cost_savings: '1.234' }, 'cost_savings', 'cost_savings must be a number with at most 2 decimal places'],
      [{ cost_savings: '.5' }, 'cost_savings', 'cost_savings must be a number with at most 2 decimal places'],
      [{ cost_savings: '' }, 'cost_savings', 'cost_savings is empty'],
      [{ period: '2024-3' }, 'period', 'period must be a month as YYYY-MM'],
      [{ period: '1699-12' }, 'period', 'period must be from 1700-01 to 4000-12, the months Salesforce stores'],
      [{ period: '4001-01' }, 'period', 'period must be from 1700-01 to 4000-12, the months Salesforce stores'],
      [{ period: ' ' }, 'period', 'period is empty'],
      [{ visits: undefined }, 'visits', 'visits is missing'],
      [
        { savings_assumption_set: 'x'.repeat(256) },
        'savings_assumption_set',
        'savings_assumption_set is longer than its field (255 characters)',
      ],
      [
        { eligible_members: '' },
        'registered_members',
        'eligible_members and registered_members must both be set or both be empty',
      ],
      [
        { behavioral_health_visits: '41' },
        'behavioral_health_visits',
        'behavioral_health_visits is greater than visits',
      ],
      [{ rated_visits: '41' }, 'rated_visits', 'rated_visits is greater than visits'],
      [{ rated_visits: '0' }, 'average_rating', 'average_rating must be empty exactly when rated_visits is 0'],
    ];
    for (const [change, field, reason] of reasons) {
      expect(issueOf(row(change)), JSON.stringify(change)).to.deep.equal([field, reason]);
    }
  });

  it('takes each limit itself: as many registered as eligible, every visit behavioral or rated, ratings 1 and 5', () => {
    for (const change of [
      { registered_members: '1000' },
      { behavioral_health_visits: '40', rated_visits: '40' },
      { average_rating: '1' },
      { average_rating: '5.00' },
      { average_rating: ' 4.5 ', cost_savings: ' -0.5 ' },
      { cost_savings: '9999999999999999.99' },
    ]) {
      expect(issueOf(row(change)), JSON.stringify(change)).to.equal(undefined);
    }
    const check = checkSnapshotRow(row({ average_rating: ' 4.5 ', cost_savings: ' -0.5 ' }));
    expect(check.ok && snapshotRowValues(check.value)).to.include({ Average_Rating__c: 4.5, Cost_Savings__c: -0.5 });
  });

  it('records the savings set a row names, trimmed, and none when it names none', () => {
    const named = checkSnapshotRow(row({ savings_assumption_set: '  Claims_2026|1500|150|140|100|study  ' }));
    expect(named.ok && snapshotRowValues(named.value).Savings_Assumption_Set__c).to.equal(
      'Claims_2026|1500|150|140|100|study',
    );
    for (const unnamed of [undefined, '', '   ']) {
      const check = checkSnapshotRow(row({ savings_assumption_set: unnamed }));
      expect(check.ok && Object.keys(snapshotRowValues(check.value))).not.to.include('Savings_Assumption_Set__c');
    }
  });
});
