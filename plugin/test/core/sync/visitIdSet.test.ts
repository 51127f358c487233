import { expect } from 'chai';
import { VisitIdSet } from '../../../src/core/sync/visitIdSet.js';

describe('visit id set', () => {
  it('tells a new id from one seen before, across growth', () => {
    const seen = new VisitIdSet();
    const n = 300_000;
    let taken = 0;
    for (let i = 0; i < n; i++) if (!seen.add(`VIS-${i}`)) taken++;
    expect(taken, 'new ids taken for duplicates').to.equal(0);
    expect(seen.size).to.equal(n);
    let repeatsSeen = 0;
    for (let i = 0; i < n; i += 997) if (!seen.add(`VIS-${i}`)) repeatsSeen++;
    expect(repeatsSeen).to.equal(Math.ceil(n / 997));
    expect(seen.size).to.equal(n);
  });

  it('tells apart ids that differ in one character, in length, or only in case', () => {
    const seen = new VisitIdSet();
    for (const id of ['a', 'A', 'ab', 'ba', 'a ', '', 'é', 'e\u0301']) expect(seen.add(id)).to.equal(true);
    expect(seen.add('ab')).to.equal(false);
  });

  it('sized up front, takes the expected ids without growing and still tells duplicates', () => {
    const seen = new VisitIdSet();
    const n = 500_000;
    seen.expect(n);
    const sized = seen.bytes;
    let taken = 0;
    for (let i = 0; i < n; i++) if (!seen.add(`VIS-${i}`)) taken++;
    expect(taken, 'new ids taken for duplicates').to.equal(0);
    expect(seen.bytes, 'bytes after the expected ids').to.equal(sized);
    expect(sized / n, 'bytes per expected id').to.be.below(9);
    let repeatsSeen = 0;
    for (let i = 0; i < n; i += 991) if (!seen.add(`VIS-${i}`)) repeatsSeen++;
    expect(repeatsSeen).to.equal(Math.ceil(n / 991));
    for (let i = n; i < 2 * n; i++) if (!seen.add(`VIS-${i}`)) taken++;
    expect(taken, 'ids beyond the expected count taken for duplicates').to.equal(0);
    expect(seen.size).to.equal(2 * n);
  });

  it('takes a few bytes per id, whatever the id length', () => {
    const seen = new VisitIdSet();
    for (let i = 0; i < 200_000; i++) seen.add(`a-rather-long-visit-identifier-from-the-platform-${i}`);
    expect(seen.bytes / seen.size).to.be.below(16);
  });
});
