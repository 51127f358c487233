/**
 * `npm run bench -- portfolio`: how long healthPlanPortfolio takes to render a book of 500 health plans
 * (each with its two latest assessments) in Chromium, against the same component on a book of 50 in the
 * same run. The two books live in two local orgs, served by two previews, and the renders alternate
 * between them so both share the machine's load.
 *
 * One render = createElement + append + until its GraphQL wire delivered and it re-rendered + forced
 * layout (scripts/preview/client/measureRender.js). The GraphQL answer is in the preview's cache after
 * the warm-up, as it is in Lightning Data Service, so the figure is the component's work.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { connect } from '../local-org/connect.js';
import { startLocalOrg, type LocalOrg } from '../local-org/server.js';
import { buildPreview, repoRoot, type PreviewBundle } from '../preview/build.js';
import { launchChromium, type Chromium } from '../preview/chromium.js';
import { startPreview, type Preview } from '../preview/server.js';
import type { BenchRow } from './types.js';

const WARM_UP = 3;
const RUNS = 25;
const LARGE = 500;
const SMALL = 50;
const TIERS = ['Low', 'Moderate', 'High', 'Critical'];
const LINES = ['Commercial', 'Medicare', 'Medicaid', 'Exchange'];

const measureScript = path.join(repoRoot, 'scripts', 'preview', 'client', 'measureRender.js');

declare global {
  interface Window {
    measureRender(
      cases: Array<{ tag: string; component: string; properties: Record<string, unknown> }>,
      warmUp: number,
      runs: number,
    ): Promise<number[][]>;
  }
}

async function seedBook(org: LocalOrg, plans: number): Promise<void> {
  const conn = connect(org);
  const accounts = Array.from({ length: plans }, (_, i) => {
    const score = (i * 37) % 100;
    const month = String((i % 12) + 1).padStart(2, '0');
    return {
      Name: `Bench Health Plan ${String(i).padStart(4, '0')}`,
      Health_Plan_Id__c: `BENCH-${i}`,
      Contract_Value__c: 100_000 + ((i * 7919) % 5_000_000),
      Renewal_Date__c: `${2027 + (i % 2)}-${month}-15`,
      Lines_Of_Business__c: LINES.slice(0, (i % 4) + 1).join(';'),
      Renewal_Risk_Score__c: score,
      Renewal_Risk_Tier__c: TIERS[Math.min(3, Math.floor(score / 25))],
    };
  });
  const ids: string[] = [];
  for (let i = 0; i < accounts.length; i += 200) {
    const results = await conn.sobject('Account').create(accounts.slice(i, i + 200), { allOrNone: true });
    ids.push(...results.map((result) => result.id!));
  }
  const drivers = JSON.stringify([
    { factor: 'Utilization_Trend', contribution: 12, sentence: 'Visits per 1,000 fell 18% in the last 3 months.' },
  ]);
  const assessments = ids.flatMap((id, i) =>
    ['2026-10-01', '2026-11-01'].map((day, k) => ({
      Account__c: id,
      Assessment_Key__c: `BENCH-${i}|${day}`,
      Assessed_On__c: day,
      Score__c: accounts[i].Renewal_Risk_Score__c - 5 + k * 5,
      Tier__c: accounts[i].Renewal_Risk_Tier__c,
      Drivers__c: drivers,
    })),
  );
  for (let i = 0; i < assessments.length; i += 200) {
    await conn.sobject('Renewal_Risk_Assessment__c').create(assessments.slice(i, i + 200), { allOrNone: true });
  }
}

async function benchPage(chrome: Chromium, preview: Preview): Promise<Page> {
  const page = await chrome.context.newPage();
  await page.goto(`${preview.url}/blank`);
  await page.waitForFunction(() => 'preview' in window);
  await page.addScriptTag({ path: measureScript });
  return page;
}

const portfolioCase = { tag: 'c-health-plan-portfolio', component: 'healthPlanPortfolio', properties: {} };

async function renders(page: Page, warmUp: number, runs: number): Promise<number[]> {
  const [timings] = await page.evaluate(({ renderCase, w, r }) => window.measureRender([renderCase], w, r), {
    renderCase: portfolioCase,
    w: warmUp,
    r: runs,
  });
  return timings;
}

const round = (value: number): number => Math.round(value * 100) / 100;

function stats(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { min: round(sorted[0]), median: round(median), max: round(sorted[sorted.length - 1]) };
}

export async function run(): Promise<BenchRow[]> {
  const orgs: LocalOrg[] = [];
  const previews: Preview[] = [];
  let chrome: Chromium | undefined;
  try {
    orgs.push(await startLocalOrg(), await startLocalOrg());
    await seedBook(orgs[0], LARGE);
    await seedBook(orgs[1], SMALL);
    const bundle: PreviewBundle = await buildPreview({ mode: 'production' });
    for (const org of orgs) {
      previews.push(await startPreview({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, bundle }));
    }
    chrome = await launchChromium();
    const [largePage, smallPage] = [await benchPage(chrome, previews[0]), await benchPage(chrome, previews[1])];
    await renders(largePage, WARM_UP, 0);
    await renders(smallPage, WARM_UP, 0);
    const large: number[] = [];
    const small: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      large.push(...(await renders(largePage, 0, 1)));

      small.push(...(await renders(smallPage, 0, 1)));
    }
    const l = stats(large);
    const s = stats(small);
    const baseline = { name: `${SMALL} plans (median)`, value: s.median };
    return [
      {
        name: `healthPlanPortfolio render, ${LARGE} plans (median of ${RUNS})`,
        value: l.median,
        unit: 'ms',
        baseline,
        aim: '< 200 ms',
      },
      { name: `  ${LARGE} plans, min`, value: l.min, unit: 'ms' },
      { name: `  ${LARGE} plans, max`, value: l.max, unit: 'ms' },
      { name: `  ${SMALL} plans, min / median / max`, value: s.min, unit: `ms / ${s.median} ms / ${s.max} ms` },
    ];
  } finally {
    await chrome?.close();
    for (const preview of previews) await preview.stop();
    for (const org of orgs) await org.stop();
  }
}
