/**
 * Cost-savings assumptions: what each kind of care a telehealth visit replaced would have cost,
 * and what the telehealth visit itself costs. They come from the org's `Savings_Assumption__mdt`
 * (the Active set with the latest effective date on or before the run day); a JSON file passed
 * with `--assumptions` overrides any figure; the shipped defaults apply only when the org has no
 * set. Every snapshot records the set that produced its savings.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { roundHalfUp, roundRatioHalfUp } from '../numbers/rounding.js';
import type { OrgConnection } from '../org/connection.js';
import { queryEachPage } from '../org/query.js';
import { assumptionSetValue, DEFAULT_ASSUMPTION_SET, DEFAULT_SAVINGS_ASSUMPTIONS } from '../risk/model/index.js';

const money = z.number().nonnegative().max(1_000_000);

// Stryker disable StringLiteral: the descriptions document the file's fields; no output shows them
export const assumptionsSchema = z
  .object({
    erVisitCost: money.describe('Average cost of an emergency-room visit avoided (USD)'),
    urgentCareVisitCost: money.describe('Average cost of an urgent-care visit avoided (USD)'),
    primaryCareVisitCost: money.describe('Average cost of a primary-care office visit avoided (USD)'),
    telehealthVisitCost: money.describe('Average cost of the telehealth visit that replaced it (USD)'),
    source: z.string().min(1).describe('Where the figures come from, shown wherever savings are shown'),
  })
  .strict();
// Stryker restore StringLiteral

export type Assumptions = z.infer<typeof assumptionsSchema>;

export const DEFAULT_ASSUMPTIONS: Assumptions = DEFAULT_SAVINGS_ASSUMPTIONS;

export class AssumptionsError extends Error {
  public constructor(
    public readonly file: string,
    public readonly field: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'AssumptionsError';
  }
}

/** Where the assumptions of a run come from. */
export type AssumptionsOrigin = 'org' | 'file' | 'defaults';

export type UsedAssumptions = Assumptions & {
  /** The set's name as snapshots record it: the DeveloperName, or `file:NAME`. */
  set: string;
  origin: AssumptionsOrigin;
};

type AssumptionRow = {
  DeveloperName: string;
  ER_Visit_Cost__c: unknown;
  Urgent_Care_Visit_Cost__c: unknown;
  Primary_Care_Visit_Cost__c: unknown;
  Telehealth_Visit_Cost__c: unknown;
  Source__c: unknown;
  Effective_Date__c: unknown;
};

/** Custom metadata SOQL answers at most one page; no ORDER BY on it is needed since the pick is made here. */
const ASSUMPTION_SOQL =
  'SELECT DeveloperName, ER_Visit_Cost__c, Urgent_Care_Visit_Cost__c, Primary_Care_Visit_Cost__c, ' +
  'Telehealth_Visit_Cost__c, Source__c, Effective_Date__c FROM Savings_Assumption__mdt WHERE Active__c = true';

const ORG_RECORD = 'Savings_Assumption__mdt';

/**
 * The Active set effective on `today` (latest Effective_Date__c on or before it, ties by DeveloperName),
 * or null when the org has none (or not the type: metadata not deployed). A set missing a figure is an error.
 */
export async function loadOrgAssumptions(conn: OrgConnection, today: string): Promise<UsedAssumptions | null> {
  const rows: AssumptionRow[] = [];
  try {
    await queryEachPage<AssumptionRow>(conn, ASSUMPTION_SOQL, (records) => rows.push(...records));
  } catch (error) {
    if ((error as { errorCode?: unknown }).errorCode === 'INVALID_TYPE') return null;
    throw error;
  }
  const effective = (row: AssumptionRow): string =>
    typeof row.Effective_Date__c === 'string' ? row.Effective_Date__c : '';
  const current = rows
    .filter((row) => effective(row) <= today)
    .sort((a, b) => effective(b).localeCompare(effective(a)) || a.DeveloperName.localeCompare(b.DeveloperName))[0];
  if (!current) return null;
  const where = `${ORG_RECORD}.${current.DeveloperName}`;
  const parsed = assumptionsSchema.safeParse({
    erVisitCost: current.ER_Visit_Cost__c,
    urgentCareVisitCost: current.Urgent_Care_Visit_Cost__c,
    primaryCareVisitCost: current.Primary_Care_Visit_Cost__c,
    telehealthVisitCost: current.Telehealth_Visit_Cost__c,
    source: current.Source__c,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AssumptionsError(where, ORG_FIELDS[String(issue.path[0])] ?? String(issue.path[0]), issue.message);
  }
  return { ...parsed.data, set: current.DeveloperName, origin: 'org' };
}

const ORG_FIELDS: Record<string, string> = {
  erVisitCost: 'ER_Visit_Cost__c',
  urgentCareVisitCost: 'Urgent_Care_Visit_Cost__c',
  primaryCareVisitCost: 'Primary_Care_Visit_Cost__c',
  telehealthVisitCost: 'Telehealth_Visit_Cost__c',
  source: 'Source__c',
};

/**
 * The run's assumptions: the org's set, overridden by the fields `file` sets; the shipped defaults
 * stand in for the org's set when it has none.
 */
export async function resolveAssumptions(conn: OrgConnection, today: string, file?: string): Promise<UsedAssumptions> {
  const base = (await loadOrgAssumptions(conn, today)) ?? {
    ...DEFAULT_ASSUMPTIONS,
    set: DEFAULT_ASSUMPTION_SET,
    origin: 'defaults' as const,
  };
  if (!file) return base;
  return { ...(await loadAssumptions(file, base)), set: `file:${basename(file)}`, origin: 'file' };
}

/** `base` overridden by the fields the file sets; an unknown or bad field is an error naming it. */
export async function loadAssumptions(file?: string, base: Assumptions = DEFAULT_ASSUMPTIONS): Promise<Assumptions> {
  const defaults: Assumptions = {
    erVisitCost: base.erVisitCost,
    urgentCareVisitCost: base.urgentCareVisitCost,
    primaryCareVisitCost: base.primaryCareVisitCost,
    telehealthVisitCost: base.telehealthVisitCost,
    source: base.source,
  };
  if (!file) return defaults;
  let parsed: unknown;
  try {
    // Stryker disable next-line StringLiteral: equivalent, JSON.parse reads a Buffer as UTF-8 text too
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AssumptionsError(file, '(file)', (error as Error).message);
  }
  const result = assumptionsSchema.partial().safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length
      ? // Stryker disable next-line StringLiteral: equivalent, the schema is flat so a path has one part
        issue.path.join('.')
      : ((issue as { keys?: string[] }).keys?.join(', ') ?? '(file)');
    throw new AssumptionsError(file, field, issue.message);
  }
  const overrides = result.data;
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, with no cost key the file's source or none is all that differs
  const custom = Object.keys(overrides).some((key) => key !== 'source');
  return {
    ...defaults,
    ...overrides,
    source: overrides.source ?? (custom ? `${file} (overrides: ${defaults.source})` : defaults.source),
  };
}

/** The value of Savings_Assumption_Set__c for the assumptions a run used (recorded and hashed, so a new set rewrites them). */
export function assumptionSetOf(assumptions: UsedAssumptions): string {
  return assumptionSetValue({ ...assumptions, name: assumptions.set });
}

export type DiversionCounts = { er: number; urgentCare: number; primaryCare: number };

/** Dollars as whole millionths of a dollar, so that sums and products of costs are exact. */
const micros = (dollars: number): bigint => BigInt(Math.round(roundHalfUp(dollars, 6) * 1_000_000));

/**
 * Σ (avoided cost − telehealth cost) over visits that name what they replaced, rounded half-up to the
 * cent, under `assumptions`: each visit's saving is worked out once, for all the counts given after.
 */
export function costSavingsFor(assumptions: Assumptions): (diverted: DiversionCounts) => number {
  const t = micros(assumptions.telehealthVisitCost);
  const er = micros(assumptions.erVisitCost) - t;
  const urgentCare = micros(assumptions.urgentCareVisitCost) - t;
  const primaryCare = micros(assumptions.primaryCareVisitCost) - t;
  return (diverted) =>
    roundRatioHalfUp(
      BigInt(diverted.er) * er + BigInt(diverted.urgentCare) * urgentCare + BigInt(diverted.primaryCare) * primaryCare,
      1_000_000n,
      2,
    );
}
