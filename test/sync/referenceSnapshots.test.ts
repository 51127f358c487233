import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { averageHalfUp, referenceSnapshots } from './referenceSnapshots.js';
import { tempDir } from '../../plugin/test/tempDirs.js';

// The oracle is trusted by the end-to-end tests, so it is checked here against numbers worked by hand.
describe('reference aggregation (test oracle)', () => {
  it('rounds averages half-up on the exact decimal', () => {
    expect(averageHalfUp(179, 40)).to.equal(4.48); // 4.475 exactly
    expect(averageHalfUp(10, 3)).to.equal(3.33); // 3.333…
    expect(averageHalfUp(20, 3)).to.equal(6.67); // 6.666…
    expect(averageHalfUp(9, 2)).to.equal(4.5);
  });

  it('sums a small hand-worked feed', () => {
    const dir = tempDir('reference-oracle-');
    const eligibility = path.join(dir, 'eligibility.csv');
    const visits = path.join(dir, 'visits.csv');
    writeFileSync(
      eligibility,
      'health_plan_id,line_of_business,period,eligible_members,registered_members\nHP-1,Medicare,2026-01,1000,300\n',
    );
    writeFileSync(
      visits,
      [
        'visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating',
        'a,HP-1,Medicare,2026-01-03,urgent_care,er,5',
        'b,HP-1,Medicare,2026-01-09,psychiatry,none,4',
        'c,HP-1,Medicare,2026-01-20,primary_care,primary_care,',
        'd,HP-1,Medicare,2026-02-01,behavioral_health,urgent_care,3',
      ].join('\n') + '\n',
    );
    // January: savings (1686 − 91) + (147 − 91) = 1651; ratings 5 and 4 → 4.5. February: 156 − 91 = 65.
    expect(referenceSnapshots(eligibility, visits)).to.deep.equal([
      {
        Snapshot_Key__c: 'HP-1|Medicare|2026-01',
        planId: 'HP-1',
        Line_Of_Business__c: 'Medicare',
        Period_Start__c: '2026-01-01',
        Eligible_Members__c: 1000,
        Registered_Members__c: 300,
        Visits__c: 3,
        Behavioral_Health_Visits__c: 1,
        Rated_Visits__c: 2,
        Average_Rating__c: 4.5,
        Cost_Savings__c: 1651,
      },
      {
        Snapshot_Key__c: 'HP-1|Medicare|2026-02',
        planId: 'HP-1',
        Line_Of_Business__c: 'Medicare',
        Period_Start__c: '2026-02-01',
        Eligible_Members__c: null,
        Registered_Members__c: null,
        Visits__c: 1,
        Behavioral_Health_Visits__c: 1,
        Rated_Visits__c: 1,
        Average_Rating__c: 3,
        Cost_Savings__c: 65,
      },
    ]);
  });
});
