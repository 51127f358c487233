/**
 * The QBR document for one plan and quarter: every section's content and every figure, computed once
 * here and printed as is by the HTML renderer (the CLI's PDF and the record page's preview alike).
 */
import { parseAssumptionSet, savingsFigures } from '../../risk/model/index.js';
import { figure, lineFigures, TOTAL_SCOPE } from './figures.js';
import { quarterIndex, quarterPeriod } from './quarters.js';
import { DEFINITIONS, METHOD } from './method.js';
import { riskStatements } from './risks.js';
import type {
  AssumptionView,
  Chart,
  Figure,
  LineFigures,
  ObjectiveGroup,
  QbrAccountPlan,
  QbrDocument,
  QbrInput,
  QbrPeriod,
  SourceRow,
  SummaryRow,
  Trend,
} from './types.js';

const LINE_ORDER = ['Commercial', 'Medicare', 'Medicaid', 'Exchange'];
const STATUS_ORDER = ['Off Track', 'At Risk', 'On Track', 'Not Started', 'Done'];
/** A change smaller than this share of the earlier value is shown as flat. */
const FLAT_WITHIN = 0.01;

export function buildQbr(input: QbrInput): QbrDocument {
  const index = quarterIndex(input.quarter);
  const quarter = quarterPeriod(index);
  const previousQuarter = quarterPeriod(index - 1);
  const lastYearQuarter = quarterPeriod(index - 4);
  const inQuarter = input.snapshots.filter((row) => quarter.months.includes(row.periodStart.slice(0, 7)));
  const lineNames = orderedLines([
    ...inQuarter.map((row) => row.lineOfBusiness),
    ...(inQuarter.length ? [] : input.contracts.map((contract) => contract.lineOfBusiness ?? '')),
  ]);
  const of = (scope: string, period: QbrPeriod): LineFigures =>
    lineFigures(scope, period, input.snapshots, input.contracts);
  const lines = lineNames.map((name) => of(name, quarter));
  const total = of(TOTAL_SCOPE, quarter);
  const previousTotal = of(TOTAL_SCOPE, previousQuarter);
  const lastYearTotal = of(TOTAL_SCOPE, lastYearQuarter);
  const summary = summaryRows(input.accountPlan, total, previousTotal, lastYearTotal);
  const charts = lineCharts(lineNames, [lastYearQuarter, previousQuarter, quarter], of);
  const assumptions = assumptionViews(input, inQuarter);

  const figures = uniqueFigures([
    ...summary.flatMap((row) => [row.current, row.previous, row.lastYear, ...(row.target ? [row.target] : [])]),
    ...[...lines, total].flatMap(lineFigureList),
    ...charts.flatMap((chart) => chart.series.flatMap((series) => series.figures)),
    ...assumptions.flatMap((view) => view.figures),
  ]);
  return {
    title: `Quarterly business review: ${input.plan.name}, ${quarter.label}`,
    planName: input.plan.name,
    healthPlanId: input.plan.healthPlanId,
    quarter,
    previousQuarter,
    lastYearQuarter,
    generatedOn: input.generatedOn,
    empty: inQuarter.length === 0,
    cover: {
      accountTeam: input.accountTeam,
      executiveSponsor: input.executiveSponsor,
      planYear: input.accountPlan?.planYear ?? null,
    },
    summary,
    lines,
    total,
    charts,
    assumptions,
    accountPlan: input.accountPlan && accountPlanSection(input.accountPlan),
    risks: riskStatements(input.riskDrivers),
    appendix: { method: METHOD, definitions: DEFINITIONS, sources: sourceRows(figures) },
    figures,
  };
}

function orderedLines(names: string[]): string[] {
  const present = new Set(names.filter(Boolean));
  const known = LINE_ORDER.filter((name) => present.has(name));
  const others = [...present].filter((name) => !LINE_ORDER.includes(name)).sort();
  return [...known, ...others];
}

export function lineFigureList(line: LineFigures): Figure[] {
  return [
    line.eligible,
    line.registered,
    line.registrationRate,
    line.visits,
    line.visitsPer1000,
    line.behavioralShare,
    line.savings,
    line.fees,
    line.roi,
    line.rating,
    line.ratedVisits,
  ];
}

function trend(current: Figure, earlier: Figure): Trend {
  if (current.value === null || earlier.value === null) return null;
  const change = current.value - earlier.value;
  if (Math.abs(change) <= Math.abs(earlier.value) * FLAT_WITHIN) return 'flat';
  return change > 0 ? 'up' : 'down';
}

type SummaryMeasure = Exclude<keyof LineFigures, 'lineOfBusiness'>;

function summaryRows(
  plan: QbrAccountPlan | null,
  current: LineFigures,
  previous: LineFigures,
  lastYear: LineFigures,
): SummaryRow[] {
  const origin = plan ? `Account plan ${plan.name}` : undefined;
  const target = (id: string, label: string, value: number | null | undefined, unit: Figure['unit']): Figure | null =>
    value === null || value === undefined ? null : figure(`target.${id}`, label, value, unit, { origin });
  const annualSavings = plan?.targetCostSavings ?? null;
  const targets: Partial<Record<SummaryMeasure, Figure | null>> = {
    registrationRate: target('registrationRate', 'Target registration rate', plan?.targetRegistrationRate, 'percent'),
    visitsPer1000: target('visitsPer1000', 'Target visits per 1,000 (annualized)', plan?.targetVisitsPer1000, 'rate'),
    savings: target(
      'quarterSavings',
      'Target cost savings for the quarter (a quarter of the annual target)',
      annualSavings === null ? null : annualSavings / 4,
      'money',
    ),
    rating: target('rating', 'Target average rating', plan?.targetRating, 'rating'),
  };
  const measures: SummaryMeasure[] = [
    'eligible',
    'registrationRate',
    'visitsPer1000',
    'behavioralShare',
    'savings',
    'roi',
    'rating',
  ];
  return measures.map((measure) => {
    const row = current[measure];
    const goal = targets[measure] ?? null;
    return {
      measure,
      label: row.label,
      current: row,
      target: goal,
      meetsTarget: goal?.value == null || row.value === null ? null : row.value >= goal.value,
      previous: previous[measure],
      lastYear: lastYear[measure],
      vsPrevious: trend(row, previous[measure]),
      vsLastYear: trend(row, lastYear[measure]),
    };
  });
}

function lineCharts(
  lineNames: string[],
  periods: QbrPeriod[],
  of: (scope: string, period: QbrPeriod) => LineFigures,
): Chart[] {
  const byPeriod = periods.map((period) => ({ period, lines: lineNames.map((name) => of(name, period)) }));
  const chart = (
    id: 'visitsPer1000' | 'registrationRate' | 'behavioralShare',
    title: string,
    unit: Figure['unit'],
  ): Chart => ({
    id,
    title,
    unit,
    categories: lineNames,
    series: byPeriod.map(({ period, lines }) => ({
      period: period.id,
      label: period.label,
      figures: lines.map((line) => line[id]),
    })),
  });
  return [
    chart('visitsPer1000', 'Visits per 1,000 members (annualized)', 'rate'),
    chart('registrationRate', 'Registration rate', 'percent'),
    chart('behavioralShare', 'Behavioral-health share of visits', 'percent'),
  ];
}

const UNRECORDED = 'Not recorded';

function assumptionViews(input: QbrInput, inQuarter: QbrInput['snapshots']): AssumptionView[] {
  const monthsBySet = new Map<string, Set<string>>();
  for (const row of inQuarter) {
    const value = row.savingsAssumptionSet ?? UNRECORDED;
    const months = monthsBySet.get(value) ?? new Set<string>();
    months.add(row.periodStart.slice(0, 7));
    monthsBySet.set(value, months);
  }
  return [...monthsBySet.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, months]) => {
      const set = parseAssumptionSet(value === UNRECORDED ? null : value);
      if (!set) {
        return {
          set: UNRECORDED,
          source:
            'These snapshots were loaded before the sync recorded its savings assumptions; run the sync again to record them.',
          figures: [],
          months: [...months].sort(),
        };
      }
      const origin = `Savings assumption set ${set.name}`;
      return {
        set: set.name,
        source: fullSource(set.source, input.assumptionSources[set.name]),
        figures: savingsFigures(set).map((item) =>
          figure(`assumption.${set.name}.${item.key}`, item.label, item.amount, 'money', { origin }),
        ),
        months: [...months].sort(),
      };
    });
}

/** The source as recorded on the snapshots; the org record's full text where the snapshot holds a cut of it. */
function fullSource(recorded: string, orgSource: string | undefined): string {
  return orgSource && orgSource.length > recorded.length && orgSource.startsWith(recorded) ? orgSource : recorded;
}

function accountPlanSection(plan: QbrAccountPlan): NonNullable<QbrDocument['accountPlan']> {
  const byDue = (a: { dueDate: string | null }, b: { dueDate: string | null }): number =>
    (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999');
  const statuses = [...new Set(plan.objectives.map((objective) => objective.status ?? 'No status'))].sort(
    (a, b) => rank(a) - rank(b),
  );
  const groups: ObjectiveGroup[] = statuses.map((status) => ({
    status,
    objectives: plan.objectives.filter((objective) => (objective.status ?? 'No status') === status).sort(byDue),
  }));
  return {
    name: plan.name,
    status: plan.status,
    strategy: plan.strategy,
    nextReviewDate: plan.nextReviewDate,
    groups,
    done: plan.objectives.filter((objective) => objective.status === 'Done').sort(byDue),
    next: plan.objectives.filter((objective) => objective.status !== 'Done').sort(byDue),
  };
}

function rank(status: string): number {
  const at = STATUS_ORDER.indexOf(status);
  return at < 0 ? STATUS_ORDER.length : at;
}

function uniqueFigures(figures: Figure[]): Figure[] {
  const byId = new Map<string, Figure>();
  for (const item of figures) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()];
}

/** One row per scope and period: its months, snapshot keys, and the figures computed from them. */
function sourceRows(figures: Figure[]): SourceRow[] {
  const rows = new Map<string, SourceRow>();
  for (const item of figures) {
    if (!item.keys.length) continue;
    const [scope, period] = item.id.split('.');
    const id = `${scope}|${period}|${item.keys.join(',')}`;
    const row = rows.get(id) ?? { scope, period, months: item.months, keys: item.keys, figures: [] };
    if (!row.figures.includes(item.label)) row.figures.push(item.label);
    rows.set(id, row);
  }
  return [...rows.values()];
}
