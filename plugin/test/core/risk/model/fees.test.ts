import { expect } from 'chai';
import {
  feesForMonths,
  monthIndex,
  returnOnInvestment,
  type ContractInput,
  type SnapshotInput,
} from '../../../../src/core/risk/model/index.js';

const row = (lineOfBusiness: string, periodStart: string, eligibleMembers: number, visits: number): SnapshotInput => ({
  lineOfBusiness,
  periodStart,
  eligibleMembers,
  visits,
  registeredMembers: null,
  costSavings: null,
  averageRating: null,
  ratedVisits: null,
});
const contract = (
  lineOfBusiness: string,
  startDate: string | null,
  endDate: string | null,
  pmpmFee: number | null,
  perVisitFee: number | null,
): ContractInput => ({
  lineOfBusiness,
  startDate,
  endDate,
  pmpmFee,
  perVisitFee,
  coveredLives: null,
});

describe('fees and ROI (DESIGN.md "Fees and ROI")', () => {
  const snapshots = [
    row('Commercial', '2026-01-01', 1000, 10),
    row('Commercial', '2026-02-01', 1200, 20),
    row('Medicare', '2026-01-01', 500, 5),
    row('Medicare', '2026-02-01', 500, 8),
  ];
  const months = [monthIndex('2026-01-01'), monthIndex('2026-02-01')];

  it("adds PMPM × eligible members and per-visit fee × visits of each active contract's line of business", () => {
    const contracts = [
      contract('Commercial', '2025-01-01', '2026-12-31', 2, 30),
      contract('Medicare', '2025-01-01', '2026-12-31', 3, 0),
    ];
    const expected = 2 * 1000 + 30 * 10 + (2 * 1200 + 30 * 20) + 3 * 500 + 3 * 500;
    expect(feesForMonths(contracts, snapshots, months)).to.equal(expected);
  });

  it('counts a contract only in the months it is active', () => {
    const contracts = [contract('Commercial', '2026-02-10', '2027-02-09', 2, 0)];
    expect(feesForMonths(contracts, snapshots, months)).to.equal(2 * 1200);
    const ended = [contract('Commercial', '2024-01-01', '2026-01-15', 2, 0)];
    expect(feesForMonths(ended, snapshots, months)).to.equal(2 * 1000);
  });

  it('gives the hand-worked fees and ROI of an unbalanced book', () => {
    const book = [
      row('Commercial', '2026-01-01', 1000, 10),
      { ...row('Commercial', '2026-02-01', 0, 7), eligibleMembers: null },
      row('Medicaid', '2026-01-01', 250, 3),
      row('Exchange', '2026-03-01', 999, 99), // outside the months asked
    ];
    const contracts = [
      // Starts on the last day of January, open-ended: Jan 2.5 × 1000 + 12 × 10 = 2620; Feb 12 × 7 = 84.
      contract('Commercial', '2026-01-31', null, 2.5, 12),
      // No start, ends on the first day of February, no PMPM: Jan 5 × 10 = 50; Feb 5 × 7 = 35.
      contract('Commercial', null, '2026-02-01', null, 5),
      // Starts in February, when Medicaid has no snapshot: 0.
      contract('Medicaid', '2026-02-01', '2026-12-31', 9, 9),
      // Ends on the last day of January, no per-visit fee: Jan 4 × 250 = 1000.
      contract('Medicaid', '2025-01-01', '2026-01-31', 4, null),
      // Active, but its only snapshot is in March: 0. A line with no snapshots at all: 0.
      contract('Exchange', '2025-01-01', '2027-01-01', 1, 1),
      contract('Medicare', '2025-01-01', '2027-01-01', 1, 1),
    ];
    // 2620 + 84 + 50 + 35 + 1000 = 3789
    const fees = feesForMonths(contracts, book, months);
    expect(fees).to.equal(3789);
    // Savings 5177 (3 ER diversions × $1,595 + 7 primary-care × $56) over 3789: 1.36632…
    expect(returnOnInvestment(5177, fees)).to.be.closeTo(1.366_32, 1e-5);
  });

  it('ROI is savings over fees, and undefined without fees', () => {
    expect(returnOnInvestment(3000, 1000)).to.equal(3);
    expect(returnOnInvestment(3000, 0)).to.equal(null);
  });
});
