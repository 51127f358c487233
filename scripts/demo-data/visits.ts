/** The visit feed as a lazy stream: one cell (plan × line of business × month) at a time. */
import { daysInMonth, weekday } from './calendar.js';
import { Rng } from './random.js';
import type { MonthlyCell, VisitRow } from './types.js';
import { visitSampler } from './visitMix.js';
import type { LineOfBusiness } from './vocabulary.js';

const LINE_CODE: Record<LineOfBusiness, string> = {
  Commercial: 'COM',
  Medicare: 'MCR',
  Medicaid: 'MCD',
  Exchange: 'EXC',
};
/** Fewer visits at weekends; Sunday = 0. */
const WEEKDAY_WEIGHT = [0.65, 1, 1, 1, 1, 1, 0.7];

type MonthDays = { dates: string[]; cumulative: number[] };

function monthDays(period: string): MonthDays {
  const count = daysInMonth(period);
  const weights = Array.from({ length: count }, (_, i) => WEEKDAY_WEIGHT[weekday(period, i + 1)]);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let running = 0;
  return {
    dates: weights.map((_, i) => `${period}-${String(i + 1).padStart(2, '0')}`),
    cumulative: weights.map((weight) => (running += weight / total)),
  };
}

function* cellVisits(seed: number, cell: MonthlyCell, days: MonthDays): Generator<VisitRow> {
  const rng = Rng.derive(seed, 'visits', cell.healthPlanId, cell.lineOfBusiness, cell.period);
  const sampler = visitSampler(cell.lineOfBusiness, cell.diversion, cell.ratingDecline);
  const idPrefix = `V${cell.period.replace('-', '')}-${cell.healthPlanId.replace('HP-', '')}-${LINE_CODE[cell.lineOfBusiness]}-`;
  let day = 0;
  for (let i = 0; i < cell.visits; i++) {
    // Positions rise with i, so the visits of a cell come out in date order.
    const position = (i + rng.next()) / cell.visits;
    while (day < days.dates.length - 1 && position >= days.cumulative[day]) day++;
    const serviceLine = sampler.serviceLine(rng);
    yield {
      visit_id: idPrefix + String(i + 1).padStart(6, '0'),
      health_plan_id: cell.healthPlanId,
      line_of_business: cell.lineOfBusiness,
      visit_date: days.dates[day],
      service_line: serviceLine,
      diverted_from: sampler.divertedFrom(rng, serviceLine),
      rating: sampler.rating(rng),
    };
  }
}

/** Every visit of `cells`, lazily: memory holds one row at a time whatever the scale. */
export function* visitStream(seed: number, cells: readonly MonthlyCell[]): Generator<VisitRow> {
  const calendars = new Map<string, MonthDays>();
  for (const cell of cells) {
    if (cell.visits === 0) continue;
    let days = calendars.get(cell.period);
    if (!days) {
      days = monthDays(cell.period);
      calendars.set(cell.period, days);
    }
    yield* cellVisits(seed, cell, days);
  }
}
