/**
 * The record page of an Account the jobs have not reached yet — no plan, stakeholders, snapshots or
 * assessments — and of one whose org calls fail: each component says so in words, without script
 * errors or accessibility violations.
 */
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from '../../scripts/preview/chromium.js';
import { startPreview, type Preview } from '../../scripts/preview/server.js';
import { accountPageLayout } from '../../scripts/preview/flexiPage.js';
import { defaultLwcDir } from '../../scripts/preview/build.js';
import { startTestOrg, type TestOrg } from '../support/localOrg.js';
import { sharedBundle } from './support/bundle.js';
import { axeViolations, describeViolations, screenshot, settle, tagOf } from './support/page.js';

describe('Account record page in Chromium, before any data', function () {
  this.timeout(240_000);
  let org: TestOrg;
  let preview: Preview;
  let chrome: Chromium;
  let page: Page;
  let accountId: string;
  const pageErrors: string[] = [];
  /** The components the record page places (App Page components have their own test). */
  const recordPageComponents = (): string[] =>
    accountPageLayout(path.join(defaultLwcDir, '..', 'flexipages'), preview.bundle.components).regions.flatMap(
      (region) => region.components.map((component) => component.name),
    );

  before(async () => {
    org = await startTestOrg();
    const created = await org.conn.sobject('Account').create({ Name: 'Newly Signed Health Plan' });
    accountId = created.id as string;
    preview = await startPreview({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      bundle: await sharedBundle(),
    });
    chrome = await launchChromium();
    page = await chrome.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  });

  after(async () => {
    await chrome?.close();
    await preview?.stop();
    await org?.stop();
  });

  it('shows an empty state in every component, with no errors and no axe violations', async () => {
    const consoleErrors: string[] = [];
    const listener = (message: { type(): string; text(): string }): void => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    };
    page.on('console', listener);
    await page.goto(`${preview.url}/account/${accountId}`);
    await settle(page);
    page.off('console', listener);

    for (const component of recordPageComponents()) {
      const host = page.locator(tagOf(component));
      expect(await host.count(), component).to.equal(1);
      expect((await host.innerText()).trim(), `${component} says something`).to.not.equal('');
      expect(await host.getByRole('alert').count(), `${component} shows no error`).to.equal(0);
      const violations = await axeViolations(host);
      expect(violations, `${component}:\n${describeViolations(violations)}`).to.be.empty;
      await screenshot(host, `${component}-empty`);
    }
    expect([...consoleErrors, ...pageErrors]).to.be.empty;
  });

  it('shows an error in every component when the org fails, and recovers on refresh', async () => {
    await page.goto(`${preview.url}/account/${accountId}`);
    await settle(page);
    const components = recordPageComponents();
    const hosts = components.map((component) => page.locator(tagOf(component)));
    const refresh = page.getByRole('button', { name: 'Refresh' });

    org.setFaults({ failRate: 1 });
    try {
      await refresh.click();
      await settle(page);
      for (const host of hosts) expect(await host.getByRole('alert').count(), String(host)).to.be.greaterThan(0);
      await screenshot(hosts[0], `${components[0]}-error`);
    } finally {
      org.setFaults({ failRate: 0 });
    }
    await refresh.click();
    await settle(page);
    for (const host of hosts) expect(await host.getByRole('alert').count(), String(host)).to.equal(0);
    expect(pageErrors).to.be.empty;
  });
});
