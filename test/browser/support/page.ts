/** Helpers for driving the preview's record page in Chromium. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

const require = createRequire(import.meta.url);

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
};

declare global {
  interface Window {
    preview: { whenIdle(): Promise<void>; pendingRequests(): number };
    axe: { run(context: Element, options: object): Promise<{ violations: AxeViolation[] }> };
  }
}

/** `utilizationTrend` → `c-utilization-trend`, the tag Lightning gives a component of the default namespace. */
export function tagOf(component: string): string {
  return `c-${component.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Waits until no request to the org is in flight, none starts in the next 50 ms, and no spinner shows. */
export async function settle(page: Page, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await page.waitForFunction(() => 'preview' in window, undefined, { timeout: timeoutMs });
  for (;;) {
    await page.evaluate(() => window.preview.whenIdle());
    await page.waitForTimeout(50);
    const pending = await page.evaluate(() => window.preview.pendingRequests());
    if (pending === 0 && (await page.locator('lightning-spinner').count()) === 0) return;
    if (Date.now() > deadline)
      throw new Error(`The page did not settle: ${pending} requests or a spinner still showing`);
  }
}

/** axe-core's rules run on one component (its host element and everything it renders). */
export async function axeViolations(component: Locator): Promise<AxeViolation[]> {
  const page = component.page();
  if (!(await page.evaluate(() => 'axe' in window))) {
    const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: source });
  }
  return component.evaluate((element) =>
    window.axe.run(element, { resultTypes: ['violations'] }).then((results) => results.violations),
  );
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}\n` +
        violation.nodes.map((node) => `  at ${JSON.stringify(node.target)}: ${node.failureSummary ?? ''}`).join('\n'),
    )
    .join('\n');
}

export const screenshotDir = path.resolve('artifacts', 'screenshots');

export async function screenshot(component: Locator, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await component.screenshot({ path: file });
  return file;
}

/** The lightning-* base component inside `scope` whose label reads `label` (after SLDS's `*` of a required field). */
export function byLabel(scope: Locator, tag: string, label: string): Locator {
  const text = new RegExp(`^\\*?\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return scope.locator(tag).filter({ has: scope.page().locator('label, legend, span').filter({ hasText: text }) });
}

/** Picks `option` in a lightning-combobox: opens it, then clicks the option with that label. */
export async function chooseOption(combobox: Locator, option: string): Promise<void> {
  await combobox.getByRole('combobox').click();
  await combobox.getByRole('option', { name: option, exact: true }).click();
}
