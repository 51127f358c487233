/**
 * The Account record page in Chromium: the real components, compiled by the preview, against a
 * seeded local org. What the page shows is compared with what the org holds, and what the rep
 * changes in the page is read back from the org.
 */
import path from 'node:path';
import { expect } from 'chai';
import type { Page, Request } from 'playwright-core';
import { launchChromium, type Chromium } from '../../scripts/preview/chromium.js';
import { accountPageLayout } from '../../scripts/preview/flexiPage.js';
import { defaultLwcDir } from '../../scripts/preview/build.js';
import { seedRecordPage, type SeededPage } from '../../scripts/preview/seed.js';
import { startPreview, type Preview } from '../../scripts/preview/server.js';
import { startTestOrg, type TestOrg } from '../support/localOrg.js';
import { sharedBundle } from './support/bundle.js';
import {
  axeViolations,
  byLabel,
  chooseOption,
  describeViolations,
  screenshot,
  screenshotDir,
  settle,
  tagOf,
} from './support/page.js';
import { eventually } from '../../plugin/test/eventually.js';

type Assessment = { Score__c: number; Tier__c: string; Assessed_On__c: string; Drivers__c: string };
type Driver = { sentence: string; contribution: number };

/** `$12,857,165` or `1,234` → 12857165 or 1234. */
function parseNumber(text: string): number {
  return Number(text.replace(/[^0-9.-]/g, ''));
}

describe('Account record page in Chromium', function () {
  this.timeout(240_000);
  let org: TestOrg;
  let seeded: SeededPage;
  let preview: Preview;
  let chrome: Chromium;
  let page: Page;
  const consoleErrors: string[] = [];

  async function picklistValues(object: string, field: string): Promise<string[]> {
    const described = await org.conn.describe(object);
    const found = described.fields.find((candidate) => candidate.name === field);
    // jsforce types the entries as `any`; describe answers `{ active, value, label, ... }` for each.
    const entries = (found?.picklistValues ?? []) as Array<{ active: boolean; value: string }>;
    return entries.filter((entry) => entry.active).map((entry) => entry.value);
  }

  async function latestAssessment(): Promise<Assessment> {
    const { records } = await org.conn.query<Assessment>(
      'SELECT Score__c, Tier__c, Assessed_On__c, Drivers__c FROM Renewal_Risk_Assessment__c ' +
        `WHERE Account__c = '${seeded.accountId}' ORDER BY Assessed_On__c DESC LIMIT 1`,
    );
    return records[0];
  }

  before(async () => {
    org = await startTestOrg();
    seeded = await seedRecordPage(org.conn);
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
    // The console only says "400 (Bad Request)"; the org's answer says why.
    page.on('response', (response) => {
      if (response.status() >= 400) {
        response.text().then(
          (body) =>
            consoleErrors.push(`${response.request().method()} ${response.url()} → ${response.status()} ${body}`),
          () => undefined,
        );
      }
    });
    await page.goto(`${preview.url}/account/${seeded.accountId}`);
    await settle(page);
  });

  after(async () => {
    await chrome?.close();
    await preview?.stop();
    await org?.stop();
  });

  it('places every component of the FlexiPage, in its region', async () => {
    const layout = accountPageLayout(path.join(defaultLwcDir, '..', 'flexipages'), preview.bundle.components);
    const placed = layout.regions.flatMap((region) => region.components.map((component) => component.name));
    expect(placed, 'components on the FlexiPage').to.not.be.empty;
    for (const region of layout.regions) {
      for (const component of region.components) {
        const host = page.locator(`[data-region="${region.name}"] > ${tagOf(component.name)}`);
        expect(await host.count(), `${component.name} in ${region.name}`).to.equal(1);
      }
    }
    expect(await page.locator('h1').innerText()).to.equal(seeded.accountName);
    await page.screenshot({ path: path.join(screenshotDir, 'recordPage.png'), fullPage: true });
  });

  it('renewalRiskCard shows the score, the tier and the drivers of the latest assessment', async () => {
    const card = page.locator('c-renewal-risk-card');
    const [account] = (
      await org.conn.query<{ Renewal_Risk_Score__c: number; Renewal_Risk_Tier__c: string }>(
        `SELECT Renewal_Risk_Score__c, Renewal_Risk_Tier__c FROM Account WHERE Id = '${seeded.accountId}'`,
      )
    ).records;
    const text = await card.innerText();
    expect(text).to.include(String(account.Renewal_Risk_Score__c));
    expect(text).to.include(account.Renewal_Risk_Tier__c);
    const drivers = (JSON.parse((await latestAssessment()).Drivers__c) as Driver[]).filter((d) => d.contribution > 0);
    expect(drivers).to.not.be.empty;
    for (const driver of drivers) expect(text).to.include(driver.sentence);

    const { records } = await org.conn.query<{ Renewal_Percent__c: number; Drivers__c: string }>(
      'SELECT Renewal_Percent__c, Drivers__c FROM Renewal_Risk_Assessment__c ' +
        `WHERE Account__c = '${seeded.accountId}' ORDER BY Assessed_On__c DESC LIMIT 2`,
    );
    expect(text).to.include(`Plans scored like this renewed ${records[0].Renewal_Percent__c}% of the time.`);
    // What moved, by factor: this contribution minus the previous one, for the factors that moved.
    type Labeled = Driver & { factor: string; label: string };
    const [now, before] = records.map((row) => JSON.parse(row.Drivers__c) as Labeled[]);
    const moves = now
      .map((driver) => ({
        label: driver.label,
        change: driver.contribution - (before.find((old) => old.factor === driver.factor)?.contribution ?? 0),
      }))
      .filter((move) => move.change !== 0)
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
    expect(moves).to.not.be.empty;
    expect(text).to.include(
      moves.map((move) => `${move.change > 0 ? '+' : '−'}${Math.abs(move.change)} ${move.label}`).join(', '),
    );
    await screenshot(card, 'renewalRiskCard');
  });

  it('utilizationTrend shows every month and line of business of the org, with the same numbers', async () => {
    const trend = page.locator('c-utilization-trend');
    const { records } = await org.conn.query<{
      Period_Start__c: string;
      Line_Of_Business__c: string;
      Visits_Per_1000__c: number;
    }>(
      'SELECT Period_Start__c, Line_Of_Business__c, Visits_Per_1000__c FROM Utilization_Snapshot__c ' +
        `WHERE Account__c = '${seeded.accountId}' ORDER BY Period_Start__c DESC`,
    );
    const months = [...new Set(records.map((record) => record.Period_Start__c))];
    const lines = [...new Set(records.map((record) => record.Line_Of_Business__c))];
    expect(months).to.have.length(36);
    expect(lines).to.have.length(4);

    await chooseOption(trend.locator('lightning-combobox'), `Last ${months.length} months`);
    await trend.getByRole('button', { name: /table/i }).click();
    const rows = trend.locator('table tbody tr');
    expect(await rows.count()).to.equal(months.length);
    const headers = await trend.locator('table thead th').allInnerTexts();
    for (const line of lines) expect(headers.join('|')).to.include(line);

    const latest = records.filter((record) => record.Period_Start__c === months[0]);
    const latestRow = await rows.last().locator('td').allInnerTexts();
    for (const snapshot of latest) {
      const column = headers.findIndex((header) => header === `${snapshot.Line_Of_Business__c} visits per 1,000`);
      expect(column, `${snapshot.Line_Of_Business__c} visits column`).to.be.greaterThan(0);
      // Column 0 is the month header cell; the row's cells start at column 1.
      expect(parseNumber(latestRow[column - 1])).to.be.closeTo(snapshot.Visits_Per_1000__c, 0.51);
    }
    await screenshot(trend, 'utilizationTrend');
  });

  it('accountPlanBoard shows the active plan and each of its objectives', async () => {
    const board = page.locator('c-account-plan-board');
    const { records } = await org.conn.query<{ Name: string; Account_Plan__r: { Name: string } }>(
      'SELECT Name, Account_Plan__r.Name FROM Account_Plan_Objective__c ' +
        `WHERE Account_Plan__r.Account__c = '${seeded.accountId}' AND Account_Plan__r.Status__c = 'Active'`,
    );
    expect(records).to.not.be.empty;
    const text = await board.innerText();
    expect(text).to.include(records[0].Account_Plan__r.Name);
    for (const objective of records) expect(text).to.include(objective.Name);
    await screenshot(board, 'accountPlanBoard');
  });

  it('stakeholderMap shows every stakeholder of the account', async () => {
    const map = page.locator('c-stakeholder-map');
    const { records } = await org.conn.query<{ Contact__r: { FirstName: string; LastName: string }; Role__c: string }>(
      `SELECT Contact__r.FirstName, Contact__r.LastName, Role__c FROM Plan_Stakeholder__c WHERE Account__c = '${seeded.accountId}'`,
    );
    expect(records).to.not.be.empty;
    // Role headings are upper-cased by CSS, which innerText reflects.
    const text = (await map.innerText()).toLowerCase();
    for (const stakeholder of records) {
      expect(text).to.include(`${stakeholder.Contact__r.FirstName} ${stakeholder.Contact__r.LastName}`.toLowerCase());
      expect(text).to.include(stakeholder.Role__c.toLowerCase());
    }
    await screenshot(map, 'stakeholderMap');
  });

  it('valueStory shows the last 12 months of cost savings the org holds', async () => {
    const story = page.locator('c-value-story');
    const { records } = await org.conn.query<{ Period_Start__c: string; Cost_Savings__c: number }>(
      `SELECT Period_Start__c, Cost_Savings__c FROM Utilization_Snapshot__c WHERE Account__c = '${seeded.accountId}'`,
    );
    const lastTwelve = new Set([...new Set(records.map((record) => record.Period_Start__c))].sort().slice(-12));
    const savings = records
      .filter((record) => lastTwelve.has(record.Period_Start__c))
      .reduce((sum, record) => sum + record.Cost_Savings__c, 0);
    const total = await story.locator('tr', { hasText: 'All lines of business' }).locator('th, td').allInnerTexts();
    expect(parseNumber(total[1])).to.be.closeTo(savings, 1);
    for (const line of seeded.linesOfBusiness) expect(await story.innerText()).to.include(line);
    await screenshot(story, 'valueStory');
  });

  it('has no axe-core violations in any component', async () => {
    const failures: string[] = [];
    for (const component of preview.bundle.components) {
      const host = page.locator(tagOf(component));
      if ((await host.count()) === 0) continue;
      const violations = await axeViolations(host);
      if (violations.length) failures.push(`${component}:\n${describeViolations(violations)}`);
    }
    expect(failures, failures.join('\n\n')).to.be.empty;
  });

  it('saves a tier override set in the page to the Account, and clears it', async () => {
    const card = page.locator('c-renewal-risk-card');
    const modelTier = (await latestAssessment()).Tier__c;
    const tier = (await picklistValues('Account', 'Renewal_Risk_Override__c')).find((value) => value !== modelTier);
    expect(tier, 'a tier other than the model tier').to.be.a('string');
    const reason = `Champion left the plan on ${new Date().toISOString()}`;

    await card.getByRole('button', { name: 'Override tier' }).click();
    await chooseOption(card.locator('lightning-combobox'), tier as string);
    await card.locator('lightning-textarea textarea').fill(reason);
    await card.getByRole('button', { name: 'Save override' }).click();
    // The component confirms with a toast, which the page shows as Lightning Experience would.
    await page.locator('[data-toasts] .slds-notify_toast.slds-theme_success').first().waitFor();

    type Override = { Renewal_Risk_Override__c: string | null; Renewal_Risk_Override_Reason__c: string | null };
    const readOverride = async (): Promise<Override> => {
      const [account] = (
        await org.conn.query<Override>(
          `SELECT Renewal_Risk_Override__c, Renewal_Risk_Override_Reason__c FROM Account WHERE Id = '${seeded.accountId}'`,
        )
      ).records;
      return {
        Renewal_Risk_Override__c: account.Renewal_Risk_Override__c,
        Renewal_Risk_Override_Reason__c: account.Renewal_Risk_Override_Reason__c,
      };
    };
    const saved = await eventually(readOverride, (value) => value.Renewal_Risk_Override__c === tier);
    expect(saved).to.deep.equal({ Renewal_Risk_Override__c: tier, Renewal_Risk_Override_Reason__c: reason });
    await settle(page);
    expect(await card.innerText()).to.include(reason);

    await card.getByRole('button', { name: 'Clear override' }).click();
    const cleared = await eventually(readOverride, (value) => value.Renewal_Risk_Override__c === null);
    expect(cleared).to.deep.equal({ Renewal_Risk_Override__c: null, Renewal_Risk_Override_Reason__c: null });
    await settle(page);
  });

  it("saves an objective's status changed in the page", async () => {
    const board = page.locator('c-account-plan-board');
    type Objective = { Id: string; Name: string; Status__c: string };
    const [objective] = (
      await org.conn.query<Objective>(
        'SELECT Id, Name, Status__c FROM Account_Plan_Objective__c ' +
          `WHERE Account_Plan__r.Account__c = '${seeded.accountId}' ORDER BY Name LIMIT 1`,
      )
    ).records;
    const status = (await picklistValues('Account_Plan_Objective__c', 'Status__c')).find(
      (value) => value !== objective.Status__c,
    );
    expect(status, 'a status other than the current one').to.be.a('string');

    const combobox = byLabel(board, 'lightning-combobox', `Status of ${objective.Name}`);
    await chooseOption(combobox, status as string);

    const readStatus = async (): Promise<string> =>
      (
        await org.conn.query<Objective>(
          `SELECT Id, Name, Status__c FROM Account_Plan_Objective__c WHERE Id = '${objective.Id}'`,
        )
      ).records[0].Status__c;
    expect(await eventually(readStatus, (value) => value === status)).to.equal(status);
    await settle(page);
    expect(await combobox.getByRole('combobox').innerText()).to.equal(status);
  });

  it('adds an objective to the active plan from the page', async () => {
    const board = page.locator('c-account-plan-board');
    const [plan] = (
      await org.conn.query<{ Id: string }>(
        `SELECT Id FROM Account_Plan__c WHERE Account__c = '${seeded.accountId}' AND Status__c = 'Active'`,
      )
    ).records;
    const [category] = await picklistValues('Account_Plan_Objective__c', 'Category__c');
    const name = `Quarterly business review ${Date.now()}`;

    await board.getByRole('button', { name: 'Add objective' }).click();
    await byLabel(board, 'lightning-input', 'Objective').locator('input').fill(name);
    await chooseOption(byLabel(board, 'lightning-combobox', 'Category'), category);
    await byLabel(board, 'lightning-input', 'Metric').locator('input').fill('Reviews held');
    await board.getByRole('button', { name: 'Save objective' }).click();

    type Created = { Name: string; Category__c: string; Metric__c: string; Account_Plan__c: string };
    const readCreated = async (): Promise<Created[]> =>
      (
        await org.conn.query<Created>(
          `SELECT Name, Category__c, Metric__c, Account_Plan__c FROM Account_Plan_Objective__c WHERE Name = '${name}'`,
        )
      ).records.map(({ Name, Category__c, Metric__c, Account_Plan__c }) => ({
        Name,
        Category__c,
        Metric__c,
        Account_Plan__c,
      }));
    const created = await eventually(readCreated, (records) => records.length > 0);
    expect(created).to.deep.equal([
      { Name: name, Category__c: category, Metric__c: 'Reviews held', Account_Plan__c: plan.Id },
    ]);
    await settle(page);
    expect(await board.innerText()).to.include(name);
  });

  it('keeps the access token on the server: the page calls the org through the preview', async () => {
    const sent: Array<{ url: string; authorization?: string }> = [];
    const listener = (request: Request): void => {
      sent.push({ url: request.url(), authorization: request.headers().authorization });
    };
    page.on('request', listener);
    await page.reload();
    await settle(page);
    page.off('request', listener);
    const orgCalls = sent.filter((request) => request.url.includes('/services/data/'));
    expect(orgCalls, 'calls to the org').to.not.be.empty;
    for (const request of sent) {
      expect(request.url.startsWith(preview.url), request.url).to.equal(true);
      expect(request.authorization, request.url).to.equal(undefined);
    }
    expect(await page.content()).to.not.include(org.accessToken);
    expect(preview.bundle.code).to.not.include(org.accessToken);
  });

  it('lists the accounts of the org on the index page, each linking to its record page', async () => {
    const { records } = await org.conn.query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account');
    await page.goto(preview.url);
    for (const account of records) {
      const link = page.getByRole('link', { name: account.Name, exact: true });
      expect(await link.getAttribute('href')).to.equal(`/account/${account.Id}`);
    }
    await page.getByRole('link', { name: seeded.accountName, exact: true }).click();
    await settle(page);
    expect(await page.locator('h1').innerText()).to.equal(seeded.accountName);
  });

  it('logs no console errors', () => {
    expect(consoleErrors, consoleErrors.join('\n')).to.be.empty;
  });
});
