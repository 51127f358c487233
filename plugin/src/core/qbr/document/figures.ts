/**
 * The quarter's measures for one line of business or the whole plan, each as a `Figure` that knows
 * the snapshots it came from. Fees and ROI are the product's one definition (`risk/model/fees.ts`).
 */
import {
  feesForMonths,
  formatNumber,
  monthIndex,
  returnOnInvestment,
  type ContractInput,
} from '../../risk/model/index.js';
import type { Figure, FigureUnit, LineFigures, QbrPeriod, QbrSnapshot } from './types.js';

export const TOTAL_SCOPE = 'All lines';

const DECIMALS: Record<FigureUnit, number> = { count: 0, percent: 1, money: 0, rate: 1, ratio: 2, rating: 2 };

/** How a figure prints: `—` for no data, else en-US digits with the unit's precision. */
export function figureText(value: number | null, unit: FigureUnit): string {
  if (value === null) return '—';
  const digits = formatNumber(value, DECIMALS[unit]);
  switch (unit) {
    case 'percent':
      return `${digits}%`;
    case 'money':
      return value < 0 ? `-$${digits.slice(1)}` : `$${digits}`;
    case 'ratio':
      return `${digits}×`;
    default:
      return digits;
  }
}

export function figure(
  id: string,
  label: string,
  value: number | null,
  unit: FigureUnit,
  from: { months?: string[]; keys?: string[]; origin?: string } = {},
): Figure {
  const finite = value !== null && Number.isFinite(value) ? value : null;
  return {
    id,
    label,
    value: finite,
    unit,
    text: figureText(finite, unit),
    months: from.months ?? [],
    keys: from.keys ?? [],
    ...(from.origin ? { origin: from.origin } : {}),
  };
}

const sum = (rows: QbrSnapshot[], pick: (row: QbrSnapshot) => number | null): number =>
  rows.reduce((total, row) => total + (pick(row) ?? 0), 0);

const ratio = (part: number, whole: number, scale = 1): number | null => (whole > 0 ? (part / whole) * scale : null);

/** The measures of `scope` (a line of business, or `TOTAL_SCOPE` for all) over `period`. */
export function lineFigures(
  scope: string,
  period: QbrPeriod,
  snapshots: QbrSnapshot[],
  contracts: ContractInput[],
): LineFigures {
  const rows = snapshots
    .filter((row) => period.months.includes(row.periodStart.slice(0, 7)))
    .filter((row) => scope === TOTAL_SCOPE || row.lineOfBusiness === scope)
    .sort((a, b) => a.key.localeCompare(b.key));
  const keys = rows.map((row) => row.key);
  const months = [...new Set(rows.map((row) => row.periodStart.slice(0, 7)))].sort();
  const id = (measure: string): string => `${scope}.${period.id}.${measure}`;
  const all = { months, keys };

  // Membership is a stock: the latest month of the period with snapshots.
  const latest = months[months.length - 1];
  const latestRows = rows.filter((row) => row.periodStart.startsWith(latest ?? '-'));
  const atLatest = { months: latest ? [latest] : [], keys: latestRows.map((row) => row.key) };
  const eligible = latestRows.length ? sum(latestRows, (row) => row.eligibleMembers) : null;
  const registered = latestRows.length ? sum(latestRows, (row) => row.registeredMembers) : null;

  const visits = rows.length ? sum(rows, (row) => row.visits) : null;
  const memberMonths = sum(rows, (row) => row.eligibleMembers);
  const savings = rows.length ? sum(rows, (row) => row.costSavings) : null;
  const scopeContracts = scope === TOTAL_SCOPE ? contracts : contracts.filter((c) => c.lineOfBusiness === scope);
  const fees = rows.length
    ? feesForMonths(
        scopeContracts,
        rows,
        period.months.map((month) => monthIndex(`${month}-01`)),
      )
    : null;
  const rated = sum(rows, (row) => (row.averageRating === null ? 0 : row.ratedVisits));
  const ratingPoints = sum(rows, (row) => (row.averageRating ?? 0) * (row.ratedVisits ?? 0));

  return {
    lineOfBusiness: scope,
    eligible: figure(id('eligible'), 'Eligible members', eligible, 'count', atLatest),
    registered: figure(id('registered'), 'Registered members', registered, 'count', atLatest),
    registrationRate: figure(
      id('registrationRate'),
      'Registration rate',
      registered === null || eligible === null ? null : ratio(registered, eligible, 100),
      'percent',
      atLatest,
    ),
    visits: figure(id('visits'), 'Visits', visits, 'count', all),
    visitsPer1000: figure(
      id('visitsPer1000'),
      'Visits per 1,000 members (annualized)',
      visits === null ? null : ratio(visits * 12 * 1000, memberMonths),
      'rate',
      all,
    ),
    behavioralShare: figure(
      id('behavioralShare'),
      'Behavioral-health share of visits',
      ratio(
        sum(rows, (row) => row.behavioralHealthVisits),
        visits ?? 0,
        100,
      ),
      'percent',
      all,
    ),
    savings: figure(id('savings'), 'Cost savings', savings, 'money', all),
    fees: figure(id('fees'), 'Fees', fees, 'money', all),
    roi: figure(
      id('roi'),
      'Return on investment (savings ÷ fees)',
      savings === null || fees === null ? null : returnOnInvestment(savings, fees),
      'ratio',
      all,
    ),
    rating: figure(id('rating'), 'Average visit rating (1–5)', ratio(ratingPoints, rated), 'rating', all),
    ratedVisits: figure(id('ratedVisits'), 'Rated visits', rows.length ? rated : null, 'count', all),
  };
}
