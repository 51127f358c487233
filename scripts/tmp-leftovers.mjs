#!/usr/bin/env node
/**
 * `node scripts/tmp-leftovers.mjs -- COMMAND...`: runs a test suite with TMPDIR pointed at a fresh empty
 * folder, then lists what the suite (and every process it started) left there. Exits 1 when anything is
 * left, or with the command's own code when it failed. Three fixed names, reused by every run, are not
 * leftovers: the compile caches of tsx and Jest, and the alias file @salesforce/core's TestContext writes
 * at `<tmpdir>/.sfdx/alias.json`.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CACHES = [/^tsx-\d+$/, /^jest_\w+$/, /^\.sfdx$/];

const separator = process.argv.indexOf('--');
const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
if (command.length === 0) {
  process.stderr.write('usage: node scripts/tmp-leftovers.mjs -- COMMAND [ARGS...]\n');
  process.exit(2);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tmp-leftovers-'));
// Open to all, with the sticky bit, as /tmp is: as root, PostgreSQL's initdb runs as `postgres` and reads files there.
chmodSync(tmp, 0o1777);
const run = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, TMPDIR: tmp } });
const left = readdirSync(tmp).filter((name) => !CACHES.some((cache) => cache.test(name)));
rmSync(tmp, { recursive: true, force: true });

// Counted by name without its random suffix, with one full name each.
const groups = new Map();
for (const name of left) {
  const prefix = name.replace(/[-.][^-.]*$/, '');
  const group = groups.get(prefix) ?? { count: 0, example: name };
  group.count += 1;
  groups.set(prefix, group);
}
process.stdout.write(`\n${left.length} left in TMPDIR by: ${command.join(' ')}\n`);
for (const { count, example } of [...groups.values()].sort((a, b) => b.count - a.count)) {
  process.stdout.write(`${String(count).padStart(6)} like ${example}\n`);
}
if (run.status !== 0) process.exit(run.status ?? 1);
process.exit(left.length > 0 ? 1 : 0);
