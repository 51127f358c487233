/**
 * QBRs: `sf healthplan qbr --all` for the 14 demo plans, through the compiled plugin as a user runs
 * it, as PDF and as HTML. Baseline, measured in the same run: Chromium alone printing the same 14
 * HTML files to PDF (browser start included), the floor any PDF route through Chromium pays.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPdfPrinter } from '../../plugin/src/core/qbr/pdfPrinter.js';
import { generateDataset, seedOrg, writeFeeds } from '../demo-data/index.js';
import { REPO_ROOT, startTestOrg } from '../../test/support/localOrg.js';
import type { BenchRow } from './types.js';

const REPEATS = 3;
const QUARTER = '2026-Q3';
const PLUGIN = path.join(REPO_ROOT, 'plugin', 'bin', 'run.js');

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [PLUGIN, ...args],
      { env, cwd: REPO_ROOT, maxBuffer: 1 << 24 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${args.join(' ')}: ${error.message}\n${stdout}${stderr}`))
          : resolve(performance.now() - started),
    );
  });
}

async function chromiumOnly(htmlFiles: string[]): Promise<number> {
  const started = performance.now();
  const printer = await startPdfPrinter();
  try {
    for (const file of htmlFiles) {
      await printer.print(readFileSync(file, 'utf8'), 'letter', path.basename(file));
    }
  } finally {
    await printer.close();
  }
  return performance.now() - started;
}

const seconds = (ms: number): number => Math.round(ms / 10) / 100;

function spread(name: string, ours: number[], baseline: { name: string; values: number[] }, aim?: string): BenchRow[] {
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const stats: Array<[string, (values: number[]) => number]> = [
    ['min', (values) => Math.min(...values)],
    ['median', median],
    ['max', (values) => Math.max(...values)],
  ];
  return stats.map(([label, pick]) => ({
    name: `${name} (${label} of ${ours.length})`,
    value: seconds(pick(ours)),
    unit: 's',
    baseline: { name: baseline.name, value: seconds(pick(baseline.values)) },
    ...(label === 'max' && aim ? { aim } : {}),
  }));
}

export async function run(): Promise<BenchRow[]> {
  execFileSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'plugin/tsconfig.build.json'],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    },
  );
  const alias = `qbr-bench-${process.pid}`;
  const org = await startTestOrg({ alias });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qbr-bench-'));
  try {
    const dataset = generateDataset({ seed: 42, plans: 14, months: 15, visitScale: 0.02, endMonth: '2026-09' });
    await seedOrg(org.conn, dataset);
    const feeds = await writeFeeds(dataset, dir);
    await cli(
      [
        'healthplan',
        'sync',
        '--target-org',
        alias,
        '--eligibility',
        feeds.eligibility,
        '--visits',
        feeds.visits,
        '--reject-file',
        path.join(dir, 'rejects.csv'),
        '--json',
      ],
      org.env,
    );
    await cli(['healthplan', 'risk', 'score', '--target-org', alias, '--as-of', '2026-10-15', '--json'], org.env);

    const pdf: number[] = [];
    const html: number[] = [];
    const chromium: number[] = [];
    for (let round = 0; round < REPEATS; round++) {
      const htmlDir = path.join(dir, `html-${round}`);
      html.push(
        await cli(
          [
            'healthplan',
            'qbr',
            '--target-org',
            alias,
            '--all',
            '--quarter',
            QUARTER,
            '--output',
            path.join(htmlDir, 'qbr.html'),
            '--json',
          ],
          org.env,
        ),
      );
      const htmlFiles = readdirSync(htmlDir).map((name) => path.join(htmlDir, name));
      if (htmlFiles.length !== 14) throw new Error(`expected 14 QBRs, got ${htmlFiles.length}`);
      chromium.push(await chromiumOnly(htmlFiles));
      pdf.push(
        await cli(
          [
            'healthplan',
            'qbr',
            '--target-org',
            alias,
            '--all',
            '--quarter',
            QUARTER,
            '--output',
            path.join(dir, `pdf-${round}`, 'qbr.pdf'),
            '--json',
          ],
          org.env,
        ),
      );
    }
    const baseline = { name: 'Chromium printing the 14 HTML files', values: chromium };
    return [
      ...spread('14 QBRs as PDF: sf healthplan qbr --all', pdf, baseline, '< 20 s'),
      ...spread('14 QBRs as HTML: sf healthplan qbr --all', html, baseline),
    ];
  } finally {
    await org.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
