import { expect } from 'chai';
import { dateLiteralRange } from '../../scripts/local-org/soql/dates.js';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

describe('local org SOQL date literals', () => {
  // A Wednesday in a leap year.
  const now = new Date('2024-02-28T15:30:00Z');
  const cases: Array<[string, string, string]> = [
    ['TODAY', '2024-02-28', '2024-02-29'],
    ['YESTERDAY', '2024-02-27', '2024-02-28'],
    ['TOMORROW', '2024-02-29', '2024-03-01'],
    ['THIS_WEEK', '2024-02-25', '2024-03-03'],
    ['LAST_WEEK', '2024-02-18', '2024-02-25'],
    ['THIS_MONTH', '2024-02-01', '2024-03-01'],
    ['LAST_MONTH', '2024-01-01', '2024-02-01'],
    ['NEXT_MONTH', '2024-03-01', '2024-04-01'],
    ['THIS_YEAR', '2024-01-01', '2025-01-01'],
    ['LAST_N_DAYS:7', '2024-02-21', '2024-02-29'],
    ['NEXT_N_DAYS:2', '2024-02-29', '2024-03-02'],
    ['LAST_N_MONTHS:3', '2023-11-01', '2024-02-01'],
    ['NEXT_N_MONTHS:1', '2024-03-01', '2024-04-01'],
    ['LAST_N_YEARS:1', '2023-01-01', '2024-01-01'],
  ];
  for (const [literal, start, end] of cases) {
    it(`${literal} is [${start}, ${end})`, () => {
      expect(dateLiteralRange(literal, now)).to.deep.equal({ start: day(start), end: day(end) });
    });
  }

  it('refuses literals it does not know with MALFORMED_QUERY', () => {
    expect(() => dateLiteralRange('THIS_FISCAL_QUARTER', now)).to.throw(/THIS_FISCAL_QUARTER/);
    expect(() => dateLiteralRange('LAST_N_DAYS:x', now)).to.throw(/Invalid date literal/);
  });
});
