/**
 * Cost-savings assumptions: what each kind of care a telehealth visit replaced would have cost,
 * and what the telehealth visit itself costs. Defaults are the public 2024 average figures of the
 * risk model's `savingsAssumptions.ts`, which the record page shows too; a JSON file passed with
 * `--assumptions` overrides any of them.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { roundHalfUp, roundRatioHalfUp } from '../numbers/rounding.js';
import { DEFAULT_SAVINGS_ASSUMPTIONS } from '../risk/model/index.js';

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

/** Defaults overridden by the fields the file sets; an unknown or bad field is an error naming it. */
export async function loadAssumptions(file?: string): Promise<Assumptions> {
  if (!file) return DEFAULT_ASSUMPTIONS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AssumptionsError(file, '(file)', (error as Error).message);
  }
  const result = assumptionsSchema.partial().safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length
      ? issue.path.join('.')
      : ((issue as { keys?: string[] }).keys?.join(', ') ?? '(file)');
    throw new AssumptionsError(file, field, issue.message);
  }
  const overrides = result.data;
  const custom = Object.keys(overrides).some((key) => key !== 'source');
  return {
    ...DEFAULT_ASSUMPTIONS,
    ...overrides,
    source: overrides.source ?? (custom ? `${file} (overrides the public 2024 defaults)` : DEFAULT_ASSUMPTIONS.source),
  };
}

export type DiversionCounts = { er: number; urgentCare: number; primaryCare: number };

/** Dollars as whole millionths of a dollar, so that sums and products of costs are exact. */
const micros = (dollars: number): bigint => BigInt(Math.round(roundHalfUp(dollars, 6) * 1_000_000));

/** Σ (avoided cost − telehealth cost) over visits that name what they replaced, rounded half-up to the cent. */
export function costSavings(diverted: DiversionCounts, assumptions: Assumptions): number {
  const t = micros(assumptions.telehealthVisitCost);
  const total =
    BigInt(diverted.er) * (micros(assumptions.erVisitCost) - t) +
    BigInt(diverted.urgentCare) * (micros(assumptions.urgentCareVisitCost) - t) +
    BigInt(diverted.primaryCare) * (micros(assumptions.primaryCareVisitCost) - t);
  return roundRatioHalfUp(total, 1_000_000n, 2);
}
