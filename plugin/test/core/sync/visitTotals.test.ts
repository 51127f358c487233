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
  for (const plans of [0, PLANS.length]) {
    it(`hand the aggregator what adding each visit to it gives, across threads (toArray, addArray), ${plans} plans indexed`, () => {
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
      const [first, second, merged] = [new VisitTotals(plans), new VisitTotals(plans), new VisitTotals()];
      rows.forEach((row, i) => count(i < 77 ? first : second, row));
      const samePlans = Int32Array.from(PLANS, (_, plan) => plan);
      merged.addArray(first.toArray(), samePlans);
      merged.addArray(second.toArray(), samePlans);
      // And once more over the wire, as a whole.
      const again = new VisitTotals();
      again.addArray(merged.toArray(), samePlans);
      const actual = new SnapshotAggregator();
      again.addTo(actual, PLANS);

      expect(actual.snapshots(DEFAULT_ASSUMPTIONS)).to.deep.equal(expected.snapshots(DEFAULT_ASSUMPTIONS));
      const keys = new Set(rows.map((r) => `${r.health_plan_id}|${r.line_of_business}|${r.visit_date.slice(0, 7)}`));
      expect(actual.snapshots(DEFAULT_ASSUMPTIONS).map((s) => s.key)).to.deep.equal([...keys].sort());
      expect(actual.snapshots(DEFAULT_ASSUMPTIONS).map((s) => s.values.Period_Start__c)).to.include('0999-01-01');
    });
  }

  it('counts months inside and outside the direct index, which spans 64 months around the first', () => {
    // The first row is 2024-01: the index holds 2021-05 (32 months before) to 2026-08 (31 after).
    // Each month below is counted as many times as its place in the list plus one, on plan 0 Commercial
    // (2021-05 is then the index's first entry) and on plan 1 Exchange.
    const months = [202_401, 202_105, 202_104, 202_608, 202_609, 202_402, 999_912, 101];
    const expected: Record<string, number> = {};
    months.forEach((yyyymm, i) => {
      const month = `${String(Math.floor(yyyymm / 100)).padStart(4, '0')}-${String(yyyymm % 100).padStart(2, '0')}`;
      expected[`HP-0|Commercial|${month}`] = i + 1;
      expected[`HP-1|Exchange|${month}`] = i + 1;
    });
    for (const plans of [0, 2]) {
      const totals = new VisitTotals(plans);
      months.forEach((yyyymm, i) => {
        for (let n = 0; n <= i; n++) {
          for (const plan of [0, 1]) {
            const at = totals.at(plan, plan * 3, yyyymm);
            totals.counters[at + VISITS]++;
          }
        }
      });
      const counted: Record<string, number> = {};
      const aggregator = {
        addVisitCounts(plan: string, lob: string, month: string, counts: Float64Array, at: number): void {
          counted[`${plan}|${lob}|${month}`] = counts[at + VISITS];
        },
      };
      totals.addTo(aggregator as unknown as SnapshotAggregator, PLANS);
      expect(counted, `${plans} plans indexed`).to.deep.equal(expected);
      // 2 plans × 8 months: one key each, whichever way it was found.
      expect(totals.toArray()).to.have.length(16 * 8);
    }
  });

  it('keeps every key of many plans, lines and months apart, inside and outside the direct index', () => {
    // 6 plans × 4 lines × 192 months (2020-01…2035-12), the first counted 2024-01: the index holds
    // 2021-05…2026-08, and months 64 and 128 past its start fall on one entry if kept outside it. Each key is counted 1 + (plan + 2 × line + month) % 7 times, the keys taken
    // in turn, so that a key sharing an index entry with another would take its counts.
    const keys: Array<{ plan: number; line: number; yyyymm: number; times: number }> = [];
    for (let plan = 0; plan < 6; plan++) {
      for (let line = 0; line < 4; line++) {
        for (let m = 0; m < 192; m++) {
          const yyyymm = (2020 + Math.floor(m / 12)) * 100 + 1 + (m % 12);
          keys.push({ plan, line, yyyymm, times: 1 + ((plan + 2 * line + m) % 7) });
        }
      }
    }
    const totals = new VisitTotals(6);
    // `at` first, then the counters: `at` may replace them.
    const countKey = (plan: number, line: number, yyyymm: number): void => {
      const at = totals.at(plan, line, yyyymm);
      totals.counters[at + VISITS]++;
    };
    countKey(0, 0, 202_401);
    for (let round = 0; round < 7; round++) {
      for (const key of keys) {
        // The first key was counted once already.
        const first = key.plan === 0 && key.line === 0 && key.yyyymm === 202_401;
        if (round < key.times - (first ? 1 : 0)) countKey(key.plan, key.line, key.yyyymm);
      }
    }
    const counted: Record<string, number> = {};
    const aggregator = {
      addVisitCounts(plan: string, lob: string, month: string, counts: Float64Array, at: number): void {
        counted[`${plan}|${lob}|${month}`] = counts[at + VISITS];
      },
    };
    const plans = ['P0', 'P1', 'P2', 'P3', 'P4', 'P5'];
    totals.addTo(aggregator as unknown as SnapshotAggregator, plans);
    const expected: Record<string, number> = {};
    for (const { plan, line, yyyymm, times } of keys) {
      const month = `${Math.floor(yyyymm / 100)}-${String(yyyymm % 100).padStart(2, '0')}`;
      expected[`${plans[plan]}|${LINES_OF_BUSINESS[line]}|${month}`] = times;
    }
    expect(counted).to.deep.equal(expected);
  });

  it('counts for more plans than a direct index may hold', () => {
    // 5,000 plans × 4 lines × 64 months is over the 2^20 entries an index may have.
    const totals = new VisitTotals(5000);
    for (const plan of [0, 4999, 0]) {
      const at = totals.at(plan, 0, 202_401);
      totals.counters[at + VISITS]++;
    }
    const array = totals.toArray();
    // Each key, then its visits: two keys, no other counts.
    expect(array).to.have.length(16);
    expect([array[0], array[1], array[8], array[9]]).to.deep.equal([202_401, 2, 4999 * 4 * 1_000_000 + 202_401, 1]);
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

  it('answers a key again only when plan, line and month all match the key before it', () => {
    const totals = new VisitTotals(PLANS.length);
    // Slots are handed out in order of first use, each 8 numbers (the key, 7 counters): slot k answers 8k + 1.
    const calls: Array<[number, number, number]> = [
      [0, 0, 202_401], // slot 0
      [0, 0, 202_401], // the same key again
      [1, 0, 202_401], // another plan: slot 1
      [1, 1, 202_401], // another line: slot 2
      [1, 1, 202_402], // another month: slot 3
      [0, 0, 202_401], // slot 0 again, after others
    ];
    expect(calls.map(([plan, line, month]) => totals.at(plan, line, month))).to.deep.equal([1, 1, 9, 17, 25, 1]);
  });

  it('adds counters sent with other plan numbers under the numbers given for them, and drops a plan numbered -1', () => {
    // A range numbered HP-2 as 0, an unknown plan as 1, HP-0 as 2 (in the order it met them).
    const sent = new VisitTotals();
    const counted: Array<[number, number, number, number]> = [
      [0, 1, 202_401, 3],
      [1, 1, 202_401, 5],
      [2, 3, 202_412, 7],
      [0, 0, 202_402, 11],
    ];
    for (const [plan, line, month, visits] of counted) sent.counters[sent.at(plan, line, month) + VISITS] += visits;
    const totals = new VisitTotals();
    totals.counters[totals.at(2, 1, 202_401) + VISITS] += 100;
    totals.addArray(sent.toArray(), Int32Array.from([2, -1, 0]));
    const array = totals.toArray();
    // Keys (plan × 4 + line) × 1,000,000 + YYYYMM, in the order first met: HP-2 Medicare 2024-01 held 100 and takes 3.
    const keys = [0, 8, 16].map((at) => array[at]);
    expect(keys).to.deep.equal([9_000_000 + 202_401, 3_000_000 + 202_412, 8_000_000 + 202_402]);
    expect([0, 8, 16].map((at) => array[at + 1 + VISITS])).to.deep.equal([103, 7, 11]);
    expect(array).to.have.length(24);
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
