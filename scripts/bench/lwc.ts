/**
 * `npm run bench -- lwc`: how long utilizationTrend takes to render 36 months × 4 lines of business in
 * Chromium, against the same component with 12 months × 1 line of business in the same run, and the
 * size of each component's compiled JavaScript.
 *
 * One render = createElement + append + wait until its wires delivered and it re-rendered + forced
 * layout, timed with performance.now in the page (scripts/preview/client/measureRender.js). The data is in the preview's record cache (as in
 * Lightning Data Service after the first visit), so the figure is the component's work, not the network.
 */
import { DEFAULT_FORCE_APP_DIR } from '../schema/forceAppSchema.js';
import path from 'node:path';
import { connect } from '../local-org/connect.js';
import { startLocalOrg } from '../local-org/server.js';
import { buildPreview, repoRoot } from '../preview/build.js';
import { launchChromium } from '../preview/chromium.js';
import { seedRecordPage } from '../preview/seed.js';
import { startPreview } from '../preview/server.js';
import type { BenchRow } from './types.js';

const WARM_UP = 3;
const RUNS = 25;

const measureScript = path.join(repoRoot, 'scripts', 'preview', 'client', 'measureRender.js');

type RenderCase = { tag: string; component: string; properties: Record<string, unknown> };

declare global {
  interface Window {
    measureRender(cases: RenderCase[], warmUp: number, runs: number): Promise<number[][]>;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

export async function run(): Promise<BenchRow[]> {
  const org = await startLocalOrg({ preload: DEFAULT_FORCE_APP_DIR });
  const chrome = await launchChromium().catch(async (error: unknown) => {
    await org.stop();
    throw error;
  });
  try {
    const conn = connect(org);
    const large = await seedRecordPage(conn, { months: 36, linesOfBusiness: 4 });
    const small = await seedRecordPage(conn, { months: 12, linesOfBusiness: 1, planIndex: 1 });
    const bundle = await buildPreview({ mode: 'production' });
    const preview = await startPreview({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, bundle });
    try {
      const page = await chrome.context.newPage();
      await page.goto(`${preview.url}/blank`);
      await page.waitForFunction(() => 'preview' in window);
      const cases: RenderCase[] = [large.accountId, small.accountId].map((recordId, index) => ({
        tag: 'c-utilization-trend',
        component: 'utilizationTrend',
        properties: { recordId, defaultMonths: index === 0 ? '36' : '12' },
      }));
      await page.addScriptTag({ path: measureScript });
      const timings = await page.evaluate(
        ({ renderCases, warmUp, runs }) => window.measureRender(renderCases, warmUp, runs),
        { renderCases: cases, warmUp: WARM_UP, runs: RUNS },
      );
      const [largeMs, smallMs] = timings.map(median);
      const baseline = { name: `12 months × 1 line of business`, value: round(smallMs, 2) };
      const rows: BenchRow[] = [
        {
          name: `utilizationTrend render, 36 months × 4 LOB (median of ${RUNS})`,
          value: round(largeMs, 2),
          unit: 'ms',
          baseline,
          aim: '< 50 ms',
        },
      ];
      for (const size of bundle.sizes) {
        rows.push({ name: `${size.name} compiled JS`, value: round(size.bytes / 1024, 1), unit: 'KiB' });
        rows.push({ name: `${size.name} compiled JS, gzip`, value: round(size.gzipBytes / 1024, 1), unit: 'KiB' });
      }
      rows.push({
        name: 'preview bundle (engine + base components + all)',
        value: round(Buffer.byteLength(bundle.code) / 1024, 0),
        unit: 'KiB',
      });
      return rows;
    } finally {
      await preview.stop();
    }
  } finally {
    await chrome.close();
    await org.stop();
  }
}
