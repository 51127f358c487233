import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import fc from 'fast-check';
import * as model from '../../plugin/src/core/risk/model/index.js';
import { accountInput, riskConfig } from '../../plugin/test/core/risk/arbitraries.js';
import { AS_OF, HEALTHY_MONTH, healthyAccount, snapshots } from '../../plugin/test/core/risk/fixtures.js';
import { buildLwcModel, buildLwcQbr, LWC_MODEL_FILE, LWC_QBR_FILE } from '../../scripts/build-lwc-model.js';

type Model = typeof model;

/** 1-based line of the first difference between two texts, or null when they are equal. */
function firstDifferentLine(a: string, b: string): number | null {
  if (a === b) return null;
  let index = 0;
  while (a[index] === b[index]) index++;
  return a.slice(0, index).split('\n').length;
}

describe('c/healthPlanModel: the renewal-risk model bundled for the record page', () => {
  let generated: Model;

  before(async () => {
    generated = (await import(pathToFileURL(LWC_MODEL_FILE).href)) as Model;
  });

  it('is exactly what `npm run build:lwc-model` makes of the model source', async () => {
    const committed = readFileSync(LWC_MODEL_FILE, 'utf8');
    const line = firstDifferentLine(committed, await buildLwcModel());
    expect(line, `${path.basename(LWC_MODEL_FILE)} differs from a rebuild at line ${line}: run npm run build:lwc-model`)
      .to.be.null;
  });

  it('exports what the model exports', () => {
    expect(Object.keys(generated).sort()).to.deep.equal(Object.keys(model).sort());
    expect(generated.MODEL_VERSION).to.equal(model.MODEL_VERSION);
  });

  it('scores an account exactly as the TypeScript model does', () => {
    const visitsFell = (monthsAgo: number): typeof HEALTHY_MONTH =>
      monthsAgo < 3 ? { ...HEALTHY_MONTH, visitsPer1000: 35, savings: 9000 } : HEALTHY_MONTH;
    const sample = { ...healthyAccount(), snapshots: snapshots(AS_OF, visitsFell) };
    const expected = model.scoreAccount(sample, model.DEFAULT_RISK_CONFIG);
    expect(expected.score).to.be.greaterThan(0);
    expect(generated.scoreAccount(sample, generated.DEFAULT_RISK_CONFIG)).to.deep.equal(expected);

    fc.assert(
      fc.property(accountInput, riskConfig, (input, config) => {
        expect(generated.scoreAccount(input, config)).to.deep.equal(model.scoreAccount(input, config));
      }),
      { numRuns: 200 },
    );
  });

  it('computes fees and ROI exactly as the TypeScript model does', () => {
    fc.assert(
      fc.property(accountInput, fc.integer({ min: 0, max: 2_000_000 }), (input, savings) => {
        const last = model.monthIndex(input.asOf);
        const months = Array.from({ length: 12 }, (_, index) => last - index);
        const fees = model.feesForMonths(input.contracts, input.snapshots, months);
        expect(generated.feesForMonths(input.contracts, input.snapshots, months)).to.equal(fees);
        expect(generated.returnOnInvestment(savings, fees)).to.equal(model.returnOnInvestment(savings, fees));
      }),
      { numRuns: 200 },
    );
  });
});

describe('c/qbrDocument: the QBR builder and renderer bundled for the Prepare QBR action', () => {
  it('is exactly what `npm run build:lwc-model` makes of plugin/src/core/qbr/document', async () => {
    const committed = readFileSync(LWC_QBR_FILE, 'utf8');
    const line = firstDifferentLine(committed, await buildLwcQbr());
    expect(line, `${path.basename(LWC_QBR_FILE)} differs from a rebuild at line ${line}: run npm run build:lwc-model`)
      .to.be.null;
  });

  it('takes fees, ROI and the savings assumptions from c/healthPlanModel, not from a copy of its own', () => {
    const source = readFileSync(LWC_QBR_FILE, 'utf8');
    expect(source).to.match(/from 'c\/healthPlanModel'/);
    expect(source).to.not.match(/function (feesForMonths|returnOnInvestment|parseAssumptionSet)\b/);
    expect(source).to.not.match(/from '(node:|\.)/);
  });
});
