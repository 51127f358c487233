#!/usr/bin/env node
/**
 * `npm test`: installs what a fresh clone lacks (npm packages, Debian chromium and poppler-utils), then runs every
 * suite — typecheck, lint, plugin unit tests, LWC Jest tests, end-to-end tests against the local
 * org, browser tests — and ends with one line `N passed, N failed`. Plain Node: it runs before
 * `npm ci` has installed anything.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './debianPackages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const suites = [
  { name: 'typecheck', command: 'npm run --silent typecheck' },
  { name: 'lint', command: 'npm run --silent lint' },
  { name: 'plugin unit tests', command: 'npm run --silent test:plugin' },
  { name: 'LWC Jest tests', command: 'npm run --silent test:lwc' },
  { name: 'end-to-end tests (local org)', command: 'npm run --silent test:e2e' },
  { name: 'browser tests (chromium)', command: 'npm run --silent test:browser' },
];

function runVisible(command) {
  const result = spawnSync('bash', ['-c', command], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`"${command}" failed with exit code ${result.status}`);
}

function ensureInstalled() {
  if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
    process.stdout.write('Installing npm packages (npm ci)...\n');
    runVisible('npm ci --no-audit --no-fund');
  }
  ensureDebianPackages();
}

function runSuite(suite) {
  return new Promise((resolve) => {
    process.stdout.write(`\n=== ${suite.name}: ${suite.command}\n`);
    const child = spawn('bash', ['-c', suite.command], { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const collect = (stream) => (chunk) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on('data', collect(process.stdout));
    child.stderr.on('data', collect(process.stderr));
    child.on('close', (code) => resolve({ ...suite, code, output }));
  });
}

function tally(results) {
  let passed = 0;
  let failed = 0;
  for (const result of results) {
    const mochaPassed = [...result.output.matchAll(/^\s*(\d+) passing/gm)].reduce((s, m) => s + Number(m[1]), 0);
    const mochaFailed = [...result.output.matchAll(/^\s*(\d+) failing/gm)].reduce((s, m) => s + Number(m[1]), 0);
    const jestSummary = result.output.match(/^Tests:.*$/m)?.[0] ?? '';
    const jestPassed = Number(jestSummary.match(/(\d+) passed/)?.[1] ?? 0);
    const jestFailed = Number(jestSummary.match(/(\d+) failed/)?.[1] ?? 0);
    passed += mochaPassed + jestPassed;
    // A suite that failed without a failing test (typecheck, lint, a crash) counts as one failure.
    const failedTests = mochaFailed + jestFailed;
    failed += result.code !== 0 && failedTests === 0 ? 1 : failedTests;
  }
  return { passed, failed };
}

const REPORT_LINES = 16;

/**
 * What a failed suite said about its failures, without stack frames, repeated next to the summary:
 * CI keeps only the end of the output, where a failure printed minutes earlier is lost.
 */
function failureReport(result) {
  const lines = result.output.split('\n');
  const mochaStart = lines.findLastIndex((line) => /^\s*\d+ failing/.test(line));
  const jestStart = lines.findIndex((line) => line.startsWith('Summary of all failing tests'));
  const start = mochaStart >= 0 ? mochaStart : jestStart >= 0 ? jestStart : Math.max(0, lines.length - REPORT_LINES);
  const report = lines.slice(start).filter((line) => line.trim() !== '' && !/^\s+at /.test(line));
  const shown = report.slice(0, REPORT_LINES);
  if (report.length > shown.length) shown.push(`… ${report.length - shown.length} more lines in its output above`);
  return shown.join('\n');
}

async function main() {
  ensureInstalled();
  const results = [];
  for (const suite of suites) {
    // One suite at a time: suites share two cores and the local org ports.
    results.push(await runSuite(suite));
  }
  for (const result of results.filter((failed) => failed.code !== 0)) {
    process.stdout.write(`\n=== what failed in ${result.name}\n${failureReport(result)}\n`);
  }
  process.stdout.write('\n=== summary\n');
  for (const result of results) process.stdout.write(`${result.code === 0 ? 'ok  ' : 'FAIL'}  ${result.name}\n`);
  const { passed, failed } = tally(results);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = results.every((result) => result.code === 0) ? 0 : 1;
}

await main();
