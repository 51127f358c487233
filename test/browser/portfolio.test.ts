/**
 * The book of business on its App Page and the Home page in Chromium, against a local org seeded with the
 * demo dataset's health plans: the rows are what the org holds, and the header sums are worked out here
 * again from the org's records with a second, plain implementation.
 */
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from '../../scripts/preview/chromium.js';
import { generateDataset, seedOrg } from '../../scripts/demo-data/index.js';
import { startPreview, type Preview } from '../../scripts/preview/server.js';
import { startTestOrg, type TestOrg } from '../support/localOrg.js';
import { sharedBundle } from './support/bundle.js';
import { axeViolations, chooseOption, describeViolations, screenshot, screenshotDir, settle } from './support/page.js';

type AccountRow = {
  Id: string;
  Name: string;
  Contract_Value__c: number | null;
  Renewal_Date__c: string | null;
  Renewal_Risk_Score__c: number | null;
  Renewal_Risk_Tier__c: string | null;
  Renewal_Risk_Override__c: string | null;
};

const TIERS = ['Low', 'Moderate', 'High', 'Critical'];

type Quarter = { label: string; atRisk: number };

describe('Book of business in Chromium', function () {
  this.timeout(240_000);
  let org: TestOrg;
  let preview: Preview;
  let chrome: Chromium;
  let page: Page;
  let accounts: AccountRow[];
  const consoleErrors: string[] = [];

  before(async () => {
    org = await startTestOrg();
    const dataset = generateDataset({ seed: 11, plans: 14, months: 6 });
    const { accountIds } = await seedOrg(org.conn, dataset);
    // What the nightly scoring would have written, varied so every tier and one override appear.
    const updates = Object.values(accountIds).map((id, i) => {
      const score = 8 + i * 6.5;
      const tier = score >= 75 ? 'Critical' : score >= 50 ? 'High' : score >= 25 ? 'Moderate' : 'Low';
      return {
        Id: id,
        Renewal_Risk_Score__c: score,
        Renewal_Risk_Tier__c: tier,
        ...(i === 2 ? { Renewal_Risk_Override__c: 'High', Renewal_Risk_Override_Reason__c: 'New CFO' } : {}),
      };
    });
    await org.conn.sobject('Account').update(updates, { allOrNone: true });
    accounts = (
      await org.conn.query<AccountRow>(
        'SELECT Id, Name, Contract_Value__c, Renewal_Date__c, Renewal_Risk_Score__c, Renewal_Risk_Tier__c, ' +
          'Renewal_Risk_Override__c FROM Account WHERE Health_Plan_Id__c != null',
      )
    ).records;
    preview = await startPreview({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      bundle: await sharedBundle(),
    });
    chrome = await launchChromium();
    page = await chrome.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    await page.goto(`${preview.url}/portfolio`);
    await settle(page);
  });

  after(async () => {
    await chrome?.close();
    await preview?.stop();
    await org?.stop();
  });

  const shownTier = (account: AccountRow): string =>
    account.Renewal_Risk_Override__c ?? account.Renewal_Risk_Tier__c ?? 'Unrated';

  it('lists every health plan the org holds, with its score and shown tier', async () => {
    const portfolio = page.locator('c-health-plan-portfolio');
    expect(accounts).to.have.length(14);
    const rows = portfolio.locator('table.plans tbody tr');
    expect(await rows.count()).to.equal(accounts.length);
    for (const account of accounts) {
      const row = portfolio.locator(`tr[data-id="${account.Id}"]`);
      expect(await row.locator('th a').innerText()).to.equal(account.Name);
      expect(await row.locator('.score').innerText()).to.equal(String(Math.round(account.Renewal_Risk_Score__c!)));
      expect(await row.locator('.tier').innerText()).to.include(shownTier(account));
    }
    // Highest score first by default.
    const top = [...accounts].sort((a, b) => b.Renewal_Risk_Score__c! - a.Renewal_Risk_Score__c!)[0];
    expect(await rows.first().getAttribute('data-id')).to.equal(top.Id);
    await page.screenshot({ path: path.join(screenshotDir, 'portfolioPage.png'), fullPage: true });
  });

  it('sums contract value by tier and by renewal quarter as the org records give them', async () => {
    const portfolio = page.locator('c-health-plan-portfolio');
    const byTier = new Map<string, number>();
    for (const account of accounts) {
      byTier.set(shownTier(account), (byTier.get(shownTier(account)) ?? 0) + (account.Contract_Value__c ?? 0));
    }
    for (const tier of TIERS) {
      const badge = portfolio.locator(`[data-tier="${tier}"]`);
      if (!byTier.has(tier)) {
        expect(await badge.count(), tier).to.equal(0);
        continue;
      }
      expect(Number(await badge.getAttribute('data-value')), tier).to.equal(byTier.get(tier));
    }
    // Quarters from today's: a second implementation, by month arithmetic on the dates as stored.
    const today = new Date().toISOString().slice(0, 10);
    const quarterIndex = (date: string): number =>
      Number(date.slice(0, 4)) * 4 + Math.ceil(Number(date.slice(5, 7)) / 3) - 1;
    const first = quarterIndex(today);
    const quarters: Quarter[] = [];
    for (let offset = 0; offset < 4; offset++) {
      const index = first + offset;
      const renewing = accounts.filter(
        (a) => a.Renewal_Date__c && a.Renewal_Date__c >= today && quarterIndex(a.Renewal_Date__c) === index,
      );
      const value = renewing.reduce((sum, a) => sum + (a.Contract_Value__c ?? 0), 0);
      const atRisk = renewing
        .filter((a) => ['High', 'Critical'].includes(shownTier(a)))
        .reduce((sum, a) => sum + (a.Contract_Value__c ?? 0), 0);
      const row = portfolio.locator(`tr[data-quarter="${Math.floor(index / 4)}-Q${(index % 4) + 1}"]`);
      expect(Number(await row.getAttribute('data-value')), `quarter ${index}`).to.equal(value);
      expect(Number(await row.getAttribute('data-at-risk')), `quarter ${index}`).to.equal(atRisk);
      quarters.push({ label: `Q${(index % 4) + 1} ${Math.floor(index / 4)}`, atRisk });
    }
    const worst = quarters.reduce(
      (most, q) => (q.atRisk > (most?.atRisk ?? 0) ? q : most),
      undefined as Quarter | undefined,
    );
    const compact = (value: number): string =>
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        notation: 'compact',
        minimumFractionDigits: 0,
        maximumFractionDigits: 1,
      }).format(value);
    expect(await portfolio.locator('.headline').innerText()).to.equal(
      worst
        ? `${compact(worst.atRisk)} renewing in ${worst.label} is High or Critical`
        : 'Nothing renewing in the next four quarters is High or Critical',
    );
    const total = accounts.reduce((sum, a) => sum + (a.Contract_Value__c ?? 0), 0);
    expect(await portfolio.locator('.total').innerText()).to.equal(
      `${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(total)} across 14 plans`,
    );
    await screenshot(portfolio.locator('.sums'), 'portfolioSums');
  });

  it('sorts on contract value, filters to no match, and is accessible', async () => {
    const portfolio = page.locator('c-health-plan-portfolio');
    await portfolio.locator('button[data-column="contractValue"]').click();
    const largest = [...accounts].sort((a, b) => (b.Contract_Value__c ?? 0) - (a.Contract_Value__c ?? 0))[0];
    expect(await portfolio.locator('table.plans tbody tr').first().getAttribute('data-id')).to.equal(largest.Id);
    expect(await portfolio.locator('th:has(button[data-column="contractValue"])').getAttribute('aria-sort')).to.equal(
      'descending',
    );
    const violations = await axeViolations(portfolio);
    expect(violations, describeViolations(violations)).to.deep.equal([]);

    const tiers = portfolio.locator('lightning-combobox').nth(1);
    const unused = TIERS.find((tier) => !accounts.some((a) => shownTier(a) === tier));
    if (unused) {
      await chooseOption(tiers, unused);
      expect(await portfolio.locator('.no-match').innerText()).to.equal('No plans match these filters.');
      await screenshot(portfolio, 'portfolioNoMatch');
    }
    await chooseOption(tiers, 'All tiers');
  });

  it('opens the account of a row on its record page', async () => {
    const target = accounts[0];
    await page.locator(`c-health-plan-portfolio a[data-id="${target.Id}"]`).click();
    await page.waitForURL(`**/account/${target.Id}`);
    await settle(page);
    expect(await page.locator('h1').innerText()).to.equal(target.Name);
  });

  it('serves the Home page with the same book', async () => {
    await page.goto(`${preview.url}/home`);
    await settle(page);
    const portfolio = page.locator('c-health-plan-portfolio');
    expect(await portfolio.locator('table.plans tbody tr').count()).to.equal(accounts.length);
    expect(await portfolio.locator('lightning-card').innerText()).to.include('My book of business');
    await page.screenshot({ path: path.join(screenshotDir, 'homePage.png'), fullPage: true });
    expect(consoleErrors).to.deep.equal([]);
  });
});

describe('Book of business in Chromium, empty org and failing org', function () {
  this.timeout(240_000);
  let org: TestOrg;
  let preview: Preview;
  let chrome: Chromium;
  let page: Page;

  before(async () => {
    org = await startTestOrg();
    preview = await startPreview({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      bundle: await sharedBundle(),
    });
    chrome = await launchChromium();
    page = await chrome.context.newPage();
  });

  after(async () => {
    await chrome?.close();
    await preview?.stop();
    await org?.stop();
  });

  it('says the book is empty when no Account carries a health plan id', async () => {
    await org.conn.sobject('Account').create({ Name: 'Not a health plan' });
    await page.goto(`${preview.url}/portfolio`);
    await settle(page);
    const portfolio = page.locator('c-health-plan-portfolio');
    expect(await portfolio.locator('.empty').innerText()).to.include('No health plans to show.');
    const violations = await axeViolations(portfolio);
    expect(violations, describeViolations(violations)).to.deep.equal([]);
    await screenshot(portfolio, 'portfolio-empty');
  });

  it('shows the org error when the GraphQL call fails', async () => {
    org.setFaults({ failRate: 1 });
    try {
      await page.goto(`${preview.url}/portfolio`);
      await settle(page);
      const portfolio = page.locator('c-health-plan-portfolio');
      expect(await portfolio.getByRole('alert').count()).to.be.greaterThan(0);
      expect(await portfolio.innerText()).to.include('The book of business could not be loaded.');
      await portfolio.locator('.details-toggle').click();
      expect(await portfolio.locator('.details').innerText()).to.include(
        'Server temporarily unavailable, please retry',
      );
      await screenshot(portfolio, 'portfolio-error');
    } finally {
      org.setFaults({ failRate: 0 });
    }
  });
});
