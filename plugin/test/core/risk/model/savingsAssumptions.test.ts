import { expect } from 'chai';
import { DEFAULT_SAVINGS_ASSUMPTIONS, DEFAULT_SAVINGS_FIGURES } from '../../../../src/core/risk/model/index.js';
import {
  assumptionSetValue,
  parseAssumptionSet,
  savingsFigures,
} from '../../../../src/core/risk/model/savingsAssumptions.js';

describe('default savings assumptions', () => {
  it('states every figure with its amount and source', () => {
    expect(DEFAULT_SAVINGS_FIGURES.map((figure) => figure.key)).to.have.members([
      'erVisitCost',
      'urgentCareVisitCost',
      'primaryCareVisitCost',
      'telehealthVisitCost',
    ]);
    for (const figure of DEFAULT_SAVINGS_FIGURES) {
      expect(figure.amount, figure.key).to.be.greaterThan(0).and.equal(DEFAULT_SAVINGS_ASSUMPTIONS[figure.key]);
      expect(figure.label, figure.key).to.not.equal('');
      expect(figure.source, figure.key).to.not.equal('');
    }
  });

  it('names every figure in the source the sync reports', () => {
    for (const figure of DEFAULT_SAVINGS_FIGURES) {
      expect(DEFAULT_SAVINGS_ASSUMPTIONS.source).to.include(`$${figure.amount.toLocaleString('en-US')}`);
    }
  });
});

describe('savings assumption set on a snapshot', () => {
  const set = {
    name: 'Claims|2026',
    erVisitCost: 1500,
    urgentCareVisitCost: 150,
    primaryCareVisitCost: 140.5,
    telehealthVisitCost: 100,
    source: 'Our 2026 claims study',
  };

  it('is NAME|ER|URGENT|PRIMARY|TELEHEALTH|SOURCE, a pipe in the name made a slash, cut to 255 characters', () => {
    expect(assumptionSetValue(set)).to.equal('Claims/2026|1500|150|140.5|100|Our 2026 claims study');
    // Head "Claims/2026|1500|150|140.5|100|" is 31 characters: 224 of the 300-character source fit.
    const long = assumptionSetValue({ ...set, source: 's'.repeat(300) });
    expect(long).to.equal('Claims/2026|1500|150|140.5|100|' + 's'.repeat(224));
  });

  it('reads back the name, the four costs as numbers and the source, pipes and all', () => {
    expect(parseAssumptionSet('Claims_2026|1500|150|140.5|100|Study A|B')).to.deep.equal({
      name: 'Claims_2026',
      erVisitCost: 1500,
      urgentCareVisitCost: 150,
      primaryCareVisitCost: 140.5,
      telehealthVisitCost: 100,
      source: 'Study A|B',
    });
    expect(parseAssumptionSet('A|1|2|3|4|')).to.deep.include({ name: 'A', telehealthVisitCost: 4, source: '' });
  });

  it('reads a blank, short or damaged value as no set', () => {
    for (const value of [
      null,
      undefined,
      '',
      'A|1|2|3|4',
      '|1|2|3|4|s',
      'A|1| |3|4|s',
      'A|1|2||4|s',
      'A|1|x|3|4|s',
      'A|1|2|3|Infinity|s',
    ]) {
      expect(parseAssumptionSet(value), String(value)).to.equal(null);
    }
  });

  it('lists a set’s figures in the default order, each with the set’s amount and source', () => {
    expect(savingsFigures(set).map(({ key, amount, source }) => [key, amount, source])).to.deep.equal([
      ['erVisitCost', 1500, 'Our 2026 claims study'],
      ['urgentCareVisitCost', 150, 'Our 2026 claims study'],
      ['primaryCareVisitCost', 140.5, 'Our 2026 claims study'],
      ['telehealthVisitCost', 100, 'Our 2026 claims study'],
    ]);
    expect(savingsFigures(set)[0].label).to.equal('Avoided emergency department visit');
  });
});
