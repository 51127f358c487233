import { expect } from 'chai';
import { compileFormula } from '../../scripts/local-org/formula.js';

describe('local org formula evaluator', () => {
  const evaluate = (expression: string, fields: Record<string, number | string | null>, blankAsZero = false): unknown =>
    compileFormula(expression, blankAsZero)((name) => fields[name] ?? null);

  it('computes arithmetic with precedence and parentheses', () => {
    expect(evaluate('A + B * 2 - (A - B) / 2', { A: 10, B: 4 })).to.equal(15);
    expect(evaluate('-A + 2 ^ 3', { A: 3 })).to.equal(5);
  });

  it('branches with IF, comparisons, AND, OR and NOT', () => {
    const rate = 'IF(E > 0, R / E, NULL)';
    expect(evaluate(rate, { E: 200, R: 50 })).to.equal(0.25);
    expect(evaluate(rate, { E: 0, R: 50 })).to.equal(null);
    expect(evaluate('IF(AND(A >= 1, OR(B = 2, NOT(B <> 3))), 1, 0)', { A: 1, B: 3 })).to.equal(1);
  });

  it('treats blanks as zero or as blank, as the field says', () => {
    expect(evaluate('A + 1', { A: null }, true)).to.equal(1);
    expect(evaluate('A + 1', { A: null }, false)).to.equal(null);
    expect(evaluate('BLANKVALUE(A, 7)', { A: null })).to.equal(7);
    expect(evaluate('ISBLANK(A)', { A: '' })).to.equal(true);
  });

  it('answers null for division by zero and for functions it does not know', () => {
    expect(evaluate('A / B', { A: 1, B: 0 })).to.equal(null);
    expect(evaluate('VLOOKUP(A)', { A: 1 })).to.equal(null);
  });

  it('rounds and picks minimum and maximum', () => {
    expect(evaluate('ROUND(A, 2)', { A: 3.14159 })).to.equal(3.14);
    expect(evaluate('MAX(A, B, 3)', { A: 1, B: 2 })).to.equal(3);
    expect(evaluate('MIN(A, B)', { A: 1, B: 2 })).to.equal(1);
  });

  it('refuses text it cannot parse', () => {
    expect(() => compileFormula('A +', false)).to.throw(/end of formula/);
  });
});
