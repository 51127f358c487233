/**
 * "Log a touch" on the stakeholder map in Chromium, against a seeded local org: the Task and the
 * stakeholder's fields are read back from the org, and the risk model's next run reads the new values.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loadAccounts } from '../../plugin/src/core/risk/loadAccounts.js';
import { riskReader } from '../../plugin/src/core/risk/reader.js';
import { launchChromium, type Chromium } from '../../scripts/preview/chromium.js';
import { seedRecordPage, type SeededPage } from '../../scripts/preview/seed.js';
import { startPreview, type Preview } from '../../scripts/preview/server.js';
import { startTestOrg, type TestOrg } from '../support/localOrg.js';
import { sharedBundle } from './support/bundle.js';
import { axeViolations, byLabel, chooseOption, describeViolations, screenshot, settle } from './support/page.js';
import { eventually } from '../../plugin/test/eventually.js';

type Stakeholder = {
  Id: string;
  Contact__c: string;
  Contact__r: { FirstName: string; LastName: string };
  Sentiment__c: string | null;
  Last_Engagement_Date__c: string | null;
};
type TaskRow = {
  Subject: string;
  ActivityDate: string;
  Status: string;
  IsClosed: boolean;
  Type: string;
  TaskSubtype: string;
  Description: string;
  WhoId: string;
  WhatId: string;
  OwnerId: string;
};

describe('Log a touch in Chromium', function () {
  this.timeout(240_000);
  let org: TestOrg;
  let seeded: SeededPage;
  let preview: Preview;
  let chrome: Chromium;
  let page: Page;
  let target: Stakeholder;
  const pageErrors: string[] = [];

  before(async () => {
    org = await startTestOrg();
    seeded = await seedRecordPage(org.conn, { months: 12 });
    const { records } = await org.conn.query<Stakeholder>(
      'SELECT Id, Contact__c, Contact__r.FirstName, Contact__r.LastName, Sentiment__c, Last_Engagement_Date__c ' +
        `FROM Plan_Stakeholder__c WHERE Account__c = '${seeded.accountId}' ORDER BY Last_Engagement_Date__c ASC NULLS FIRST`,
    );
    // The stalest stakeholder whose sentiment is not already Champion.
    target = records.find((record) => record.Sentiment__c !== 'Champion')!;
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
  });

  after(async () => {
    await chrome?.close();
    await preview?.stop();
    await org?.stop();
  });

  it('creates a completed Task on the contact and the Account and updates the stakeholder', async () => {
    const map = page.locator('c-stakeholder-map');
    const name = `${target.Contact__r.FirstName} ${target.Contact__r.LastName}`;
    await map.getByRole('button', { name: `Log a touch with ${name}` }).click();
    const form = map.locator('c-log-touch-form');
    expect(await form.count()).to.equal(1);
    // The form takes the focus, for keyboard users.
    expect(await page.evaluate(() => document.activeElement?.tagName)).to.not.equal('BODY');
    await chooseOption(byLabel(form, 'lightning-combobox', 'Channel'), 'Call');
    await byLabel(form, 'lightning-textarea', 'Note').locator('textarea').fill('Walked through the savings figures.');
    await chooseOption(byLabel(form, 'lightning-combobox', 'New sentiment'), 'Champion');
    const violations = await axeViolations(form);
    expect(violations, describeViolations(violations)).to.deep.equal([]);
    await screenshot(form, 'logTouchForm');
    await form.getByRole('button', { name: 'Log touch' }).click();

    // The rep's local day, as the form's default (en-CA writes dates as YYYY-MM-DD).
    const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
    const tasks = await eventually(
      async () =>
        (
          await org.conn.query<TaskRow>(
            'SELECT Subject, ActivityDate, Status, IsClosed, Type, TaskSubtype, Description, WhoId, WhatId, OwnerId ' +
              `FROM Task WHERE WhatId = '${seeded.accountId}'`,
          )
        ).records,
      (rows) => rows.length > 0,
    );
    expect(tasks).to.have.length(1);
    const userId = (await org.conn.identity()).user_id;
    expect(tasks[0]).to.deep.include({
      Subject: `Call with ${name}`,
      ActivityDate: today,
      Status: 'Completed',
      IsClosed: true,
      Type: 'Call',
      TaskSubtype: 'Call',
      Description: 'Walked through the savings figures.',
      WhoId: target.Contact__c,
      WhatId: seeded.accountId,
      OwnerId: userId,
    });
    const stakeholder = await eventually(
      async () => org.conn.sobject('Plan_Stakeholder__c').retrieve(target.Id) as Promise<Record<string, unknown>>,
      (record) => record.Sentiment__c === 'Champion',
    );
    expect(stakeholder).to.include({ Last_Engagement_Date__c: today, Sentiment__c: 'Champion' });

    // The map shows the new sentiment and engagement, and the form is gone.
    await settle(page);
    const person = map.locator(`li.person[data-id="${target.Id}"]`);
    expect(await person.locator('[data-kind="sentiment"]').innerText()).to.equal('Champion');
    expect(await person.locator('.engagement').innerText()).to.equal('Engaged today');
    expect(await form.count()).to.equal(0);
    await screenshot(map, 'stakeholderMap-touchLogged');
    expect(pageErrors).to.deep.equal([]);
  });

  it('feeds the next scoring run: the model reads the new sentiment and engagement date', async () => {
    const [account] = await loadAccounts(riskReader(org.conn), {
      asOf: new Date().toISOString().slice(0, 10),
      healthPlanIds: [seeded.healthPlanId],
    });
    const name = `${target.Contact__r.FirstName} ${target.Contact__r.LastName}`;
    const input = account.input.stakeholders.find((stakeholder) => stakeholder.name === name)!;
    expect(input.sentiment).to.equal('Champion');
    expect(input.lastEngagementDate).to.equal(
      (
        (await org.conn.sobject('Plan_Stakeholder__c').retrieve(target.Id)) as unknown as {
          Last_Engagement_Date__c: string;
        }
      ).Last_Engagement_Date__c,
    );
  });
});
