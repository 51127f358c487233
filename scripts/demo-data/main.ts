/**
 * Writes the demo feeds: `tsx scripts/demo-data/main.ts --seed 42 --out DIR [--scale X]
 * [--format csv|ndjson] [--gzip] [--plans N] [--months N] [--end-month YYYY-MM]`.
 * Prints one JSON line: files, row counts, seconds, and each plan's planted scenario.
 */
import { parseArgs } from 'node:util';
import { generateDataset } from './dataset.js';
import { writeFeeds } from './writeFeeds.js';

const USAGE =
  'Usage: tsx scripts/demo-data/main.ts --seed 42 --out DIR [--scale 1] [--format csv|ndjson] [--gzip] ' +
  '[--plans 14] [--months 24] [--end-month YYYY-MM]';

function numberOption(name: string, text: string | undefined, fallback?: number): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got "${text}".\n${USAGE}`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      out: { type: 'string' },
      scale: { type: 'string' },
      format: { type: 'string' },
      gzip: { type: 'boolean', default: false },
      plans: { type: 'string' },
      months: { type: 'string' },
      'end-month': { type: 'string' },
    },
  });
  if (values.seed === undefined || values.out === undefined)
    throw new Error(`--seed and --out are required.\n${USAGE}`);
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'ndjson')
    throw new Error(`--format must be csv or ndjson, got "${format}".\n${USAGE}`);

  const started = performance.now();
  const dataset = generateDataset({
    seed: numberOption('seed', values.seed) as number,
    visitScale: numberOption('scale', values.scale, 1),
    plans: numberOption('plans', values.plans),
    months: numberOption('months', values.months),
    endMonth: values['end-month'],
  });
  const written = await writeFeeds(dataset, values.out, { format, gzip: values.gzip });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      eligibility: written.eligibility,
      visits: written.visits,
      rows: written.rows,
      periods: [dataset.periods[0], dataset.endMonth],
      asOf: dataset.asOf,
      seconds: Math.round(seconds * 100) / 100,
      visitRowsPerSecond: Math.round(written.rows.visits / seconds),
      plans: dataset.plans.map((plan) => ({
        healthPlanId: plan.healthPlanId,
        name: plan.name,
        scenario: plan.scenario,
      })),
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
