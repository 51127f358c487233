import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import fc from 'fast-check';
import {
  checkEligibilityRow,
  checkRow,
  checkVisitRow,
  COUNT_FIELD_PRECISION,
  DIVERSIONS,
  LINES_OF_BUSINESS,
  SERVICE_LINES,
  VISIT_COLUMNS,
  visitRowSchema,
  type RowIssue,
} from '../../../src/core/sync/rowSchemas.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

const visit = {
  visit_id: 'V1',
  health_plan_id: 'HP-001',
  line_of_business: 'Medicare',
  visit_date: '2024-02-29',
  service_line: 'behavioral_health',
  diverted_from: 'er',
  rating: '5',
};
const eligibility = {
  health_plan_id: 'HP-001',
  line_of_business: 'Commercial',
  period: '2024-02',
  eligible_members: '1000',
  registered_members: '250',
};

function issueOf(check: ReturnType<typeof checkVisitRow> | ReturnType<typeof checkEligibilityRow>): {
  field: string;
  reason: string;
} {
  if (check.ok) throw new Error('expected the row to be rejected');
  return { field: check.issue.field, reason: check.issue.reason };
}

describe('row schemas', () => {
  it('checks each visit column, in the order the byte-range reader numbers them', () => {
    expect(Object.keys(visitRowSchema.shape)).to.deep.equal([...VISIT_COLUMNS]);
  });

  it('accepts a valid visit and types its values', () => {
    const check = checkVisitRow(visit);
    expect(check).to.deep.equal({ ok: true, value: { ...visit, rating: 5 } });
  });

  it('names the column in the reason when a plan or line of business is missing or blank', () => {
    const cases: Array<[string, string | undefined, string]> = [
      ['health_plan_id', undefined, 'health_plan_id is missing'],
      ['health_plan_id', ' ', 'health_plan_id is empty'],
      ['line_of_business', undefined, 'line_of_business is missing'],
      ['line_of_business', '', 'line_of_business is empty'],
    ];
    for (const [field, value, reason] of cases) {
      const visitCheck = checkVisitRow({ ...visit, [field]: value });
      expect(issueOf(visitCheck), `visit: ${reason}`).to.deep.equal({ field, reason });
      const eligibilityCheck = checkEligibilityRow({ ...eligibility, [field]: value });
      expect(issueOf(eligibilityCheck), `eligibility: ${reason}`).to.deep.equal({ field, reason });
    }
    // Only the schema sees values of other types (the readers hand it text): a number is not text.
    const notText = { ...eligibility, line_of_business: 7 } as unknown as Record<string, string>;
    expect(issueOf(checkEligibilityRow(notText))).to.deep.equal({
      field: 'line_of_business',
      reason: 'line_of_business must be text',
    });
  });

  it('accepts an empty rating and an empty or missing diversion', () => {
    const check = checkVisitRow({ ...visit, rating: '', diverted_from: undefined });
    expect(check.ok && check.value).to.include({ rating: undefined, diverted_from: '' });
  });

  const visitCases: Array<[string, Partial<Record<keyof typeof visit, string | undefined>>, string, RegExp]> = [
    ['missing visit_id', { visit_id: undefined }, 'visit_id', /missing/],
    ['blank visit_id', { visit_id: '  ' }, 'visit_id', /empty/],
    ['unknown line of business', { line_of_business: 'Dental' }, 'line_of_business', /one of/],
    ['impossible date', { visit_date: '2023-02-29' }, 'visit_date', /calendar date/],
    ['date in another format', { visit_date: '02/03/2024' }, 'visit_date', /YYYY-MM-DD/],
    ['unknown service line', { service_line: 'surgery' }, 'service_line', /one of/],
    ['unknown diversion', { diverted_from: 'hospital' }, 'diverted_from', /er, urgent_care/],
    ['rating above 5', { rating: '6' }, 'rating', /1 to 5/],
    ['rating 0', { rating: '0' }, 'rating', /1 to 5/],
    ['fractional rating', { rating: '4.5' }, 'rating', /1 to 5/],
    ['plan id with the key separator', { health_plan_id: 'HP|1' }, 'health_plan_id', /\|/],
  ];
  for (const [name, change, field, reason] of visitCases) {
    it(`rejects a visit with ${name}, naming ${field}`, () => {
      const issue = issueOf(checkVisitRow({ ...visit, ...change }));
      expect(issue.field).to.equal(field);
      expect(issue.reason).to.match(reason);
    });
  }

  const eligibilityCases: Array<
    [string, Partial<Record<keyof typeof eligibility, string | undefined>>, string, RegExp]
  > = [
    ['negative count', { eligible_members: '-5' }, 'eligible_members', /negative/],
    ['non-numeric count', { registered_members: 'many' }, 'registered_members', /whole number/],
    ['fractional count', { eligible_members: '10.5' }, 'eligible_members', /whole number/],
    ['count with a zero fraction', { eligible_members: '12.0' }, 'eligible_members', /whole number written in digits/],
    ['count in exponent form', { eligible_members: '1e3' }, 'eligible_members', /whole number written in digits/],
    ['count past Number(10, 0)', { eligible_members: '10000000000' }, 'eligible_members', /more than 10 digits/],
    ['safe integer past the field', { eligible_members: '9007199254740991' }, 'eligible_members', /Number\(10, 0\)/],
    ['registered past the field', { registered_members: '99999999999' }, 'registered_members', /more than 10 digits/],
    ['registered above eligible', { registered_members: '1001' }, 'registered_members', /greater than eligible/],
    ['bad month', { period: '2024-13' }, 'period', /YYYY-MM/],
    ['a date for a period', { period: '2024-01-01' }, 'period', /YYYY-MM/],
    ['missing line of business', { line_of_business: undefined }, 'line_of_business', /missing/],
  ];
  for (const [name, change, field, reason] of eligibilityCases) {
    it(`rejects eligibility with ${name}, naming ${field}`, () => {
      const issue = issueOf(checkEligibilityRow({ ...eligibility, ...change }));
      expect(issue.field).to.equal(field);
      expect(issue.reason).to.match(reason);
    });
  }

  it('accepts the largest count the org holds', () => {
    const largest = { ...eligibility, eligible_members: '9999999999', registered_members: '9999999999' };
    expect(checkEligibilityRow(largest).ok).to.equal(true);
  });

  it('limits each count to the precision of its field in force-app', async () => {
    const fieldsDir = join(REPO_ROOT, 'force-app/main/default/objects/Utilization_Snapshot__c/fields');
    const fields = {
      eligible_members: 'Eligible_Members__c',
      registered_members: 'Registered_Members__c',
      visits: 'Visits__c',
      behavioral_health_visits: 'Behavioral_Health_Visits__c',
      rated_visits: 'Rated_Visits__c',
    };
    for (const [column, field] of Object.entries(fields)) {
      // eslint-disable-next-line no-await-in-loop
      const xml = await readFile(join(fieldsDir, `${field}.field-meta.xml`), 'utf8');
      expect(/<scale>(\d+)<\/scale>/.exec(xml)?.[1], field).to.equal('0');
      const precision = Number(/<precision>(\d+)<\/precision>/.exec(xml)?.[1]);
      expect(COUNT_FIELD_PRECISION[column as keyof typeof COUNT_FIELD_PRECISION], field).to.equal(precision);
    }
  });

  it('accepts registered equal to eligible, and zero', () => {
    expect(checkEligibilityRow({ ...eligibility, registered_members: '1000' }).ok).to.equal(true);
    expect(checkEligibilityRow({ ...eligibility, eligible_members: '0', registered_members: '0' }).ok).to.equal(true);
  });

  it('accepts exactly the visit dates that exist on the calendar', () => {
    const exists = (text: string): boolean => {
      const [year, month, day] = text.split('-').map(Number);
      const date = new Date(Date.UTC(year, month - 1, day));
      return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    };
    fc.assert(
      fc.property(fc.stringMatching(/^(19|20|21)\d\d-[01]\d-[0-3]\d$/), (date) => {
        expect(checkVisitRow({ ...visit, visit_date: date }).ok, date).to.equal(exists(date));
      }),
      { numRuns: 3000 },
    );
  });

  it('the fast path gives the schema’s verdict and value on any row', () => {
    const near = <T extends string>(values: readonly T[]): fc.Arbitrary<string | undefined> =>
      fc.oneof(
        fc.constantFrom(...values),
        fc.string({ maxLength: 12 }),
        fc.constant(undefined),
        fc.constantFrom(...values).map((v) => ` ${v}`),
      );
    const row = fc.record({
      visit_id: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(undefined)),
      health_plan_id: fc.oneof(fc.stringMatching(/^[A-Z|\- ]{0,6}$/), fc.constant(undefined)),
      line_of_business: near(LINES_OF_BUSINESS),
      visit_date: fc.oneof(
        fc
          .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
        fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        fc.string({ maxLength: 10 }),
      ),
      service_line: near(SERVICE_LINES),
      diverted_from: near(DIVERSIONS),
      rating: fc.oneof(fc.constantFrom('', '1', '3', '5', '0', '6', ' 4', '4.0'), fc.constant(undefined)),
    });
    fc.assert(
      fc.property(row, (values) => {
        const fast = checkVisitRow(values);
        const schema = checkRow(visitRowSchema, values);
        expect(fast.ok).to.equal(schema.ok);
        if (fast.ok && schema.ok) expect(fast.value).to.deep.equal(schema.value);
      }),
      { numRuns: 3000 },
    );
  });
  it('gives each refusal its whole message and the raw value', () => {
    const lobs = 'Commercial, Medicare, Medicaid, Exchange';
    const services = 'urgent_care, behavioral_health, psychiatry, primary_care, dermatology, other';
    const cases: Array<[Record<string, string | undefined>, RowIssue]> = [
      [
        { ...visit, line_of_business: 'Dental' },
        { field: 'line_of_business', value: 'Dental', reason: `line_of_business must be one of ${lobs}` },
      ],
      [
        { ...visit, service_line: 'surgery' },
        { field: 'service_line', value: 'surgery', reason: `service_line must be one of ${services}` },
      ],
      [
        { ...visit, service_line: undefined },
        { field: 'service_line', value: '', reason: 'service_line is missing' },
      ],
      [
        { ...visit, visit_id: undefined },
        { field: 'visit_id', value: '', reason: 'visit_id is missing' },
      ],
      [
        { ...visit, visit_id: ' ' },
        { field: 'visit_id', value: ' ', reason: 'visit_id is empty' },
      ],
      [
        { ...visit, diverted_from: 'hospital' },
        {
          field: 'diverted_from',
          value: 'hospital',
          reason: 'diverted_from must be er, urgent_care, primary_care, none or empty',
        },
      ],
      [
        { ...visit, rating: '6' },
        { field: 'rating', value: '6', reason: 'rating must be a whole number from 1 to 5, or empty' },
      ],
      [
        { ...visit, visit_date: '2023-02-29' },
        { field: 'visit_date', value: '2023-02-29', reason: 'visit_date must be a calendar date as YYYY-MM-DD' },
      ],
      [
        { ...visit, health_plan_id: 'H'.repeat(81) },
        { field: 'health_plan_id', value: 'H'.repeat(81), reason: 'health_plan_id is longer than 80 characters' },
      ],
      [
        { ...visit, health_plan_id: 'HP|1' },
        { field: 'health_plan_id', value: 'HP|1', reason: 'health_plan_id must not contain "|"' },
      ],
    ];
    for (const [values, issue] of cases)
      expect(checkVisitRow(values), JSON.stringify(values)).to.deep.equal({ ok: false, issue });
  });

  it('names a value that is not text as such', () => {
    const values = { ...eligibility, period: 202_401 as unknown as string };
    expect(checkEligibilityRow(values)).to.deep.equal({
      ok: false,
      issue: { field: 'period', value: 202_401, reason: 'period must be text' },
    });
  });

  it('gives the count refusals their whole messages', () => {
    const cases: Array<[Record<string, string | undefined>, string, string]> = [
      [{ eligible_members: 'a12' }, 'eligible_members', 'eligible_members must be a whole number written in digits'],
      [{ eligible_members: '12a' }, 'eligible_members', 'eligible_members must be a whole number written in digits'],
      [{ eligible_members: '1-2' }, 'eligible_members', 'eligible_members must be a whole number written in digits'],
      [{ eligible_members: '-5' }, 'eligible_members', 'eligible_members must not be negative'],
      [
        { eligible_members: '10000000000' },
        'eligible_members',
        'eligible_members has more than 10 digits, more than its field in the org (Number(10, 0)) holds',
      ],
      [{ registered_members: '1001' }, 'registered_members', 'registered_members is greater than eligible_members'],
      [{ period: '2024-1' }, 'period', 'period must be a month as YYYY-MM'],
    ];
    for (const [change, field, reason] of cases) {
      const check = checkEligibilityRow({ ...eligibility, ...change });
      expect(check, JSON.stringify(change)).to.deep.equal({
        ok: false,
        issue: { field, value: change[field], reason },
      });
    }
  });

  it('refuses a day or month Salesforce does not store: before 1700-01-01 or after 4000-12-31', () => {
    const months = 'from 1700-01 to 4000-12, the months Salesforce stores';
    for (const period of ['1699-12', '4001-01', '0001-01', '9999-12']) {
      expect(checkEligibilityRow({ ...eligibility, period }), period).to.deep.equal({
        ok: false,
        issue: { field: 'period', value: period, reason: `period must be ${months}` },
      });
    }
    for (const visitDate of ['1699-12-31', '4001-01-01', '0000-01-01']) {
      expect(checkVisitRow({ ...visit, visit_date: visitDate }), visitDate).to.deep.equal({
        ok: false,
        issue: {
          field: 'visit_date',
          value: visitDate,
          reason: 'visit_date must be from 1700-01-01 to 4000-12-31, the days Salesforce stores',
        },
      });
    }
    for (const visitDate of ['1700-01-01', '4000-12-31']) {
      expect(checkVisitRow({ ...visit, visit_date: visitDate }).ok, visitDate).to.equal(true);
    }
  });

  it('takes a period only as four digits, a dash and a month 01–12', () => {
    const verdict = (period: string): boolean => checkEligibilityRow({ ...eligibility, period }).ok;
    for (const period of ['2024-01', '2024-09', '2024-10', '2024-12', '1700-01', '4000-12']) {
      expect(verdict(period), period).to.equal(true);
    }
    for (const period of ['2024-00', '2024-13', '2024-19', '2024-1', '2024-001', '024-01', '20245-01', '12024-01']) {
      expect(verdict(period), period).to.equal(false);
    }
    for (const period of ['2024-01x', 'x2024-01', '2024/01', '2024-0a', 'a024-01', '2024--1']) {
      expect(verdict(period), period).to.equal(false);
    }
  });

  it('trims the values it takes, in the schema as on the fast path', () => {
    const padded = {
      visit_id: ' V1 ',
      health_plan_id: ' HP-001 ',
      line_of_business: ' Medicare ',
      visit_date: ' 2024-02-29 ',
      service_line: ' behavioral_health ',
      diverted_from: ' er ',
      rating: ' 5 ',
    };
    expect(checkVisitRow(padded)).to.deep.equal({ ok: true, value: { ...visit, rating: 5 } });
    expect(
      checkEligibilityRow({
        health_plan_id: ' HP-001 ',
        line_of_business: ' Commercial ',
        period: ' 2024-02 ',
        eligible_members: ' 1000 ',
        registered_members: ' 250 ',
      }),
    ).to.deep.equal({
      ok: true,
      value: {
        health_plan_id: 'HP-001',
        line_of_business: 'Commercial',
        period: '2024-02',
        eligible_members: 1000,
        registered_members: 250,
      },
    });
  });

  it('reads every rating and diversion, and no rating or diversion, through the schema too', () => {
    for (const rating of ['1', '2', '3', '4', '5']) {
      // A space before the value sends the row past the fast path, to the schema.
      expect(checkVisitRow({ ...visit, visit_id: ' V1', rating })).to.deep.equal({
        ok: true,
        value: { ...visit, rating: Number(rating) },
      });
      expect(checkVisitRow({ ...visit, rating })).to.deep.equal({
        ok: true,
        value: { ...visit, rating: Number(rating) },
      });
    }
    for (const diverted of ['er', 'urgent_care', 'primary_care', 'none', '']) {
      for (const visitId of ['V1', ' V1']) {
        expect(checkVisitRow({ ...visit, visit_id: visitId, diverted_from: diverted })).to.deep.equal({
          ok: true,
          value: { ...visit, diverted_from: diverted, rating: 5 },
        });
      }
    }
    for (const visitId of ['V1', ' V1']) {
      expect(checkVisitRow({ ...visit, visit_id: visitId, diverted_from: undefined, rating: undefined })).to.deep.equal(
        {
          ok: true,
          value: { ...visit, diverted_from: '', rating: undefined },
        },
      );
      expect(checkVisitRow({ ...visit, visit_id: visitId, rating: '' })).to.deep.equal({
        ok: true,
        value: { ...visit, rating: undefined },
      });
    }
  });

  it('takes the last day of each month and refuses the day after, leap years by the Gregorian rule', () => {
    const verdict = (date: string): boolean => checkVisitRow({ ...visit, visit_date: date }).ok;
    // Days in each month of 2023 (not a leap year): 31 28 31 30 31 30 31 31 30 31 30 31.
    const last = ['31', '28', '31', '30', '31', '30', '31', '31', '30', '31', '30', '31'];
    last.forEach((day, m) => {
      const month = String(m + 1).padStart(2, '0');
      expect(verdict(`2023-${month}-${day}`), `2023-${month}-${day}`).to.equal(true);
      expect(verdict(`2023-${month}-${Number(day) + 1}`), `2023-${month}-${Number(day) + 1}`).to.equal(false);
      expect(verdict(`2023-${month}-01`), `2023-${month}-01`).to.equal(true);
      expect(verdict(`2023-${month}-00`), `2023-${month}-00`).to.equal(false);
    });
    // Divisible by 4: leap, unless by 100 and not by 400.
    for (const [year, leap] of [
      [2024, true],
      [2023, false],
      [2000, true],
      [1900, false],
      [2100, false],
      [2400, true],
      [1996, true],
    ] as const) {
      expect(verdict(`${year}-02-29`), `${year}-02-29`).to.equal(leap);
      expect(verdict(`${year}-02-28`), `${year}-02-28`).to.equal(true);
      expect(verdict(`${year}-02-30`), `${year}-02-30`).to.equal(false);
      // Only February gains a day.
      expect(verdict(`${year}-04-31`), `${year}-04-31`).to.equal(false);
    }
    for (const date of [
      '2024-00-10',
      '2024-13-10',
      '2024-01-015',
      '2024-1-015',
      '2024/01-15',
      '2024-01/15',
      '2024-01-1a',
    ]) {
      expect(verdict(date), date).to.equal(false);
    }
    for (const date of ['2099-09-09', '1999-12-19', '2090-10-29']) expect(verdict(date), date).to.equal(true);
  });

  it('names the row itself when the input is not an object', () => {
    const check = checkRow(visitRowSchema, 'V1,HP-001' as unknown as Record<string, string>);
    expect(check.ok).to.equal(false);
    expect(!check.ok && check.issue.field).to.equal('(record)');
  });
  it('refuses a date with any character but a digit where a digit belongs, those next to 0 and 9 included', () => {
    // Taken as digits, ':' (one past '9') and '/' (one before '0') would make 2024-0:-15 month 10, 2024-1/-15 month 9,
    // 2024-01-1: day 20 and 2024-01-2/ day 19; a letter in the year must not pass as a year either.
    for (const date of ['2024-0:-15', '2024-1/-15', '2024-01-1:', '2024-01-2/', '20a4-01-15', '202:-01-15']) {
      expect(checkVisitRow({ ...visit, visit_date: date }), date).to.deep.equal({
        ok: false,
        issue: { field: 'visit_date', value: date, reason: 'visit_date must be a calendar date as YYYY-MM-DD' },
      });
    }
  });

  it('names a missing visit date', () => {
    expect(checkVisitRow({ ...visit, visit_date: undefined })).to.deep.equal({
      ok: false,
      issue: { field: 'visit_date', value: '', reason: 'visit_date is missing' },
    });
  });
});
