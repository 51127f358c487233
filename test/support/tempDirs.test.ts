/**
 * The temporary-folder hooks and the leftover check, run as a developer runs them: a mocha run of a
 * sample spec inside `scripts/tmp-leftovers.mjs`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from './localOrg.js';

const check = (command: string[]): { status: number | null; output: string } => {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'tmp-leftovers.mjs'), '--', ...command], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout + run.stderr };
};

const makeDir = (prefix: string, remove: boolean): string =>
  `const fs = require('fs'); const dir = fs.mkdtempSync(require('path').join(require('os').tmpdir(), '${prefix}'));` +
  (remove ? ' fs.rmSync(dir, { recursive: true });' : '');

describe('temporary folders of the tests', function () {
  this.timeout(120_000);

  it('the check fails, naming the folder, when a command leaves one in TMPDIR, and passes when it leaves none', () => {
    const leaves = check([process.execPath, '-e', makeDir('left-behind-', false)]);
    expect(leaves.status, leaves.output).to.equal(1);
    expect(leaves.output)
      .to.match(/^1 left in TMPDIR/m)
      .and.match(/^ +1 like left-behind-\w{6}$/m);

    const clean = check([process.execPath, '-e', makeDir('removed-', true)]);
    expect(clean.status, clean.output).to.equal(0);
    expect(clean.output).to.match(/^0 left in TMPDIR/m);
  });

  it("removes every folder tempDir made, but the failed test's own, which it names", () => {
    const run = check(['npx', 'mocha', 'test/fixtures/temp-dirs/sample.ts']);
    expect(run.output)
      .to.match(/1 passing/)
      .and.match(/1 failing/);
    expect(run.output).to.match(/Kept for the failed test "fails": \S+\/each-\w{6} \S+\/failing-\w{6}\n/);
    expect(run.output).to.match(/^2 left in TMPDIR/m);
    const left = [...run.output.matchAll(/^ +1 like (\w+)-\w{6}$/gm)].map((match) => match[1]).sort();
    expect(left).to.deep.equal(['each', 'failing']);
  });
});
