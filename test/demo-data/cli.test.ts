import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { REPO_ROOT } from '../support/localOrg.js';

const run = promisify(execFile);
const MAIN = path.join(REPO_ROOT, 'scripts', 'demo-data', 'main.ts');
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

describe('demo data: CLI', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'demo-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the feeds and prints one JSON line describing them', async () => {
    const args = [
      MAIN,
      '--seed',
      '42',
      '--out',
      dir,
      '--scale',
      '0.002',
      '--format',
      'ndjson',
      '--end-month',
      '2026-10',
    ];
    const { stdout } = await run(TSX, args, { cwd: REPO_ROOT });
    const summary = JSON.parse(stdout) as {
      eligibility: string;
      visits: string;
      rows: { eligibility: number; visits: number };
      periods: string[];
      plans: Array<{ healthPlanId: string; scenario: string }>;
    };
    expect(summary.visits).to.equal(path.join(dir, 'visits.ndjson'));
    expect(existsSync(summary.visits) && existsSync(summary.eligibility)).to.equal(true);
    expect(summary.rows.visits).to.be.greaterThan(1000);
    expect(summary.periods).to.deep.equal(['2024-11', '2026-10']);
    expect(summary.plans).to.have.length(14);
  });

  it('says what is wrong with its arguments and exits 1', async () => {
    const failure = await run(TSX, [MAIN, '--seed', '42', '--out', dir, '--format', 'xml'], { cwd: REPO_ROOT }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).to.include({ code: 1 });
    expect((failure as { stderr: string }).stderr).to.match(/--format must be csv or ndjson, got "xml"/);
  });
});
