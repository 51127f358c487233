import { expect } from 'chai';
import {
  dayNumber,
  daysBetween,
  isIsoDate,
  isoFromDayNumber,
  monthEnd,
  monthIndex,
  monthLabel,
  monthStart,
} from '../../../../src/core/risk/model/dates.js';
import { formatMoney, formatNumber, formatPercent, listNames, plural } from '../../../../src/core/risk/model/format.js';
import { usageWindow } from '../../../../src/core/risk/model/usage.js';

describe('risk model number formatting (the figures in every sentence)', () => {
  it('groups thousands and keeps only the decimals that are not zero', () => {
    expect(formatNumber(999)).to.equal('999');
    expect(formatNumber(1000)).to.equal('1,000');
    expect(formatNumber(1_234_567)).to.equal('1,234,567');
    expect(formatNumber(1234.56, 1)).to.equal('1,234.6');
    expect(formatNumber(2.5, 2)).to.equal('2.5');
    expect(formatNumber(0.05, 2)).to.equal('0.05');
    expect(formatNumber(3.999, 2)).to.equal('4');
  });

  it('writes a minus only when the rounded figure is not zero', () => {
    expect(formatNumber(-3.25, 1)).to.equal('-3.3'); // 32.5 rounds half up to 33
    expect(formatNumber(-0.04, 1)).to.equal('0');
    expect(formatNumber(-1500)).to.equal('-1,500');
  });

  it('percentages and money', () => {
    expect(formatPercent(12.345, 1)).to.equal('12.3%');
    expect(formatPercent(100)).to.equal('100%');
    expect(formatMoney(9999)).to.equal('$9,999');
    expect(formatMoney(10_000)).to.equal('$10K');
    expect(formatMoney(12_499)).to.equal('$12K');
    expect(formatMoney(999_999)).to.equal('$1,000K');
    expect(formatMoney(1_000_000)).to.equal('$1M');
    expect(formatMoney(1_550_000)).to.equal('$1.6M');
    expect(formatMoney(-20_000)).to.equal('-$20K');
    expect(formatMoney(-5)).to.equal('-$5');
  });

  it('plurals and lists of names', () => {
    expect(plural(1, 'day')).to.equal('1 day');
    expect(plural(0, 'day')).to.equal('0 days');
    expect(plural(1500, 'rating')).to.equal('1,500 ratings');
    expect(plural(2, 'person', 'people')).to.equal('2 people');
    expect(listNames(['A', 'B'])).to.equal('A, B');
    expect(listNames(['A', 'B', 'C'])).to.equal('A, B, C');
    expect(listNames(['A', 'B', 'C', 'D', 'E'])).to.equal('A, B, C and 2 more');
    expect(listNames(['A', 'B'], 1)).to.equal('A and 1 more');
  });
});

describe('risk model dates', () => {
  it('month arithmetic: index, first and last day, label', () => {
    // 2026 × 12 + (11 − 1) = 24,322.
    expect(monthIndex('2026-11-15')).to.equal(24_322);
    expect(monthIndex('0999-01-01')).to.equal(11_988);
    expect(monthStart(24_322)).to.equal('2026-11-01');
    expect(monthStart(2026 * 12)).to.equal('2026-01-01');
    expect(monthEnd(24_322)).to.equal('2026-11-30');
    expect(monthEnd(2026 * 12 + 11)).to.equal('2026-12-31');
    expect(monthEnd(2024 * 12 + 1)).to.equal('2024-02-29'); // divisible by 4
    expect(monthEnd(2023 * 12 + 1)).to.equal('2023-02-28');
    expect(monthEnd(1900 * 12 + 1)).to.equal('1900-02-28'); // divisible by 100, not 400
    expect(monthEnd(2000 * 12 + 1)).to.equal('2000-02-29'); // divisible by 400
    expect(monthEnd(2024 * 12 + 2)).to.equal('2024-03-31');
    expect(monthLabel(24_322)).to.equal('Nov 2026');
    expect(monthLabel(2026 * 12)).to.equal('Jan 2026');
    expect(monthLabel(2026 * 12 + 11)).to.equal('Dec 2026');
  });

  it('day numbers since 1970 and back', () => {
    expect(dayNumber('1970-01-01')).to.equal(0);
    expect(dayNumber('1970-02-01')).to.equal(31);
    expect(dayNumber('2000-03-01')).to.equal(11_017); // 30 years × 365 + 7 leap days + 31 + 29
    expect(isoFromDayNumber(11_017)).to.equal('2000-03-01');
    expect(daysBetween('2024-02-28', '2024-03-01')).to.equal(2);
    expect(daysBetween('2024-03-01', '2024-02-28')).to.equal(-2);
  });

  it('recognises real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).to.equal(true);
    expect(isIsoDate('2026-02-29')).to.equal(false);
    expect(isIsoDate('2026-13-01')).to.equal(false);
    expect(isIsoDate('2026-1-01')).to.equal(false);
    expect(isIsoDate('2026-01-01T00:00')).to.equal(false);
    expect(isIsoDate(' 2026-01-01')).to.equal(false);
  });
});

describe('date edges', () => {
  it('pads a year below 1000 to four digits', () => {
    // Month index 999 × 12 = 11,988 is January of year 999.
    expect(monthStart(11_988)).to.equal('0999-01-01');
  });

  it('takes only a whole YYYY-MM-DD as a date', () => {
    expect(isIsoDate('2026-02-28')).to.equal(true);
    expect(isIsoDate('x2026-02-28')).to.equal(false);
    expect(isIsoDate('2026-02-28T00:00')).to.equal(false);
    expect(isIsoDate('2026-02-29')).to.equal(false);
  });
});

describe('money and ratings at zero', () => {
  it('writes no minus sign on zero dollars', () => {
    expect(formatMoney(0)).to.equal('$0');
    expect(formatMoney(-1500)).to.equal('-$1,500'); // under $10K: whole dollars, as $9,999 above
  });

  it('leaves out the ratings of a snapshot without an average rating', () => {
    // One month, two lines: 10 ratings averaging 4 (40 points), and 10 rated visits with no average.
    const row = {
      lineOfBusiness: 'Commercial',
      periodStart: '2026-11-01',
      eligibleMembers: 1000,
      registeredMembers: 100,
      visits: 20,
      costSavings: null,
    };
    const window = usageWindow(
      [
        { ...row, averageRating: 4, ratedVisits: 10 },
        { ...row, lineOfBusiness: 'Medicare', averageRating: null, ratedVisits: 10 },
      ],
      '2026-11-15',
    );
    expect(window.months.map((month) => [month.ratingPoints, month.ratedVisits])).to.deep.equal([[40, 10]]);
  });
});
