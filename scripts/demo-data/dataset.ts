/** `generateDataset`: the whole demo, org records and feeds, from one seed. */
import { dayAfter, formatDay, lastFullMonth, parseDay, parsePeriod, periodsEnding } from './calendar.js';
import { monthlyCells, type ModelCell } from './monthly.js';
import { demoPlan, type RenewalWindow } from './orgRecords.js';
import { planProfiles, type PlanProfile } from './profiles.js';
import { Rng } from './random.js';
import type { Dataset, EligibilityRow, GenerateOptions, MonthlyCell } from './types.js';
import { visitStream } from './visits.js';

/** Healthy plans whose contracts also come up within 90 days, so renewals are not all one story. */
const NEAR_RENEWALS = 2;

function checkOptions(options: GenerateOptions): Required<GenerateOptions> {
  const { seed, plans = 14, months = 24, visitScale = 1 } = options;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}.`);
  if (!Number.isInteger(plans) || plans < 1 || plans > 9999) throw new Error(`plans must be 1–9999, got ${plans}.`);
  if (!Number.isInteger(months) || months < 6)
    throw new Error(`months must be an integer of at least 6, got ${months}.`);
  if (!(visitScale >= 0)) throw new Error(`visitScale must be 0 or more, got ${visitScale}.`);
  const asOf = options.asOf ?? (options.endMonth ? dayAfter(options.endMonth) : formatDay(new Date()));
  parseDay(asOf);
  const endMonth = options.endMonth ?? lastFullMonth(asOf);
  parsePeriod(endMonth);
  return { seed, plans, months, visitScale, asOf, endMonth };
}

function renewalWindows(seed: number, profiles: PlanProfile[]): Map<string, RenewalWindow> {
  const healthy = profiles.filter((profile) => profile.scenario === 'healthy');
  const near = new Set(Rng.derive(seed, 'renewals').shuffle(healthy).slice(0, NEAR_RENEWALS));
  return new Map(
    profiles.map((profile) => [
      profile.healthPlanId,
      profile.scenario === 'renewal-soon-objectives-off-track' ? 'soon' : near.has(profile) ? 'near' : 'far',
    ]),
  );
}

function eligibilityRow(cell: MonthlyCell): EligibilityRow {
  return {
    health_plan_id: cell.healthPlanId,
    line_of_business: cell.lineOfBusiness,
    period: cell.period,
    eligible_members: cell.eligible,
    registered_members: cell.registered,
  };
}

function publicCell({ expectedVisits: _expected, baselineVisits: _baseline, ...cell }: ModelCell): MonthlyCell {
  return cell;
}

export function generateDataset(options: GenerateOptions): Dataset {
  const { seed, plans, months, visitScale, asOf, endMonth } = checkOptions(options);
  const periods = periodsEnding(endMonth, months);
  const profiles = planProfiles(seed, plans);
  const cells = monthlyCells(seed, profiles, periods, visitScale);
  const windows = renewalWindows(seed, profiles);
  const monthly = cells.map(publicCell);
  const cellsByPlan = new Map<string, ModelCell[]>(profiles.map((profile) => [profile.healthPlanId, []]));
  for (const cell of cells) cellsByPlan.get(cell.healthPlanId)?.push(cell);
  return {
    seed,
    endMonth,
    asOf,
    periods,
    visitScale,
    plans: profiles.map((profile) =>
      demoPlan(seed, {
        profile,
        cells: cellsByPlan.get(profile.healthPlanId) ?? [],
        asOf,
        renewal: windows.get(profile.healthPlanId) ?? 'far',
      }),
    ),
    eligibility: monthly.map(eligibilityRow),
    monthly,
    visitCount: monthly.reduce((sum, cell) => sum + cell.visits, 0),
    visits: () => visitStream(seed, monthly),
  };
}
