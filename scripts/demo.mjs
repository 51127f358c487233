#!/usr/bin/env node
/**
 * `npm run demo`: installs what a fresh clone lacks, compiles the plugin, then runs the nightly job
 * on the local org (scripts/demo/run.ts). Plain Node: it runs before `npm ci` has installed anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './debianPackages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  process.stdout.write('Installing npm packages (npm ci)...\n');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

// The QBR step prints its PDF with Debian's chromium.
ensureDebianPackages(['chromium']);

// The demo runs the compiled plugin, as production does: compile the current sources first.
const build = spawnSync('npm', ['run', '--silent', 'build:plugin'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const demo = spawnSync('npx', ['tsx', 'scripts/demo/run.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(demo.status ?? 1);
