/**
 * Prints QBR HTML to PDF with Chromium's own print (`page.pdf()`), through playwright-core and the
 * system's Chromium; Playwright's browser downloads are never used. Every network request is refused:
 * the document must be self-contained.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { Paper } from './document/index.js';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export class ChromiumMissingError extends Error {
  public constructor(public readonly path: string) {
    super(`Chromium is not at ${path}`);
    this.name = 'ChromiumMissingError';
  }
}

export type PdfPrinter = {
  print(html: string, paper: Paper, footer: string): Promise<Buffer>;
  close(): Promise<void>;
};

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function startPdfPrinter(
  executablePath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH,
): Promise<PdfPrinter> {
  if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  const profile = await mkdtemp(join(tmpdir(), 'qbr-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: ARGS });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  await context.route('**/*', (route) =>
    route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient'),
  );
  return {
    async print(html, paper, footer): Promise<Buffer> {
      const page = await context.newPage();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        return await page.pdf({
          format: paper === 'a4' ? 'A4' : 'Letter',
          preferCSSPageSize: true,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate:
            '<div style="font-size:7pt;color:#5c5c5c;width:100%;padding:0 0.6in;display:flex;justify-content:space-between">' +
            `<span>${footer}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
        });
      } finally {
        await page.close();
      }
    },
    async close(): Promise<void> {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
