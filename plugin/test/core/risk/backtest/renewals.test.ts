import { expect } from 'chai';
import { asOfDate, inputAsOf } from '../../../../src/core/risk/backtest/asOfInput.js';
import { renewalEvents, type ContractFact } from '../../../../src/core/risk/backtest/renewals.js';
import type { SnapshotInput } from '../../../../src/core/risk/model/index.js';

const contract = (accountId: string, lineOfBusiness: string, startDate: string, endDate: string): ContractFact => ({
  accountId,
  lineOfBusiness,
  startDate,
  endDate,
});

const CONTRACTS = [
  // A: Commercial renewed on 2025-01-01; Medicare had no successor, so the renewal was lost.
  contract('A', 'Commercial', '2024-01-01', '2024-12-31'),
  contract('A', 'Medicare', '2024-01-01', '2024-12-31'),
  contract('A', 'Commercial', '2025-01-01', '2025-12-31'),
  // B: a "successor" 46 days after the end is a new deal, not a renewal.
  contract('B', 'Commercial', '2023-07-01', '2024-06-30'),
  contract('B', 'Commercial', '2024-08-15', '2025-08-14'),
  // C: renewed a month early.
  contract('C', 'Medicaid', '2023-06-01', '2024-05-31'),
  contract('C', 'Medicaid', '2024-05-01', '2025-04-30'),
];

describe('renewals from contracts and their successors', () => {
  it('finds each renewal, lost when any line had no successor within 31 days', () => {
    expect(renewalEvents(CONTRACTS, { from: '2024-01-01', to: '2024-12-31', today: '2025-06-01' })).to.deep.equal([
      { accountId: 'C', endDate: '2024-05-31', renewed: true, lostLines: [] },
      { accountId: 'B', endDate: '2024-06-30', renewed: false, lostLines: ['Commercial'] },
      { accountId: 'A', endDate: '2024-12-31', renewed: false, lostLines: ['Medicare'] },
    ]);
  });

  it('leaves out renewals outside the range and those whose outcome is not known yet', () => {
    // C's 2025-04-30 end is known 31 days later, on 2025-05-31.
    const range = { from: '2025-01-01', to: '2025-12-31' };
    expect(renewalEvents(CONTRACTS, { ...range, today: '2025-05-30' }).map((event) => event.endDate)).to.deep.equal([]);
    expect(renewalEvents(CONTRACTS, { ...range, today: '2025-05-31' })).to.deep.equal([
      { accountId: 'C', endDate: '2025-04-30', renewed: false, lostLines: ['Medicaid'] },
    ]);
  });
});

describe('what the org knew as of the horizon', () => {
  const snapshot = (periodStart: string): SnapshotInput => ({
    lineOfBusiness: 'Commercial',
    periodStart,
    eligibleMembers: 100,
    registeredMembers: 10,
    visits: 5,
    costSavings: 100,
    averageRating: 4,
    ratedVisits: 2,
  });

  it('scores 180 days before the end date', () => {
    // 2024-12-31 is day 366 of 2024 (a leap year); 180 days before is day 186: 2024-07-04.
    expect(asOfDate('2024-12-31', 180)).to.equal('2024-07-04');
  });

  it('keeps only months already over and contracts already started; no plan, no stakeholders', () => {
    const input = inputAsOf(
      {
        snapshots: ['2024-05-01', '2024-06-01', '2024-07-01', '2024-08-01'].map(snapshot),
        contracts: [
          {
            lineOfBusiness: 'Commercial',
            startDate: '2024-01-01',
            endDate: '2024-12-31',
            coveredLives: 1,
            pmpmFee: 1,
            perVisitFee: 1,
          },
          {
            lineOfBusiness: 'Commercial',
            startDate: '2025-01-01',
            endDate: '2025-12-31',
            coveredLives: 1,
            pmpmFee: 1,
            perVisitFee: 1,
          },
        ],
      },
      '2024-07-04',
    );
    expect(input.snapshots.map((row) => row.periodStart)).to.deep.equal(['2024-05-01', '2024-06-01']);
    expect(input.contracts.map((row) => row.startDate)).to.deep.equal(['2024-01-01']);
    expect([input.plan, input.stakeholders, input.previous, input.renewalDate]).to.deep.equal([null, [], null, null]);
  });
});
