/**
 * The record page served as a rep who holds Health_Plan_Account_Manager (and the Standard User profile),
 * logged in with JWT: every component renders from what that user may read, without a refused call, and
 * the rep's own edit (the risk override) is saved as the rep.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from '../../scripts/preview/chromium.js';
import { seedRecordPage, type SeededPage } from '../../scripts/preview/seed.js';
import { startPreview, type Preview } from '../../scripts/preview/server.js';
import { startTestOrg, type TestOrg } from '../support/localOrg.js';
import { assignPermissionSet, connectAs, CONSUMER_KEY, createUser, makeCredentials } from '../support/users.js';
import { sharedBundle } from './support/bundle.js';
import { settle } from './support/page.js';

const REP = 'rep@record-page.test';

describe('Account record page in Chromium, as a rep with Health_Plan_Account_Manager', function () {
  this.timeout(240_000);
  let org: TestOrg;
  let seeded: SeededPage;
  let preview: Preview;
  let chrome: Chromium;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    const credentials = makeCredentials();
    org = await startTestOrg({ connectedApps: [{ consumerKey: CONSUMER_KEY, certificate: credentials.certificate }] });
    seeded = await seedRecordPage(org.conn);
    const repId = await createUser(org.conn, REP, 'Standard User');
    await assignPermissionSet(org.conn, repId, 'Health_Plan_Account_Manager');
    const rep = await connectAs(org.instanceUrl, credentials, REP);
    preview = await startPreview({
      instanceUrl: org.instanceUrl,
      accessToken: rep.accessToken!,
      bundle: await sharedBundle(),
    });
    chrome = await launchChromium();
    page = await chrome.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('response', (response) => {
      if (response.status() >= 400) {
        response.text().then(
          (body) => problems.push(`${response.request().method()} ${response.url()} → ${response.status()} ${body}`),
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

  it('renders every component with no refused call and no error', async () => {
    expect(await page.locator('h1').innerText()).to.equal(seeded.accountName);
    const [account] = (
      await org.conn.query<{ Renewal_Risk_Score__c: number }>(
        `SELECT Renewal_Risk_Score__c FROM Account WHERE Id = '${seeded.accountId}'`,
      )
    ).records;
    expect(await page.locator('c-renewal-risk-card').innerText()).to.include(String(account.Renewal_Risk_Score__c));
    expect(problems, problems.join('\n')).to.be.empty;
  });
});
