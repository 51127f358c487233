/**
 * `npm run bench [-- section ...]`: runs each benchmark section and prints its figures, with the
 * ratio to the baseline that the same section measured in the same run.
 */
import type { BenchRow } from './types.js';

type Section = { name: string; load: () => Promise<{ run: () => Promise<BenchRow[]> }> };

const sections: Section[] = [
  { name: 'demoData', load: () => import('../demo-data/bench.js') },
  { name: 'localOrg', load: () => import('./localOrg.js') },
  { name: 'permissions', load: () => import('./permissions.js') },
  { name: 'sync', load: () => import('./sync.js') },
  { name: 'warehouse', load: () => import('./warehouse.js') },
  { name: 'risk', load: () => import('./risk.js') },
  { name: 'lwc', load: () => import('./lwc.js') },
  { name: 'qbr', load: () => import('./qbr.js') },
  { name: 'portfolio', load: () => import('./portfolio.js') },
];

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) < 10 ? 3 : 1 });
}

function formatRow(row: BenchRow): string {
  const spread = row.spread
    ? ` [${formatNumber(row.spread.min)}–${formatNumber(row.spread.max)}, ${row.spread.runs} runs]`
    : '';
  const measured = `${formatNumber(row.value)} ${row.unit}${spread}`;
  const ratio = row.baseline
    ? `${formatNumber(row.value / row.baseline.value)}× ${row.baseline.name} (${formatNumber(row.baseline.value)} ${row.unit})`
    : '';
  return [`  ${row.name}`.padEnd(58), measured.padEnd(36), ratio.padEnd(60), row.aim ? `aim ${row.aim}` : '']
    .join(' ')
    .trimEnd();
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !sections.some((section) => section.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown bench section: ${unknown.join(', ')}. Sections: ${sections.map((s) => s.name).join(', ')}`,
    );
  }
  const selected = wanted.length > 0 ? sections.filter((section) => wanted.includes(section.name)) : sections;
  for (const section of selected) {
    process.stdout.write(`\n${section.name}\n`);
    // Sections run one at a time so they do not skew each other.
    const rows = await (await section.load()).run();
    for (const row of rows) process.stdout.write(`${formatRow(row)}\n`);
  }
}

await main();
