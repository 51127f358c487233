import { expect } from 'chai';
import { DEFAULT_SAVINGS_ASSUMPTIONS, DEFAULT_SAVINGS_FIGURES } from '../../../../src/core/risk/model/index.js';

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
