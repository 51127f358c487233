import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  AssumptionsError,
  costSavingsFor,
  DEFAULT_ASSUMPTIONS,
  loadAssumptions,
} from '../../../src/core/sync/assumptions.js';
import { tempDir } from '../../tempDirs.js';

/** The error a refused assumptions file gives; fails the test when the file is accepted. */
async function refusal(file: string): Promise<AssumptionsError> {
  const outcome = await loadAssumptions(file).catch((error: unknown) => error);
  if (!(outcome instanceof AssumptionsError)) throw new Error(`${file} was accepted`);
  return outcome;
}

describe('cost savings, worked by hand', () => {
  it('counts each kind of diverted visit at its own avoided cost less the telehealth visit', () => {
    // 3 ER × (1686 − 91) = 4785; 0 urgent care; 7 primary care × (147 − 91) = 392 → 5177.
    expect(costSavingsFor(DEFAULT_ASSUMPTIONS)({ er: 3, urgentCare: 0, primaryCare: 7 })).to.equal(5177);
    // 2 urgent care × (156 − 91) = 130.
    expect(costSavingsFor(DEFAULT_ASSUMPTIONS)({ er: 0, urgentCare: 2, primaryCare: 0 })).to.equal(130);
  });

  it('is exact to the cent with fractional costs', () => {
    const assumptions = {
      erVisitCost: 1686.37,
      urgentCareVisitCost: 155.99,
      primaryCareVisitCost: 147.05,
      telehealthVisitCost: 91.19,
      source: 'test',
    };
    // 1595.18 + 64.80 + 2 × 55.86 = 1771.70
    expect(costSavingsFor(assumptions)({ er: 1, urgentCare: 1, primaryCare: 2 })).to.equal(1771.7);
  });

  it('names its source: the base set, the file that overrides it, or the source the file gives', async () => {
    const dir = tempDir('savings-');
    const sourceOnly = join(dir, 'source.json');
    await writeFile(sourceOnly, JSON.stringify({ source: 'Plan actuarial study 2026' }));
    expect(await loadAssumptions(sourceOnly)).to.deep.equal({
      ...DEFAULT_ASSUMPTIONS,
      source: 'Plan actuarial study 2026',
    });
    const empty = join(dir, 'empty.json');
    await writeFile(empty, '{}');
    expect((await loadAssumptions(empty)).source).to.equal(DEFAULT_ASSUMPTIONS.source);
    const costs = join(dir, 'costs.json');
    await writeFile(costs, JSON.stringify({ telehealthVisitCost: 80 }));
    // The base is the org's set in a run (here the shipped defaults): the file names what it overrides.
    expect((await loadAssumptions(costs)).source).to.equal(`${costs} (overrides: ${DEFAULT_ASSUMPTIONS.source})`);
  });

  it('says why a file is refused', async () => {
    const dir = tempDir('savings-');
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ erVisitCost: 2_000_000 }));
    const tooBig = await refusal(file);
    expect(tooBig).to.include({ field: 'erVisitCost', name: 'AssumptionsError' });
    expect(tooBig.message).to.match(/1000000/);
    await writeFile(file, JSON.stringify({ source: '' }));
    expect((await refusal(file)).field).to.equal('source');
    await writeFile(file, JSON.stringify({ erCost: 1, urgentCost: 2 }));
    expect((await refusal(file)).field).to.equal('erCost, urgentCost');
    await writeFile(file, '5');
    expect((await refusal(file)).field).to.equal('(file)');
    await writeFile(file, '[1');
    const notJson = await refusal(file);
    expect(notJson).to.include({ field: '(file)', file });
    expect(notJson.message).to.match(/JSON/);
  });
});
