/**
 * A pre-aggregated snapshot row, as the warehouse SQL of `sql/` produces it and
 * `sf healthplan sync --snapshots` takes it: what it must hold, field by field, and the
 * Utilization_Snapshot__c values it becomes.
 */
import { z } from 'zod';
import { checkRow, count, lineOfBusiness, period, planId, required, type RowCheck } from './rowSchemas.js';
import { snapshotKey, type SnapshotValues } from './snapshot.js';

/**
 * Empty for "not known", else a value `schema` takes. A bad value gets `schema`'s reason (the union's
 * own would be "Invalid input", which names no rule).
 */
const emptyOr = <T>(schema: z.ZodType<T, string>): z.ZodType<T | null, string | undefined> =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value ?? '')
    .pipe(
      z.union([z.literal('').transform(() => null), schema], {
        // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent, only a union issue reaches here and its second option always has an issue
        error: (issue) => (issue.code === 'invalid_union' ? issue.errors[1]?.[0]?.message : undefined),
      }),
    );

/** A decimal with at most 2 places, e.g. `-12.5` or `4.48`; its number is the nearest double. */
const amount = (what: string, pattern: RegExp): z.ZodType<number, string> =>
  required(what)
    .regex(pattern, { error: `${what} must be a number with at most 2 decimal places` })
    .transform(Number);

const RATING = /^\d+(\.\d{1,2})?$/;
const SAVINGS = /^-?\d{1,16}(\.\d{1,2})?$/;

// Stryker disable StringLiteral: the descriptions document the columns; no output shows them
const ABOUT = {
  period: 'The month of the snapshot, YYYY-MM',
  eligible_members: 'Eligible members, empty when not known',
  registered_members: 'Registered members, empty when not known',
  visits: 'Visits in the month',
  behavioral_health_visits: 'Behavioral-health and psychiatry visits',
  rated_visits: 'Visits with a rating',
  average_rating: 'Average rating of the rated visits to the cent, empty when none was rated',
  cost_savings: 'Cost savings in USD, to the cent',
  savings_assumption_set: 'The savings assumption set the SQL used (its params), recorded on the snapshot',
};
// Stryker restore StringLiteral

export const snapshotRowSchema = z
  .object({
    health_plan_id: planId,
    line_of_business: lineOfBusiness,
    period: period.describe(ABOUT.period),
    eligible_members: emptyOr(count('eligible_members')).describe(ABOUT.eligible_members),
    registered_members: emptyOr(count('registered_members')).describe(ABOUT.registered_members),
    visits: count('visits').describe(ABOUT.visits),
    behavioral_health_visits: count('behavioral_health_visits').describe(ABOUT.behavioral_health_visits),
    rated_visits: count('rated_visits').describe(ABOUT.rated_visits),
    average_rating: emptyOr(
      amount('average_rating', RATING).pipe(
        z
          .number()
          .min(1, { error: 'average_rating must be from 1 to 5' })
          .max(5, { error: 'average_rating must be from 1 to 5' }),
      ),
    ).describe(ABOUT.average_rating),
    cost_savings: amount('cost_savings', SAVINGS).describe(ABOUT.cost_savings),
    savings_assumption_set: z
      .string()
      .trim()
      .max(255, { error: 'savings_assumption_set is longer than its field (255 characters)' })
      .optional()
      .describe(ABOUT.savings_assumption_set),
  })
  .superRefine((row, ctx) => {
    // Stryker disable next-line StringLiteral: equivalent, a rejected row reports the issue's path and message only
    const issue = (path: string, message: string): void => ctx.addIssue({ code: 'custom', path: [path], message });
    if ((row.eligible_members === null) !== (row.registered_members === null)) {
      issue('registered_members', 'eligible_members and registered_members must both be set or both be empty');
      // Here both are set or both are null, and 0 > 0 is false.
    } else if ((row.registered_members ?? 0) > (row.eligible_members ?? 0)) {
      issue('registered_members', 'registered_members is greater than eligible_members');
    }
    if (row.behavioral_health_visits > row.visits) {
      issue('behavioral_health_visits', 'behavioral_health_visits is greater than visits');
    }
    if (row.rated_visits > row.visits) issue('rated_visits', 'rated_visits is greater than visits');
    if ((row.rated_visits === 0) !== (row.average_rating === null)) {
      issue('average_rating', 'average_rating must be empty exactly when rated_visits is 0');
    }
  });

export type SnapshotRow = z.infer<typeof snapshotRowSchema>;

export const SNAPSHOT_ROW_COLUMNS = Object.keys(snapshotRowSchema.shape) as Array<keyof SnapshotRow>;

export function checkSnapshotRow(values: Record<string, string | undefined>): RowCheck<SnapshotRow> {
  return checkRow(snapshotRowSchema, values);
}

export const snapshotRowKey = (row: SnapshotRow): string =>
  snapshotKey(row.health_plan_id, row.line_of_business, row.period);

export function snapshotRowValues(row: SnapshotRow): SnapshotValues {
  return {
    Line_Of_Business__c: row.line_of_business,
    Period_Start__c: `${row.period}-01`,
    Eligible_Members__c: row.eligible_members,
    Registered_Members__c: row.registered_members,
    Visits__c: row.visits,
    Behavioral_Health_Visits__c: row.behavioral_health_visits,
    Rated_Visits__c: row.rated_visits,
    Average_Rating__c: row.average_rating,
    Cost_Savings__c: row.cost_savings,
    ...(row.savings_assumption_set ? { Savings_Assumption_Set__c: row.savings_assumption_set } : {}),
  };
}
