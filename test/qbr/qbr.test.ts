import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { outputDir, plugin, QUARTER, SET, startQbrOrg, type QbrOrg } from './qbrOrg.js';
import { DECIMALS, expectedValue, orgFacts, parsePrinted, printedFigures } from './recompute.js';

/** Text a reader sees: tags dropped, entities of the renderer decoded, whitespace collapsed. */
const visibleText = (html: string): string =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

/**
 * `sf healthplan qbr` end to end: the real plugin as a child process against the local org, every
 * printed number checked against a separate computation from the org's snapshots.
 */
describe('sf healthplan qbr against the local org', function () {
  this.timeout(300_000);
  let setup: QbrOrg;
  let dir: string;
  let files: Map<string, string>;

  before(async () => {
    setup = await startQbrOrg();
    dir = outputDir(setup.feeds);
    const run = await plugin(setup.org, [
      'healthplan',
      'qbr',
      '--all',
      '--quarter',
      QUARTER,
      '--output',
      path.join(dir, 'qbr.html'),
    ]);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    const written = (run.json.result as { files: Array<{ healthPlanId: string; file: string }> }).files;
    files = new Map(written.map((entry) => [entry.healthPlanId, readFileSync(entry.file, 'utf8')]));
  });

  after(async () => {
    await setup?.org.stop();
  });

  it('writes one document per health plan with --all, named after --output', () => {
    const planIds = [...setup.feeds.dataset.plans.map((plan) => plan.healthPlanId), 'HP-NOPLAN', 'HP-ONE'].sort();
    expect([...files.keys()].sort()).to.deep.equal(planIds);
    expect(readdirSync(dir).sort()).to.deep.equal(planIds.map((id) => `qbr-${id}.html`));
  });

  it('prints every number as the org data for the quarter gives it, recomputed from the snapshots', async () => {
    let checked = 0;
    for (const [planId, html] of files) {
      const facts = await orgFacts(setup.org.conn, planId);
      const printed = printedFigures(html);
      expect(printed.length, planId).to.be.greaterThan(20);
      for (const { id, text } of printed) {
        const expected = expectedValue(id, facts);
        const value = parsePrinted(text);
        const measure = id.split('.').at(-1)!;
        if (expected === null) {
          expect(value, `${planId} ${id}`).to.equal(null);
          continue;
        }
        expect(value, `${planId} ${id} printed ${text}`).to.not.equal(null);
        const tolerance = 0.5 * 10 ** -DECIMALS[measure] + 1e-9;
        expect(
          Math.abs(value! - expected),
          `${planId} ${id}: printed ${text}, the org gives ${expected}`,
        ).to.be.at.most(tolerance);
        checked++;
      }
      // Table cells carry no number that is not a figure (objectives print the org's own fields).
      const cells = [...html.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((match) => match[1]);
      const objectiveTables = [...html.matchAll(/<table class="qbr-table qbr-objectives">[\s\S]*?<\/table>/g)].join('');
      const sources = /<table class="qbr-table qbr-sources">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
      for (const cell of cells) {
        if (objectiveTables.includes(cell) || sources.includes(cell)) continue;
        const bare = visibleText(cell.replace(/<(span|tspan) data-figure="[^"]+">[^<]*<\/\1>/g, ''));
        expect(bare.replace(/Q[1-4] \d{4}/g, ''), `${planId}: ${cell}`).to.not.match(/\d/);
      }
    }
    expect(checked).to.be.greaterThan(300);
  });

  it('gives the hand-worked figures of the one-line plan, with its targets, sponsor and objectives', () => {
    const html = files.get('HP-ONE')!;
    const figures = new Map(printedFigures(html).map(({ id, text }) => [id, text]));
    // Worked out in qbrOrg.ts, from the snapshots as written.
    expect(figures.get('Commercial.2026-Q3.eligible')).to.equal('1,200');
    expect(figures.get('Commercial.2026-Q3.registrationRate')).to.equal('20%');
    expect(figures.get('Commercial.2026-Q3.visitsPer1000')).to.equal('450');
    expect(figures.get('Commercial.2026-Q3.behavioralShare')).to.equal('23.3%');
    expect(figures.get('Commercial.2026-Q3.savings')).to.equal('$12,000');
    expect(figures.get('Commercial.2026-Q3.fees')).to.equal('$4,000');
    expect(figures.get('Commercial.2026-Q3.roi')).to.equal('3×');
    expect(figures.get('Commercial.2026-Q3.rating')).to.equal('4.38');
    expect(figures.get('Commercial.2026-Q2.visitsPer1000')).to.equal('240');
    expect(figures.get('target.quarterSavings')).to.equal('$10,000');
    expect(figures.get('assumption.Public_2024_Averages.erVisitCost')).to.equal('$1,686');
    // One line of business: no "All lines" row in the tables, and one group per chart.
    expect(html).to.not.contain('class="qbr-total"');
    expect(printedFigures(html).some(({ id }) => id.startsWith('All lines.2026-Q3.'))).to.equal(true);
    const text = visibleText(html);
    expect(text).to.contain('Dana Whitfield, Chief Medical Officer');
    expect(text).to.contain('Public 2024 averages (test)');
    expect(text).to.match(/What was done Launch the member app campaign/);
    expect(text).to.match(/What is next Add behavioral health to the ID card/);
    expect(text).to.contain('HP-ONE|Commercial|2026-07 HP-ONE|Commercial|2026-08 HP-ONE|Commercial|2026-09');
    expect(SET).to.contain('Public 2024 averages (test)');
  });

  it('says so, and still gives the rest, for a plan without an account plan', () => {
    const text = visibleText(files.get('HP-NOPLAN')!);
    expect(text).to.contain('There is no active account plan for this health plan yet');
    expect(text).to.contain('No executive sponsor recorded on the account plan');
    expect(text).to.contain('Utilization by line of business');
    expect(text).to.contain('Medicaid');
  });

  it('never prints the renewal-risk score or tier, but names the open risks in plain words', async () => {
    const accounts = await setup.org.conn.query<{ Health_Plan_Id__c: string; Renewal_Risk_Score__c: number | null }>(
      'SELECT Health_Plan_Id__c, Renewal_Risk_Score__c FROM Account WHERE Health_Plan_Id__c != null',
    );
    let withRisks = 0;
    for (const account of accounts.records) {
      const text = visibleText(files.get(account.Health_Plan_Id__c)!);
      expect(text, account.Health_Plan_Id__c).to.not.match(/\b(score|scored|tier|Critical|badness|contribution)\b/i);
      const risks = /Open risks (.*?) Appendix/.exec(text)?.[1] ?? '';
      if (!risks.startsWith('No open risks')) withRisks++;
      if (account.Renewal_Risk_Score__c !== null) {
        expect(risks, account.Health_Plan_Id__c).to.not.contain(account.Renewal_Risk_Score__c.toFixed(1));
      }
    }
    expect(withRisks).to.be.greaterThan(0);
  });

  it('writes a sensible document for a quarter with no data', async () => {
    const file = path.join(dir, 'empty', 'HP-ONE-2027-Q1.html');
    const run = await plugin(setup.org, [
      'healthplan',
      'qbr',
      '--health-plan-id',
      'HP-ONE',
      '--quarter',
      '2027-Q1',
      '--output',
      file,
    ]);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(run.json.result).to.deep.include({ quarter: '2027-Q1', format: 'html' });
    expect((run.json.result as { files: Array<{ empty: boolean }> }).files[0].empty).to.equal(true);
    const html = readFileSync(file, 'utf8');
    const text = visibleText(html);
    expect(text).to.contain('No utilization was reported for Q1 2027');
    const current = printedFigures(html).filter(({ id }) => id.includes('.2027-Q1.'));
    expect(current.length).to.be.greaterThan(0);
    expect(current.every(({ text: printed }) => printed === '—')).to.equal(true);
    // The quarter before (2026-Q4) is empty too; the same quarter a year earlier is not there either.
    expect(text).to.contain('Account plan: Solo 2026 plan');
  });

  it('names what to do for an unknown plan, a bad quarter and a bad output name', async () => {
    const unknown = await plugin(setup.org, [
      'healthplan',
      'qbr',
      '--health-plan-id',
      'HP-NOPE',
      '--output',
      path.join(dir, 'x.pdf'),
    ]);
    expect(unknown.code).to.equal(1);
    expect(unknown.json.message).to.contain('HP-NOPE');
    const quarter = await plugin(setup.org, [
      'healthplan',
      'qbr',
      '--all',
      '--quarter',
      '2026-3',
      '--output',
      path.join(dir, 'x.pdf'),
    ]);
    expect(quarter.code).to.equal(1);
    expect(quarter.json.message).to.contain('YYYY-Qn');
    const output = await plugin(setup.org, ['healthplan', 'qbr', '--all', '--output', path.join(dir, 'x.docx')]);
    expect(output.code).to.equal(1);
    expect(output.json.message).to.contain('.pdf or .html');
  });

  it('is self-contained: no link, script or resource outside the file', () => {
    for (const [planId, html] of files) {
      expect(html, planId).to.not.match(/\b(src|href)=|<script|<link|url\((?!data:)|https?:\/\//i);
      expect(html, planId).to.contain('@font-face { font-family: Inter');
    }
  });

  it('escapes what the org holds: a hostile account name is shown as text, never as markup', async () => {
    const hostile = '<img src=x onerror="alert(1)"> & Co';
    const account = await setup.org.conn.query<{ Id: string }>(
      "SELECT Id FROM Account WHERE Health_Plan_Id__c = 'HP-ONE'",
    );
    await setup.org.conn.sobject('Account').update({ Id: account.records[0].Id, Name: hostile });
    const file = path.join(dir, 'hostile', 'HP-ONE.html');
    const run = await plugin(setup.org, [
      'healthplan',
      'qbr',
      '--health-plan-id',
      'HP-ONE',
      '--quarter',
      QUARTER,
      '--output',
      file,
    ]);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    const html = readFileSync(file, 'utf8');
    expect(html).to.not.contain('<img');
    expect(html).to.contain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co');
  });
});
