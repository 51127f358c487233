/**
 * Starts the system's Debian Chromium headless through playwright-core, with a fresh profile that is
 * removed on close. Playwright's own browser downloads are never used.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Chromium = { context: BrowserContext; close(): Promise<void> };

export async function launchChromium(): Promise<Chromium> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not at ${chromiumPath}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH.`,
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1440, height: 1000 },
    });
    return {
      context,
      close: async (): Promise<void> => {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
