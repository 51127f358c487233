/**
 * What a valid feed row is, one zod schema per feed (DESIGN.md "Feeds"). Each field says in
 * its description what it must hold; a failing row is reported by its first bad field.
 */
import { z } from 'zod';
import {
  BEHAVIORAL_SERVICE_LINES,
  DIVERSIONS,
  FIRST_STORED_YEAR,
  LAST_STORED_YEAR,
  LINES_OF_BUSINESS,
  SERVICE_LINES,
  VISIT_COLUMNS,
} from './visitFields.js';

export { BEHAVIORAL_SERVICE_LINES, DIVERSIONS, LINES_OF_BUSINESS, SERVICE_LINES, VISIT_COLUMNS };

export type LineOfBusiness = (typeof LINES_OF_BUSINESS)[number];
export type Diversion = (typeof DIVERSIONS)[number];

export const required = (what: string): z.ZodString =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is missing` : `${what} must be text`) })
    .trim()
    .min(1, { error: `${what} is empty` });

export const planId = required('health_plan_id')
  .max(80, { error: 'health_plan_id is longer than 80 characters' })
  .regex(/^[^|]+$/, { error: 'health_plan_id must not contain "|"' })
  .describe(
    // Stryker disable next-line StringLiteral: the description documents the column; no output shows it
    "The platform's plan id, as in the Account's Health_Plan_Id__c",
  );

export const lineOfBusiness = required('line_of_business')
  .pipe(z.enum(LINES_OF_BUSINESS, { error: `line_of_business must be one of ${LINES_OF_BUSINESS.join(', ')}` }))
  .describe(
    // Stryker disable next-line StringLiteral: the description documents the column; no output shows it
    'Commercial, Medicare, Medicaid or Exchange',
  );

/**
 * Digits of the Number(p, 0) field each count lands in (Utilization_Snapshot__c in force-app): a value
 * the field cannot hold is refused by the org on every run, so it is rejected here with its line.
 */
export const COUNT_FIELD_PRECISION = {
  eligible_members: 10,
  registered_members: 10,
  visits: 10,
  behavioral_health_visits: 10,
  rated_visits: 10,
} as const;

/** A whole number in plain digits, in CSV and NDJSON alike (`12`, not `12.0` or `1.2e1`). */
export const count = (what: keyof typeof COUNT_FIELD_PRECISION): z.ZodType<number, string> => {
  const digits = COUNT_FIELD_PRECISION[what];
  return required(what)
    .regex(/^-?\d+$/, { error: `${what} must be a whole number written in digits` })
    .transform(Number)
    .pipe(
      z
        .number()
        .nonnegative({ error: `${what} must not be negative` })
        .max(10 ** digits - 1, {
          error: `${what} has more than ${digits} digits, more than its field in the org (Number(${digits}, 0)) holds`,
        }),
    );
};

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digits of `text` from `from` to `to` (exclusive) as a number, or -1 if any is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** True when the text starts with a year Salesforce stores days of (its first four characters). */
function isStoredYear(text: string): boolean {
  const year = digitsAt(text, 0, 4);
  return year >= FIRST_STORED_YEAR && year <= LAST_STORED_YEAR;
}

const STORED_DAYS = `${FIRST_STORED_YEAR}-01-01 to ${LAST_STORED_YEAR}-12-31`;
const STORED_MONTHS = `${FIRST_STORED_YEAR}-01 to ${LAST_STORED_YEAR}-12`;

/** A month as YYYY-MM, of the years Salesforce stores: the period of an eligibility or a snapshot row. */
export const period = required('period')
  .regex(PERIOD, { error: 'period must be a month as YYYY-MM' })
  .refine(isStoredYear, { error: `period must be from ${STORED_MONTHS}, the months Salesforce stores` });

/** `YYYY-MM-DD` naming a day that exists (leap years included); runs once per visit, so no regex or Date. */
function isCalendarDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

export const eligibilityRowSchema = z
  .object({
    health_plan_id: planId,
    line_of_business: lineOfBusiness,
    period: period.describe(
      // Stryker disable next-line StringLiteral: the description documents the column; no output shows it
      'The month the counts are for, YYYY-MM',
    ),
    eligible_members: count('eligible_members').describe(
      // Stryker disable next-line StringLiteral: the description documents the column; no output shows it
      'Members eligible for the service that month',
    ),
    registered_members: count('registered_members').describe(
      // Stryker disable next-line StringLiteral: the description documents the column; no output shows it
      'Eligible members who registered',
    ),
  })
  .refine((row) => row.registered_members <= row.eligible_members, {
    path: ['registered_members'],
    error: 'registered_members is greater than eligible_members',
  });

export const visitRowSchema = z.object({
  visit_id: required('visit_id').describe(
    // Stryker disable next-line StringLiteral: the description documents the column; no output shows it
    'Unique id of the visit across all feeds',
  ),
  health_plan_id: planId,
  line_of_business: lineOfBusiness,
  visit_date: required('visit_date')
    .refine(isCalendarDate, { error: 'visit_date must be a calendar date as YYYY-MM-DD' })
    .refine(isStoredYear, { error: `visit_date must be from ${STORED_DAYS}, the days Salesforce stores` })
    .describe(
      // Stryker disable next-line StringLiteral: the description documents the column; no output shows it
      'Day of the visit, YYYY-MM-DD',
    ),
  service_line: z
    .string({ error: 'service_line is missing' })
    .trim()
    .pipe(z.enum(SERVICE_LINES, { error: `service_line must be one of ${SERVICE_LINES.join(', ')}` }))
    .describe(
      // Stryker disable next-line StringLiteral: the description documents the column; no output shows it
      'Clinical service line of the visit',
    ),
  diverted_from: z
    .string()
    .trim()
    .optional()
    .transform((value) => value ?? '')
    .pipe(z.enum(DIVERSIONS, { error: 'diverted_from must be er, urgent_care, primary_care, none or empty' }))
    .describe(
      // Stryker disable next-line StringLiteral: the description documents the column; no output shows it
      'Care the visit replaced; only a named one counts toward cost savings',
    ),
  rating: z
    .string()
    .trim()
    .optional()
    .transform((value) => value ?? '')
    .pipe(
      z.union([z.literal(''), z.enum(['1', '2', '3', '4', '5'])], {
        error: 'rating must be a whole number from 1 to 5, or empty',
      }),
    )
    .transform((value) => (value === '' ? undefined : Number(value)))
    .describe(
      // Stryker disable next-line StringLiteral: the description documents the column; no output shows it
      'Member rating 1–5, empty when not rated',
    ),
});

export type EligibilityRow = z.infer<typeof eligibilityRowSchema>;
export type VisitRow = z.infer<typeof visitRowSchema>;

export const ELIGIBILITY_COLUMNS = Object.keys(eligibilityRowSchema.shape) as Array<keyof EligibilityRow>;

export type RowIssue = { field: string; value: string; reason: string };

export type RowCheck<T> = { ok: true; value: T } | { ok: false; issue: RowIssue };

/** Validates one row; a failure names its first bad field, the raw value and why. */
export function checkRow<T>(schema: z.ZodType<T>, values: Record<string, string | undefined>): RowCheck<T> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  const first = result.error.issues[0];
  const field = typeof first.path[0] === 'string' ? first.path[0] : '(record)';
  return { ok: false, issue: { field, value: values[field] ?? '', reason: first.message } };
}

const LOB_SET: ReadonlySet<string> = new Set(LINES_OF_BUSINESS);
const SERVICE_LINE_SET: ReadonlySet<string> = new Set(SERVICE_LINES);
const DIVERSION_SET: ReadonlySet<string> = new Set(DIVERSIONS);
const RATINGS: Record<string, number | undefined> = { '1': 1, '2': 2, '3': 3, '4': 4, '5': 5 };
const PLAIN_PLAN_ID = /^[^|\s](?:[^|]{0,78}[^|\s])?$/;
const PLAIN_VISIT_ID = /^\S(?:.*\S)?$/;

/**
 * The rows of a healthy feed, checked without zod's per-row cost (~3× faster). It accepts a
 * strict subset of what `visitRowSchema` accepts — already-trimmed values in their usual form —
 * and gives the same result; anything else goes through the schema, which also names the reason.
 */
// Stryker disable next-line BlockStatement: equivalent in result, a row the fast path leaves goes through the schema, which gives the same verdict and value
function plainVisit(values: Record<string, string | undefined>): VisitRow | undefined {
  const visitId = values.visit_id;
  const plan = values.health_plan_id;
  const lob = values.line_of_business;
  const date = values.visit_date;
  const serviceLine = values.service_line;
  // Stryker disable next-line StringLiteral: equivalent in result, a row the fast path leaves goes through the schema, which gives the same verdict and value (no diversion is named so)
  const diverted = values.diverted_from ?? '';
  // Stryker disable next-line StringLiteral: equivalent in result, a row the fast path leaves goes through the schema, which gives the same verdict and value (no rating is written so)
  const ratingText = values.rating ?? '';
  if (
    visitId === undefined ||
    plan === undefined ||
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent in result, a row the fast path leaves goes through the schema, which gives the same verdict and value (LOB_SET has no undefined)
    lob === undefined ||
    date === undefined ||
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent in result, a row the fast path leaves goes through the schema, which gives the same verdict and value (SERVICE_LINE_SET has no undefined)
    serviceLine === undefined ||
    !PLAIN_VISIT_ID.test(visitId) ||
    !PLAIN_PLAN_ID.test(plan) ||
    !LOB_SET.has(lob) ||
    !SERVICE_LINE_SET.has(serviceLine) ||
    !DIVERSION_SET.has(diverted) ||
    // Stryker disable next-line LogicalOperator,StringLiteral: equivalent in result, a row the fast path leaves goes through the schema, which gives the same verdict and value (RATINGS has no empty key)
    (ratingText !== '' && RATINGS[ratingText] === undefined) ||
    !isCalendarDate(date) ||
    !isStoredYear(date)
  ) {
    return undefined;
  }
  return {
    visit_id: visitId,
    health_plan_id: plan,
    line_of_business: lob as LineOfBusiness,
    visit_date: date,
    service_line: serviceLine as VisitRow['service_line'],
    diverted_from: diverted as Diversion,
    // Stryker disable next-line StringLiteral: equivalent, RATINGS has no empty key, so either branch gives undefined for ''
    rating: ratingText === '' ? undefined : RATINGS[ratingText],
  };
}

export function checkVisitRow(values: Record<string, string | undefined>): RowCheck<VisitRow> {
  const plain = plainVisit(values);
  return plain ? { ok: true, value: plain } : checkRow(visitRowSchema, values);
}

export function checkEligibilityRow(values: Record<string, string | undefined>): RowCheck<EligibilityRow> {
  return checkRow(eligibilityRowSchema, values);
}

export const unknownPlan = (id: string): RowIssue => ({
  field: 'health_plan_id',
  value: id,
  reason: `no Account in the org has Health_Plan_Id__c = ${id}`,
});

/** A visit row valid for a plan the org knows (`plans`, by Health_Plan_Id__c), or why not. */
export function validVisit(
  values: Record<string, string | undefined>,
  plans: { has: (id: string) => boolean },
): { row: VisitRow } | { issue: RowIssue } {
  const check = checkVisitRow(values);
  if (!check.ok) return { issue: check.issue };
  if (!plans.has(check.value.health_plan_id)) return { issue: unknownPlan(check.value.health_plan_id) };
  return { row: check.value };
}
