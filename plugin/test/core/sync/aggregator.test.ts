import { expect } from 'chai';
import { SnapshotAggregator } from '../../../src/core/sync/aggregator.js';
import { DEFAULT_ASSUMPTIONS, costSavingsFor } from '../../../src/core/sync/assumptions.js';
import type { VisitRow } from '../../../src/core/sync/rowSchemas.js';

const visit = (change: Partial<VisitRow>): VisitRow => ({
  visit_id: 'x',
  health_plan_id: 'HP1',
  line_of_business: 'Medicare',
  visit_date: '2024-03-15',
  service_line: 'urgent_care',
  diverted_from: '',
  rating: undefined,
  ...change,
});

describe('snapshot aggregator', () => {
  it('sums visits per plan × line of business × month and joins eligibility', () => {
    const aggregator = new SnapshotAggregator();
    aggregator.addVisit(visit({ service_line: 'behavioral_health', rating: 4, diverted_from: 'er' }));
    aggregator.addVisit(visit({ service_line: 'psychiatry', rating: 5, diverted_from: 'urgent_care' }));
    aggregator.addVisit(visit({ diverted_from: 'primary_care' }));
    aggregator.addVisit(visit({ diverted_from: 'none', rating: 2 }));
    aggregator.addVisit(visit({ visit_date: '2024-04-01' }));
    aggregator.addVisit(visit({ line_of_business: 'Medicaid' }));
    expect(
      aggregator.addEligibility(
        {
          health_plan_id: 'HP1',
          line_of_business: 'Medicare',
          period: '2024-03',
          eligible_members: 900,
          registered_members: 300,
        },
        2,
      ),
    ).to.equal(undefined);

    const snapshots = aggregator.snapshots(DEFAULT_ASSUMPTIONS);
    expect(snapshots.map((s) => s.key)).to.deep.equal([
      'HP1|Medicaid|2024-03',
      'HP1|Medicare|2024-03',
      'HP1|Medicare|2024-04',
    ]);
    const march = snapshots[1];
    expect(march.planId).to.equal('HP1');
    expect(march.values).to.deep.equal({
      Line_Of_Business__c: 'Medicare',
      Period_Start__c: '2024-03-01',
      Eligible_Members__c: 900,
      Registered_Members__c: 300,
      Visits__c: 4,
      Behavioral_Health_Visits__c: 2,
      Rated_Visits__c: 3,
      Average_Rating__c: 3.67,
      // (1686 − 91) + (156 − 91) + (147 − 91); 'none' and empty count nothing
      Cost_Savings__c: 1595 + 65 + 56,
    });
    expect(snapshots[2].values).to.include({
      Eligible_Members__c: null,
      Registered_Members__c: null,
      Visits__c: 1,
      Average_Rating__c: null,
    });
  });

  it('rounds the average rating half-up on its exact value', () => {
    const aggregator = new SnapshotAggregator();
    // 19 fives and 21 fours: 95 + 84 = 179 over 40 ratings = 4.475, which rounds half-up to 4.48.
    for (let i = 0; i < 19; i++) aggregator.addVisit(visit({ rating: 5 }));
    for (let i = 0; i < 21; i++) aggregator.addVisit(visit({ rating: 4 }));
    const [snapshot] = aggregator.snapshots(DEFAULT_ASSUMPTIONS);
    expect(snapshot.values.Rated_Visits__c).to.equal(40);
    expect(snapshot.values.Average_Rating__c).to.equal(4.48);
  });

  it('computes cost savings on exact cents, rounding half-up', () => {
    const assumptions = {
      ...DEFAULT_ASSUMPTIONS,
      erVisitCost: 92.335,
      urgentCareVisitCost: 93.001,
      primaryCareVisitCost: 91,
      telehealthVisitCost: 91,
    };
    // 3 × (92.335 − 91) = 4.005 → 4.01; in doubles 3 × 1.33499999… = 4.00499999… and Math.round gave 4.
    expect(costSavingsFor(assumptions)({ er: 3, urgentCare: 0, primaryCare: 0 })).to.equal(4.01);
    // 5 × (93.001 − 91) = 10.005 → 10.01.
    expect(costSavingsFor(assumptions)({ er: 0, urgentCare: 5, primaryCare: 0 })).to.equal(10.01);
    // 3 × 1.335 + 5 × 2.001 = 4.005 + 10.005 = 14.01 exactly.
    expect(costSavingsFor(assumptions)({ er: 3, urgentCare: 5, primaryCare: 7 })).to.equal(14.01);
  });

  it('keeps a month with eligibility and no visits, with zero visits', () => {
    const aggregator = new SnapshotAggregator();
    aggregator.addEligibility(
      {
        health_plan_id: 'HP2',
        line_of_business: 'Exchange',
        period: '2024-01',
        eligible_members: 10,
        registered_members: 1,
      },
      2,
    );
    const [snapshot] = aggregator.snapshots(DEFAULT_ASSUMPTIONS);
    expect(snapshot.values).to.include({ Visits__c: 0, Cost_Savings__c: 0, Eligible_Members__c: 10 });
  });

  it('keeps one eligibility row per key, the one with the fewest eligible then registered members', () => {
    const aggregator = new SnapshotAggregator();
    const row = {
      health_plan_id: 'HP2',
      line_of_business: 'Exchange' as const,
      period: '2024-01',
      eligible_members: 10,
      registered_members: 4,
    };
    const kept = (): unknown => aggregator.snapshots(DEFAULT_ASSUMPTIONS)[0].values;
    expect(aggregator.addEligibility(row, 2)).to.equal(undefined);
    // More eligible members: the new row (line 3) is not used, whatever its order in the file.
    expect(aggregator.addEligibility({ ...row, eligible_members: 99 }, 3)).to.equal(3);
    // Same eligible, fewer registered: the new row (line 4) replaces the one from line 2.
    expect(aggregator.addEligibility({ ...row, registered_members: 1 }, 4)).to.equal(2);
    // Equal in both: the one read first stays.
    expect(aggregator.addEligibility({ ...row, registered_members: 1 }, 5)).to.equal(5);
    expect(kept()).to.include({ Eligible_Members__c: 10, Registered_Members__c: 1 });
  });

  it('rounds the average rating half up to the cent, exactly', () => {
    const aggregator = new SnapshotAggregator();
    // 179 / 40 = 4.475 exactly, which a binary double holds as 4.47499…; half up gives 4.48.
    // 39 ratings: 20 × 5 + 19 × 4 = 176, plus one rating of 3 → 179 over 40 visits.
    for (let i = 0; i < 40; i++) aggregator.addVisit(visit({ rating: i < 20 ? 5 : i < 39 ? 4 : 3 }));
    expect(aggregator.snapshots(DEFAULT_ASSUMPTIONS)[0].values.Average_Rating__c).to.equal(4.48);
  });

  it('takes a visit back without leaving an empty snapshot', () => {
    const aggregator = new SnapshotAggregator();
    const early = visit({ visit_date: '2024-02-01', rating: 5, diverted_from: 'er' });
    aggregator.addVisit(visit({ rating: 3 }));
    aggregator.addVisit(early);
    aggregator.removeVisit(early);
    const snapshots = aggregator.snapshots(DEFAULT_ASSUMPTIONS);
    expect(snapshots.map((s) => s.key)).to.deep.equal(['HP1|Medicare|2024-03']);
    expect(snapshots[0].values).to.include({
      Visits__c: 1,
      Rated_Visits__c: 1,
      Average_Rating__c: 3,
      Cost_Savings__c: 0,
    });
  });

  it('holds one entry per key however many rows come in', () => {
    const aggregator = new SnapshotAggregator();
    for (let i = 0; i < 10_000; i++) aggregator.addVisit(visit({ visit_date: `2024-0${1 + (i % 3)}-10` }));
    expect(aggregator.keyCount).to.equal(3);
  });

  it('computes savings from overridden assumptions', () => {
    const assumptions = { ...DEFAULT_ASSUMPTIONS, erVisitCost: 1000, telehealthVisitCost: 100 };
    expect(costSavingsFor(assumptions)({ er: 2, urgentCare: 1, primaryCare: 0 })).to.equal(2 * 900 + 56);
  });
  it('keeps every month apart, across decades, centuries and the year 0', () => {
    const aggregator = new SnapshotAggregator();
    // Months that a wrong place value in the month key would merge: 2024-01 / 2024-10 (month digits),
    // 2019-12 / 2020-01 / 2024-01 / 2124-01 / 3024-01 (year digits), 0000-01 (lowest year a date may
    // name). Month n of the list gets n + 1 visits, so each count says which month it came from.
    const months = ['0000-01', '2019-12', '2020-01', '2024-01', '2024-10', '2024-11', '2124-01', '3024-01'];
    months.forEach((month, n) => {
      for (let i = 0; i <= n; i++) aggregator.addVisit(visit({ visit_date: `${month}-0${1 + (i % 9)}` }));
    });
    expect(aggregator.keyCount).to.equal(8);
    const snapshots = aggregator.snapshots(DEFAULT_ASSUMPTIONS);
    expect(snapshots.map((s) => [s.values.Period_Start__c, s.values.Visits__c])).to.deep.equal([
      ['0000-01-01', 1],
      ['2019-12-01', 2],
      ['2020-01-01', 3],
      ['2024-01-01', 4],
      ['2024-10-01', 5],
      ['2024-11-01', 6],
      ['2124-01-01', 7],
      ['3024-01-01', 8],
    ]);
  });

  it('gives the snapshots sorted by key, whatever order the plans came in', () => {
    const aggregator = new SnapshotAggregator();
    // 200 plans P000…P199 arriving in the order 0, 73, 146, 19, 92, … (i × 73 mod 200, which meets each number
    // once, as 73 and 200 are coprime).
    for (let i = 0; i < 200; i++) {
      aggregator.addVisit(visit({ health_plan_id: `P${String((i * 73) % 200).padStart(3, '0')}` }));
    }
    const expected = Array.from({ length: 200 }, (unused, n) => `P${String(n).padStart(3, '0')}|Medicare|2024-03`);
    expect(aggregator.snapshots(DEFAULT_ASSUMPTIONS).map((s) => s.key)).to.deep.equal(expected);
  });
});
