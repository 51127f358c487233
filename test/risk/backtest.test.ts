import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { generateRenewalHistory, seedRenewalHistory } from '../../scripts/demo-data/index.js';
import { validateRiskConfig, type RiskConfig } from '../../plugin/src/core/risk/model/index.js';
import { REPO_ROOT, withLocalOrg } from '../support/localOrg.js';
import { tempDir } from '../../plugin/test/tempDirs.js';

const ALIAS = 'risk-backtest-e2e';
const END_MONTH = '2026-10';
/** Outcomes are known a month after a contract ends; later renewals have no generated successor either. */
const TO = '2026-09-30';

type Run = {
  code: number;
  json: { status: number; result: Record<string, unknown>; message?: string };
  stdout: string;
};

/** The plugin's real command in a child process, as `sf` runs it. */
function plugin(env: NodeJS.ProcessEnv, args: string[]): Promise<Run> {
  const bin = path.join(REPO_ROOT, 'plugin', 'bin', 'dev.js');
  return new Promise((resolve) => {
    execFile(
      'node',
      [bin, 'healthplan', 'risk', ...args, '--target-org', ALIAS, '--json'],
      { env, cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        let json = { status: code, result: {} } as Run['json'];
        try {
          json = JSON.parse(stdout) as Run['json'];
        } catch {
          // left as the exit status only
        }
        resolve({ code, json, stdout });
      },
    );
  });
}

describe('sf healthplan risk backtest and fit on the local org', function () {
  this.timeout(600_000);
  const org = withLocalOrg({ alias: ALIAS });
  const history = generateRenewalHistory({ seed: 42, plans: 140, endMonth: END_MONTH });
  const known = history.truth.filter((renewal) => renewal.endDate <= TO);
  const dir = tempDir('risk-backtest-');

  it('fit refuses while the history is too short, saying how much is needed', async () => {
    const few = generateRenewalHistory({ seed: 42, plans: 12, endMonth: END_MONTH });
    await seedRenewalHistory(org().conn, few);
    const run = await plugin(org().env, ['fit', '--output-dir', path.join(dir, 'refused')]);
    expect(run.code).to.equal(4);
    expect(run.json.message).to.match(
      /^Not enough renewal history to fit: \d+ non-renewals in the training part and \d+ in the held-out part; at least 20 and 10 are needed/,
    );
  });

  it('backtest counts every renewal and non-renewal the generator planted, and writes a self-contained report', async () => {
    const seeded = await seedRenewalHistory(org().conn, history);
    expect(seeded.accounts).to.equal(140);
    const report = path.join(dir, 'backtest.html');
    const run = await plugin(org().env, ['backtest', '--to', TO, '--output', report]);
    expect(run.code, run.stdout).to.equal(0);
    const result = run.json.result as {
      renewals: number;
      lost: number;
      auc: number;
      brier: number;
      baseRateBrier: number;
      tiers: Array<{ tier: string; renewals: number; lost: number }>;
      worstMisses: unknown[];
      leftOut: Array<{ factor: string }>;
      notScored: number;
    };
    // Ground truth from the generator: every planted renewal has a contract end and an outcome.
    expect(result.renewals + result.notScored).to.equal(known.length);
    expect(result.lost).to.equal(known.filter((renewal) => !renewal.renewed).length);
    expect(result.tiers.reduce((sum, tier) => sum + tier.renewals, 0)).to.equal(result.renewals);
    expect(result.worstMisses).to.have.length(10);
    expect(result.leftOut.map((entry) => entry.factor)).to.deep.equal(['Relationship_Health', 'Objectives_Off_Track']);
    // Better than chance and than always predicting the base rate (the targets themselves are in the bench).
    expect(result.auc).to.be.above(0.5);
    expect(result.brier).to.be.below(result.baseRateBrier);

    const html = readFileSync(report, 'utf8');
    expect(html.match(/<svg /g)).to.have.length(2);
    expect(html).to.include('<title>ROC curve</title>').and.include('<title>Calibration</title>');
    expect(html).not.to.match(/<script|<link|src=|@import/);
  });

  it('--from and --to keep only the renewals that ended in the range', async () => {
    const run = await plugin(org().env, ['backtest', '--from', '2025-01-01', '--to', '2025-12-31']);
    expect(run.code).to.equal(0);
    const inRange = known.filter((renewal) => renewal.endDate >= '2025-01-01' && renewal.endDate <= '2025-12-31');
    const result = run.json.result as { renewals: number; notScored: number; lost: number };
    expect(result.renewals + result.notScored).to.equal(inRange.length);
    expect(result.lost).to.equal(inRange.filter((renewal) => !renewal.renewed).length);
  });

  it('fit writes valid records with non-negative weights and backtests both configs on the same held-out renewals', async () => {
    const out = path.join(dir, 'fitted');
    const run = await plugin(org().env, ['fit', '--output-dir', out]);
    expect(run.code, run.stdout).to.equal(0);
    const result = run.json.result as {
      train: { renewals: number; lost: number; to: string };
      heldOut: { renewals: number; lost: number; from: string };
      config: RiskConfig;
      before: { renewals: number; lost: number };
      after: { renewals: number; lost: number };
      fittedFactors: string[];
    };
    expect(result.train.to < result.heldOut.from, 'time split').to.equal(true);
    expect(result.before.renewals).to.equal(result.heldOut.renewals);
    expect(result.after.renewals).to.equal(result.heldOut.renewals);
    expect(result.after.lost).to.equal(result.heldOut.lost);
    expect(validateRiskConfig(result.config)).to.deep.equal([]);
    for (const factor of result.config.factors) expect(factor.weight, factor.key).to.be.at.least(0);
    expect(result.fittedFactors).not.to.include('Relationship_Health');

    const files = readdirSync(out).sort();
    expect(files).to.have.length(result.config.factors.length + 4);
    expect(files).to.include('Risk_Tier.Low.md-meta.xml');
    const low = readFileSync(path.join(out, 'Risk_Tier.Low.md-meta.xml'), 'utf8');
    expect(low).to.include(`<value xsi:type="xsd:double">${result.config.baseRate}</value>`);
  });
});
