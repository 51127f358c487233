import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from '../../scripts/preview/chromium.js';
import { outputDir, plugin, QUARTER, startQbrOrg, type QbrOrg } from '../qbr/qbrOrg.js';
import { axeViolations, describeViolations } from './support/page.js';

const DPI = 96;
/** Page and margins of the document's `@page` rule: 0.6in left, right and top, 0.7in bottom. */
const PAPERS = {
  letter: { width: 8.5, height: 11, points: [612, 792] },
  a4: { width: 210 / 25.4, height: 297 / 25.4, points: [595.92, 842.88] },
} as const;
type Paper = keyof typeof PAPERS;
const contentBox = (paper: Paper): { width: number; height: number } => ({
  width: (PAPERS[paper].width - 1.2) * DPI,
  height: (PAPERS[paper].height - 1.3) * DPI,
});

/** The first line of each section's first page, in document order. */
const HEADINGS = [
  /^Quarterly business review/i,
  /^Summary: /,
  /^Utilization by line of business/,
  /^Value: /,
  /^Account plan/,
  /^Appendix: /,
];

type Layout = {
  sections: Array<{ id: string; height: number; largestBlock: number }>;
  overflowing: string[];
};

/** The document laid out as Chromium prints it (print media, the page's content width). */
async function printLayout(page: Page, html: string, paper: Paper): Promise<Layout> {
  const box = contentBox(paper);
  await page.setViewportSize({ width: Math.floor(box.width), height: Math.floor(box.height) });
  await page.emulateMedia({ media: 'print' });
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page.evaluate<Layout>(`(${LAYOUT_SCRIPT})(${box.width})`);
}

/** Runs in the page; plain JavaScript text, so the test's compiler adds nothing to it. */
const LAYOUT_SCRIPT = `function (width) {
  function describe(element) {
    return element.tagName.toLowerCase() + '.' + element.className + ': ' + (element.textContent || '').slice(0, 60);
  }
  var overflowing = [];
  document.querySelectorAll('.qbr-doc *').forEach(function (element) {
    // Charts scale to their box; screen-reader text is clipped on purpose.
    if (element.closest('svg') || element.closest('.qbr-sr')) return;
    var rect = element.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) return;
    if (rect.right > width + 0.5 || rect.left < -0.5) overflowing.push('outside the page: ' + describe(element));
    if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0 && getComputedStyle(element).display !== 'inline') {
      overflowing.push('text wider than its box: ' + describe(element));
    }
  });
  var sections = Array.from(document.querySelectorAll('.qbr-section')).map(function (section) {
    var blocks = Array.from(section.querySelectorAll('tr, .qbr-chart-row, .qbr-assumption, h3')).map(function (block) {
      return block.getBoundingClientRect().height;
    });
    return { id: section.id, height: section.getBoundingClientRect().height, largestBlock: Math.max.apply(null, [0].concat(blocks)) };
  });
  return { sections: sections, overflowing: overflowing };
}`;

function pdfInfo(file: string): { pages: number; size: number[] } {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!.slice(1, 3).map(Number);
  return { pages, size };
}

function firstLines(file: string, pages: number): string[] {
  return Array.from({ length: pages }, (_, index) => {
    const text = execFileSync('pdftotext', ['-f', String(index + 1), '-l', String(index + 1), '-layout', file, '-'], {
      encoding: 'utf8',
    });
    return (
      text
        .split('\n')
        .map((line) => line.trim())
        .find(Boolean) ?? ''
    );
  });
}

/** Pages as 8-bit gray images (pdftoppm): width, height and pixels. */
function renderPages(file: string, dir: string, dpi: number): Array<{ width: number; height: number; pixels: Buffer }> {
  const prefix = path.join(dir, path.basename(file, '.pdf'));
  execFileSync('pdftoppm', ['-gray', '-r', String(dpi), file, prefix]);
  return readdirSync(dir)
    .filter((name) => name.startsWith(path.basename(prefix)) && name.endsWith('.pgm'))
    .sort()
    .map((name) => {
      const data = readFileSync(path.join(dir, name));
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1'))!;
      return { width: Number(header[1]), height: Number(header[2]), pixels: data.subarray(header[0].length) };
    });
}

describe('QBR documents in Chromium: PDF pages, layout, accessibility', function () {
  this.timeout(400_000);
  let setup: QbrOrg;
  let chromium: Chromium;
  let page: Page;
  let dir: string;
  let busiest: string;
  const html = new Map<string, string>();

  before(async () => {
    setup = await startQbrOrg();
    dir = outputDir(setup.feeds);
    // The generated plan with the most lines of business: the longest document.
    busiest = [...setup.feeds.dataset.plans].sort((a, b) => b.contracts.length - a.contracts.length)[0].healthPlanId;
    const runs = await Promise.all([
      plugin(setup.org, [
        'healthplan',
        'qbr',
        '--all',
        '--quarter',
        QUARTER,
        '--output',
        path.join(dir, 'html', 'qbr.html'),
      ]),
      plugin(setup.org, [
        'healthplan',
        'qbr',
        '--health-plan-id',
        busiest,
        '--quarter',
        QUARTER,
        '--output',
        path.join(dir, 'letter.pdf'),
      ]),
      plugin(setup.org, [
        'healthplan',
        'qbr',
        '--health-plan-id',
        busiest,
        '--quarter',
        QUARTER,
        '--paper',
        'a4',
        '--output',
        path.join(dir, 'a4.pdf'),
      ]),
      plugin(setup.org, [
        'healthplan',
        'qbr',
        '--health-plan-id',
        'HP-ONE',
        '--quarter',
        QUARTER,
        '--output',
        path.join(dir, 'one.pdf'),
      ]),
      plugin(setup.org, [
        'healthplan',
        'qbr',
        '--health-plan-id',
        'HP-NOPLAN',
        '--quarter',
        '2027-Q1',
        '--output',
        path.join(dir, 'empty.pdf'),
      ]),
    ]);
    for (const run of runs) expect(run.code, run.stdout + run.stderr).to.equal(0);
    for (const entry of (runs[0].json.result as { files: Array<{ healthPlanId: string; file: string }> }).files) {
      html.set(entry.healthPlanId, readFileSync(entry.file, 'utf8'));
    }
    chromium = await launchChromium();
    page = await chromium.context.newPage();
  });

  after(async () => {
    await chromium?.close();
    await setup?.org.stop();
  });

  const cases: Array<{ file: string; plan: () => string; paper: Paper }> = [
    { file: 'letter.pdf', plan: () => busiest, paper: 'letter' },
    { file: 'a4.pdf', plan: () => busiest, paper: 'a4' },
    { file: 'one.pdf', plan: () => 'HP-ONE', paper: 'letter' },
  ];

  for (const { file, plan, paper } of cases) {
    it(`${file}: the page size, and each section on the pages its printed height needs`, async () => {
      const pdf = path.join(dir, file);
      const info = pdfInfo(pdf);
      PAPERS[paper].points.forEach((points, index) => expect(info.size[index]).to.be.closeTo(points, 1));
      const layout = await printLayout(page, html.get(plan())!, paper);
      expect(layout.sections.map((section) => section.id)).to.deep.equal([
        'qbr-cover',
        'qbr-summary',
        'qbr-utilization',
        'qbr-value',
        'qbr-plan',
        'qbr-appendix',
      ]);
      const lines = firstLines(pdf, info.pages);
      const starts = HEADINGS.map((heading) => lines.findIndex((line) => heading.test(line)));
      expect(
        starts.every((start) => start >= 0),
        `first lines: ${JSON.stringify(lines)}`,
      ).to.equal(true);
      expect(starts).to.deep.equal([...starts].sort((a, b) => a - b));
      const height = contentBox(paper).height;
      layout.sections.forEach((section, index) => {
        const pages = (index + 1 < starts.length ? starts[index + 1] : info.pages) - starts[index];
        // A block kept whole (a table row, a chart with its table) can leave at most its height blank on a page.
        const fewest = Math.max(1, Math.ceil(section.height / height - 0.001));
        const most = Math.max(1, Math.ceil(section.height / (height - section.largestBlock)));
        expect(pages, `${section.id}: ${section.height}px of ${height}px pages`).to.be.within(fewest, most);
      });
      expect(starts[1], 'the cover is one page').to.equal(1);
    });
  }

  it('prints nothing into the margins of any page (pdftoppm)', () => {
    const dpi = 30;
    for (const file of ['letter.pdf', 'a4.pdf', 'one.pdf', 'empty.pdf']) {
      const pages = renderPages(path.join(dir, file), dir, dpi);
      expect(pages.length, file).to.equal(pdfInfo(path.join(dir, file)).pages);
      const strip = Math.floor(0.5 * dpi);
      pages.forEach((image, index) => {
        let darkest = 255;
        for (let y = 0; y < image.height; y++) {
          for (let x = 0; x < image.width; x++) {
            const inMargin = y < strip || x < strip || x >= image.width - strip;
            if (inMargin) darkest = Math.min(darkest, image.pixels[y * image.width + x]);
          }
        }
        expect(darkest, `${file} page ${index + 1}: ink in the left, right or top margin`).to.be.above(245);
      });
    }
  });

  for (const paper of ['letter', 'a4'] as const) {
    it(`no text overflows its box or the page on ${paper} paper, for every plan`, async () => {
      for (const [planId, document] of html) {
        const layout = await printLayout(page, document, paper);
        expect(layout.overflowing, planId).to.deep.equal([]);
      }
    });
  }

  it('passes axe-core, for every plan and for an empty quarter', async () => {
    const emptyFile = path.join(dir, 'empty.html');
    const run = await plugin(setup.org, [
      'healthplan',
      'qbr',
      '--health-plan-id',
      'HP-ONE',
      '--quarter',
      '2027-Q1',
      '--output',
      emptyFile,
    ]);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    const empty = readFileSync(emptyFile, 'utf8');
    await page.emulateMedia({ media: 'screen' });
    for (const [name, document] of [...html, ['empty quarter', empty] as const]) {
      await page.setContent(document, { waitUntil: 'load' });
      const violations = await axeViolations(page.locator('html'));
      expect(violations, `${name}: ${describeViolations(violations)}`).to.deep.equal([]);
    }
  });

  it('loads nothing from the network', async () => {
    const requests: string[] = [];
    const listener = (request: { url(): string }): void => {
      requests.push(request.url());
    };
    page.on('request', listener);
    await page.setContent(html.get(busiest)!, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    page.off('request', listener);
    expect(requests.filter((url) => !url.startsWith('data:'))).to.deep.equal([]);
    expect(await page.evaluate(() => document.fonts.check('12px Inter'))).to.equal(true);
  });
});
