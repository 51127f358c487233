/**
 * "What if…" on the renewal risk card in Chromium, against a seeded local org: every score the page shows
 * is compared with the plugin's own model run in Node on the org's data with the same change applied.
 * Nothing the rep tries is written to the org.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loadAccounts, type LoadedAccount } from '../../plugin/src/core/risk/loadAccounts.js';
import { loadRiskConfig } from '../../plugin/src/core/risk/loadRiskConfig.js';
import { scoreAccount, type AccountRiskInput, type RiskConfig } from '../../plugin/src/core/risk/model/index.js';
import { riskReader } from '../../plugin/src/core/risk/reader.js';
import { launchChromium, type Chromium } from '../../scripts/preview/chromium.js';
import { seedRecordPage, type SeededPage } from '../../scripts/preview/seed.js';
import { startPreview, type Preview } from '../../scripts/preview/server.js';
import { startTestOrg, type TestOrg } from '../support/localOrg.js';
import { sharedBundle } from './support/bundle.js';
import { axeViolations, byLabel, chooseOption, describeViolations, screenshot, settle } from './support/page.js';

describe('What if on the renewal risk card in Chromium', function () {
  this.timeout(240_000);
  let org: TestOrg;
  let seeded: SeededPage;
  let preview: Preview;
  let chrome: Chromium;
  let page: Page;
  let account: LoadedAccount;
  let config: RiskConfig;
  const pageErrors: string[] = [];
  const asOf = new Date().toISOString().slice(0, 10);

  const shownScore = async (): Promise<number> =>
    Number(await page.locator('c-risk-what-if .what-if-score').getAttribute('data-score'));
  const oneDecimal = (score: number): string => score.toFixed(1);

  before(async () => {
    org = await startTestOrg();
    seeded = await seedRecordPage(org.conn, { months: 12 });
    const reader = riskReader(org.conn);
    [account] = await loadAccounts(reader, { asOf, healthPlanIds: [seeded.healthPlanId] });
    config = (await loadRiskConfig(reader)).config;
    preview = await startPreview({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      bundle: await sharedBundle(),
    });
    chrome = await launchChromium();
    page = await chrome.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${preview.url}/account/${seeded.accountId}`);
    await settle(page);
    await page.locator('c-renewal-risk-card').getByRole('button', { name: 'What if…' }).click();
    await settle(page);
  });

  after(async () => {
    await chrome?.close();
    await preview?.stop();
    await org?.stop();
  });

  it("starts from the model's score on the org's data, as the plugin computes it", async () => {
    const expected = scoreAccount({ ...account.input, previous: null }, config);
    expect(expected.score).to.be.a('number');
    expect(await shownScore()).to.be.closeTo(expected.score!, 1e-9);
    const panel = page.locator('c-risk-what-if');
    expect(await panel.locator('.what-if-score').innerText()).to.equal(oneDecimal(expected.score!));
    expect(await panel.locator('.what-if-tier').innerText()).to.equal(expected.tier);
    const sentences = await panel.locator('.driver').allInnerTexts();
    expect(sentences[0]).to.include(expected.drivers[0].sentence);
    const violations = await axeViolations(panel);
    expect(violations, describeViolations(violations)).to.deep.equal([]);
    await screenshot(panel, 'whatIf-start');
  });

  it("moves the score exactly as the plugin's model does when a stakeholder's sentiment changes", async () => {
    const panel = page.locator('c-risk-what-if');
    const influential = account.input.stakeholders.find((s) => s.influence === 'High' && s.sentiment !== 'Detractor')!;
    await chooseOption(byLabel(panel, 'lightning-combobox', 'Stakeholder'), influential.name);
    await chooseOption(byLabel(panel, 'lightning-combobox', 'Sentiment'), 'Detractor');
    const changed: AccountRiskInput = {
      ...account.input,
      previous: null,
      stakeholders: account.input.stakeholders.map((s) => (s === influential ? { ...s, sentiment: 'Detractor' } : s)),
    };
    const expected = scoreAccount(changed, config);
    const before = scoreAccount({ ...account.input, previous: null }, config);
    expect(expected.score).to.be.greaterThan(before.score!);
    expect(await shownScore()).to.be.closeTo(expected.score!, 1e-9);
    expect(await panel.locator('.what-if-score').innerText()).to.equal(oneDecimal(expected.score!));
    expect(await panel.locator('.what-if-tier').innerText()).to.equal(expected.tier);
    await screenshot(panel, 'whatIf-sentiment');
  });

  it('adds an objective set to Off Track and a renewal 30 days out, still equal to the model', async () => {
    const panel = page.locator('c-risk-what-if');
    const objectives = account.input.plan!.objectives;
    const target = objectives.find((o) => o.status !== 'Off Track')!;
    await chooseOption(byLabel(panel, 'lightning-combobox', 'Objective'), target.name);
    await chooseOption(byLabel(panel, 'lightning-combobox', 'Status'), 'Off Track');
    const renewal = new Date(Date.parse(`${asOf}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    await panel.evaluate((element, date) => {
      const input = element.shadowRoot!.querySelector('lightning-input')!;
      input.dispatchEvent(new CustomEvent('change', { detail: { value: date } }));
    }, renewal);
    const influential = account.input.stakeholders.find((s) => s.influence === 'High' && s.sentiment !== 'Detractor')!;
    const nearest = account.input.contracts
      .map((c) => c.endDate)
      .filter((d): d is string => d !== null && d >= asOf)
      .sort()[0];
    const changed: AccountRiskInput = {
      ...account.input,
      previous: null,
      renewalDate: renewal,
      contracts: account.input.contracts.map((c) => (c.endDate === nearest ? { ...c, endDate: renewal } : c)),
      stakeholders: account.input.stakeholders.map((s) => (s === influential ? { ...s, sentiment: 'Detractor' } : s)),
      plan: {
        ...account.input.plan!,
        objectives: objectives.map((o) => (o === target ? { ...o, status: 'Off Track' } : o)),
      },
    };
    const expected = scoreAccount(changed, config);
    expect(await shownScore()).to.be.closeTo(expected.score!, 1e-9);
    expect(await panel.locator('.what-if-tier').innerText()).to.equal(expected.tier);
  });

  it("resets to the org's values and writes nothing", async () => {
    const panel = page.locator('c-risk-what-if');
    await panel.getByRole('button', { name: "Reset to the org's values" }).click();
    const expected = scoreAccount({ ...account.input, previous: null }, config);
    expect(await shownScore()).to.be.closeTo(expected.score!, 1e-9);
    const [again] = await loadAccounts(riskReader(org.conn), { asOf, healthPlanIds: [seeded.healthPlanId] });
    expect(again.input).to.deep.equal(account.input);
    expect(pageErrors).to.deep.equal([]);
  });
});
