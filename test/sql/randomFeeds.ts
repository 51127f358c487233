/**
 * Small random feeds full of what the rules must handle: padded and blank values, unknown
 * lines of business, service lines, diversions and ratings, negative counts, registered above
 * eligible, malformed periods, days and months Salesforce does not store, and many visit ids and eligibility keys used more than once.
 * Every value fits the typed warehouse columns (dates are dates, counts and ratings integers),
 * and every plan id is one the org knows or one no row may use, so the warehouse and the
 * streaming sync see the same rows.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Rng } from '../../scripts/demo-data/random.js';

export const KNOWN_PLANS = ['HP-1', 'HP-2', 'hp-1'];

const PLAN_IDS = [...KNOWN_PLANS, ' HP-2 ', 'HP-1 ', '', 'HP|9', 'X'.repeat(81)];
const LINES = ['Commercial', 'Medicare', 'Medicaid', 'Exchange', ' Medicare', 'commercial', 'Other', ''];
const SERVICE_LINES = [
  'urgent_care',
  'behavioral_health',
  'psychiatry',
  'primary_care',
  'dermatology',
  'other',
  ' psychiatry ',
  'Urgent_Care',
  '',
];
const DIVERSIONS = ['er', 'urgent_care', 'primary_care', 'none', '', '', ' er', 'ER', 'hospital'];
const RATINGS = ['', '', '1', '2', '3', '4', '5', '5', '0', '6'];
const PERIODS = ['2024-01', '2024-02', '2024-03', ' 2024-02', '2024-13', '2024-1', 'abcd-01', '', '1699-12', '4001-01'];
/** Days Salesforce does not store, next to the first and last it does. */
const EDGE_DAYS = ['1699-12-31', '1700-01-01', '4000-12-31', '4001-01-01'];

/** Mostly the common values, now and then one of the others. */
function value(rng: Rng, values: readonly string[], common: number): string {
  return rng.chance(0.85) ? values[rng.int(0, common - 1)] : rng.pick(values);
}

export async function writeRandomFeeds(
  dir: string,
  seed: number,
  visitRows: number,
): Promise<{ eligibility: string; visits: string }> {
  const rng = new Rng(seed);
  const eligibility = ['health_plan_id,line_of_business,period,eligible_members,registered_members'];
  for (let i = 0; i < visitRows / 20; i++) {
    const eligible = rng.chance(0.05) ? -rng.int(1, 5) : rng.int(0, 400);
    const registered = rng.chance(0.1) ? eligible + rng.int(1, 5) : rng.int(0, Math.max(0, eligible));
    eligibility.push(
      [
        value(rng, PLAN_IDS, KNOWN_PLANS.length),
        value(rng, LINES, 4),
        value(rng, PERIODS, 3),
        rng.chance(0.03) ? '' : String(eligible),
        String(registered),
      ].join(','),
    );
  }
  const visits = ['visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating'];
  for (let i = 0; i < visitRows; i++) {
    // About one id in three is used again, some with spaces around it.
    const id = `V${rng.int(1, Math.ceil(visitRows * 0.75))}`;
    const day = rng.chance(0.01)
      ? rng.pick(EDGE_DAYS)
      : `2024-0${rng.int(1, 3)}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    visits.push(
      [
        rng.chance(0.02) ? '' : rng.chance(0.05) ? ` ${id} ` : id,
        value(rng, PLAN_IDS, KNOWN_PLANS.length),
        value(rng, LINES, 4),
        day,
        value(rng, SERVICE_LINES, 6),
        value(rng, DIVERSIONS, 6),
        value(rng, RATINGS, 8),
      ].join(','),
    );
  }
  const files = { eligibility: path.join(dir, 'eligibility.csv'), visits: path.join(dir, 'visits.csv') };
  await writeFile(files.eligibility, eligibility.join('\n') + '\n');
  await writeFile(files.visits, visits.join('\n') + '\n');
  return files;
}
