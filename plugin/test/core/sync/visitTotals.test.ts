import { expect } from 'chai';
import { SnapshotAggregator } from '../../../src/core/sync/aggregator.js';
import { DEFAULT_ASSUMPTIONS } from '../../../src/core/sync/assumptions.js';
import { LINES_OF_BUSINESS, type VisitRow } from '../../../src/core/sync/rowSchemas.js';
import { BEHAVIORAL, DIVERTED, RATED, RATING_SUM, VISITS, VisitTotals } from '../../../src/core/sync/visitTotals.js';

const PLANS = ['HP-0', 'HP-1', 'HP-2'];

/** Counts `row` the way the byte-range reader does, by plan, line of business and month numbers. */
function count(totals: VisitTotals, row: VisitRow): void {
  const yyyymm = Number(row.visit_date.slice(0, 4)) * 100 + Number(row.visit_date.slice(5, 7));
  const at = totals.at(PLANS.indexOf(row.health_plan_id), LINES_OF_BUSINESS.indexOf(row.line_of_business), yyyymm);
  const counts = totals.counters;
  counts[at + VISITS]++;
  if (row.service_line === 'psychiatry') counts[at + BEHAVIORAL]++;
  if (row.rating !== undefined) {
    counts[at + RATED]++;
    counts[at + RATING_SUM] += row.rating;
  }
  const diverted = ['er', 'urgent_care', 'primary_care'].indexOf(row.diverted_from);
  if (diverted >= 0) counts[at + DIVERTED + diverted]++;
}

describe('visit totals by plan, line of business and month numbers', () => {
  it('hand the aggregator what adding each visit to it gives, across threads (toArray, addArray)', () => {
    const rows: VisitRow[] = [];
    // Years with fewer than 4 digits, December and January, every plan and line, every diversion.
    const dates = ['0999-01-31', '2024-12-01', '2024-01-15', '9999-12-31'];
    const diversions = ['er', 'urgent_care', 'primary_care', 'none', ''] as const;
    for (let i = 0; i < 200; i++) {
      rows.push({
        visit_id: `V${i}`,
        health_plan_id: PLANS[i % 3],
        line_of_business: LINES_OF_BUSINESS[(i >> 1) % 4],
        visit_date: dates[(i >> 2) % 4],
        service_line: i % 7 === 0 ? 'psychiatry' : 'urgent_care',
        diverted_from: diversions[i % 5],
        rating: i % 6 === 0 ? undefined : 1 + (i % 5),
      });
    }
    const expected = new SnapshotAggregator();
    for (const row of rows) expected.addVisit(row);

    // Two threads' worth of rows, each sent as an array and added to a third.
    const [first, second, merged] = [new VisitTotals(), new VisitTotals(), new VisitTotals()];
    rows.forEach((row, i) => count(i < 77 ? first : second, row));
    merged.addArray(first.toArray());
    merged.addArray(second.toArray());
    // And once more over the wire, as a whole.
    const again = new VisitTotals();
    again.addArray(merged.toArray());
    const actual = new SnapshotAggregator();
    again.addTo(actual, PLANS);

    expect(actual.snapshots(DEFAULT_ASSUMPTIONS)).to.deep.equal(expected.snapshots(DEFAULT_ASSUMPTIONS));
    const keys = new Set(rows.map((r) => `${r.health_plan_id}|${r.line_of_business}|${r.visit_date.slice(0, 7)}`));
    expect(actual.snapshots(DEFAULT_ASSUMPTIONS).map((s) => s.key)).to.deep.equal([...keys].sort());
    expect(actual.snapshots(DEFAULT_ASSUMPTIONS).map((s) => s.values.Period_Start__c)).to.include('0999-01-01');
  });

  it('grows past the keys it starts with, keeping every count', () => {
    const totals = new VisitTotals();
    // 3 plans × 4 lines × 120 months = 1,440 keys, each counted once per plan number plus one.
    for (let plan = 0; plan < 3; plan++) {
      for (let line = 0; line < 4; line++) {
        for (let m = 0; m < 120; m++) {
          for (let n = 0; n <= plan; n++) {
            // `at` first: it may replace the counters.
            const at = totals.at(plan, line, 201_001 + 100 * Math.floor(m / 12) + (m % 12));
            totals.counters[at + VISITS]++;
          }
        }
      }
    }
    const aggregator = new SnapshotAggregator();
    totals.addTo(aggregator, PLANS);
    const snapshots = aggregator.snapshots(DEFAULT_ASSUMPTIONS);
    expect(snapshots).to.have.length(1440);
    expect(snapshots.filter((s) => s.planId === 'HP-2').every((s) => s.values.Visits__c === 3)).to.equal(true);
    expect(snapshots.find((s) => s.key === 'HP-0|Exchange|2019-12')!.values.Visits__c).to.equal(1);
  });

  it('keeps each key once, however many rows it counts', () => {
    const totals = new VisitTotals();
    for (let i = 0; i < 1000; i++) {
      const at = totals.at(i % 2, 3, 202_401);
      totals.counters[at + VISITS]++;
    }
    const array = totals.toArray();
    // Two keys, each its key number then 7 counters.
    expect(array).to.have.length(16);
    expect([array[1], array[9]]).to.deep.equal([500, 500]);
  });
});
