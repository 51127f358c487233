/**
 * The Debian packages the demo and the tests run: chromium (the QBR's PDF, the browser tests) and
 * poppler-utils (pdfinfo and pdftoppm, which check the QBR's pages). Installed with apt-get when missing,
 * as root; otherwise the error says what to install. Plain Node: it runs before `npm ci`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PACKAGES = { chromium: '/usr/bin/chromium', 'poppler-utils': '/usr/bin/pdftoppm' };

export function ensureDebianPackages(names = Object.keys(PACKAGES)) {
  const missing = names.filter((name) => !existsSync(PACKAGES[name]));
  if (!missing.length) return;
  const list = missing.join(' ');
  if (process.getuid?.() !== 0) {
    throw new Error(`Debian ${list} missing: install them (sudo apt-get install -y ${list}) and rerun.`);
  }
  process.stdout.write(`Installing Debian ${missing.join(' and ')}...\n`);
  const install = spawnSync(
    'bash',
    ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${list}`],
    { stdio: 'inherit' },
  );
  if (install.status !== 0) throw new Error(`apt-get install ${list} failed with exit code ${install.status}`);
}
