import { expect } from 'chai';
import { addMonths, daysInMonth, lastFullMonth, periodsEnding } from '../../scripts/demo-data/calendar.js';
import { Rng, WeightedChoice } from '../../scripts/demo-data/random.js';

describe('demo data: seeded randomness', () => {
  it('repeats a stream for the same seed and key, and differs for another key', () => {
    const draw = (rng: Rng) => Array.from({ length: 5 }, () => rng.next());
    expect(draw(Rng.derive(1, 'plan', 3))).to.deep.equal(draw(Rng.derive(1, 'plan', 3)));
    expect(draw(Rng.derive(1, 'plan', 3))).to.not.deep.equal(draw(Rng.derive(1, 'plan', 4)));
    expect(draw(Rng.derive(1, 'plan', 3))).to.not.deep.equal(draw(Rng.derive(2, 'plan', 3)));
  });

  it('draws uniform numbers in [0, 1), integers in range and Poisson counts with the right mean', () => {
    const rng = new Rng(7);
    const uniform = Array.from({ length: 20_000 }, () => rng.next());
    expect(Math.min(...uniform)).to.be.at.least(0);
    expect(Math.max(...uniform)).to.be.lessThan(1);
    expect(uniform.reduce((sum, value) => sum + value, 0) / uniform.length).to.be.closeTo(0.5, 0.01);
    const ints = new Set(Array.from({ length: 2_000 }, () => rng.int(3, 6)));
    expect([...ints].sort()).to.deep.equal([3, 4, 5, 6]);
    for (const lambda of [4, 200]) {
      const counts = Array.from({ length: 5_000 }, () => rng.poisson(lambda));
      expect(counts.reduce((sum, value) => sum + value, 0) / counts.length).to.be.closeTo(lambda, lambda * 0.03);
    }
  });

  it('chooses by weight', () => {
    const rng = new Rng(11);
    const choice = new WeightedChoice([
      ['a', 1],
      ['b', 3],
    ] as const);
    const draws = Array.from({ length: 20_000 }, () => choice.draw(rng));
    expect(draws.filter((value) => value === 'b').length / draws.length).to.be.closeTo(0.75, 0.015);
  });
});

describe('demo data: calendar', () => {
  it('moves between months across years', () => {
    expect(addMonths('2026-01', -1)).to.equal('2025-12');
    expect(addMonths('2025-11', 14)).to.equal('2027-01');
    expect(periodsEnding('2026-02', 3)).to.deep.equal(['2025-12', '2026-01', '2026-02']);
    expect(lastFullMonth('2026-01-15')).to.equal('2025-12');
    expect(daysInMonth('2028-02')).to.equal(29);
  });
});
