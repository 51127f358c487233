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
  startDate: string,
  endDate: string,
  pmpmFee: number,
  perVisitFee: number,
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

  it('ROI is savings over fees, and undefined without fees', () => {
    expect(returnOnInvestment(3000, 1000)).to.equal(3);
    expect(returnOnInvestment(3000, 0)).to.equal(null);
  });
});
