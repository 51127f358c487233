/**
 * The parallel reader's id set: what it answers for ids met before, for ids sharing a fingerprint,
 * across tables, and how many new ids it takes for a "maybe" (the arithmetic in visitFingerprints.ts).
 */
import { expect } from 'chai';
import { VisitFingerprints } from '../../../src/core/sync/visitFingerprints.js';
import { hashId, idHash } from '../../../src/core/sync/visitIdSet.js';

/** With 16-bit fingerprints: `a` picks the home slot (its place in [0, 2^32) scaled to the table), the top 16 bits of `b` the fingerprint. */
const TOP = 2 ** 16;

describe('visit fingerprints', () => {
  it('answers true for a new id and false, with the place it was met, for the same id again', () => {
    const ids = new VisitFingerprints(16);
    expect(ids.add(0x12_34_56_78, 0xab_cd_00_01, 5)).to.equal(true);
    expect(ids.add(0x99_99_00_00, 0x11_11_00_00, 6)).to.equal(true);
    expect(ids.add(0x12_34_56_78, 0xab_cd_00_01, 9)).to.equal(false);
    expect(ids.found).to.deep.equal([5]);
    // The next add forgets the last answer's places.
    expect(ids.add(0x55_55_00_00, 0x22_22_00_00, 9)).to.equal(true);
    expect(ids.found).to.deep.equal([]);
  });

  it('compares an id with the slots from its home to the first free one only, by the top bits of b', () => {
    const ids = new VisitFingerprints(16);
    ids.expect(0); // 1,024 slots: a = k · 2^22 has home slot k.
    const slot = (k: number): number => k * 2 ** 22;
    expect(ids.add(slot(10), 7 * TOP + 1, 1)).to.equal(true); // slot 10
    expect(ids.add(slot(10), 8 * TOP, 2)).to.equal(true); // home 10 taken: slot 11
    // Home 11, fingerprint 8: the id in slot 11 has it; only the low 16 bits of b differ, which are not kept.
    expect(ids.add(slot(11), 8 * TOP + 0xff_ff, 3)).to.equal(false);
    expect(ids.found).to.deep.equal([2]);
    // Home 12 is free: fingerprint 7 is not looked for in slot 10.
    expect(ids.add(slot(12), 7 * TOP, 4)).to.equal(true);
    // Home 10, fingerprint 7: slots 10, 11, 12 are passed, 10 and 12 have it.
    expect(ids.add(slot(10), 7 * TOP + 5, 5)).to.equal(false);
    expect(ids.found).to.deep.equal([1, 4]);
    // insert keeps an id that was turned down; a later one finds all three.
    ids.insert(slot(10), 7 * TOP + 5, 5);
    expect(ids.add(slot(10), 7 * TOP, 6)).to.equal(false);
    expect(ids.found).to.deep.equal([1, 4, 5]);
  });

  it('takes a fingerprint of 0 for 1, as a free slot is 0', () => {
    const ids = new VisitFingerprints(16);
    expect(ids.add(0, 0, 0)).to.equal(true);
    expect(ids.add(0, TOP, 3)).to.equal(false);
    expect(ids.found).to.deep.equal([0]);
  });

  it('wraps from the last slot to the first', () => {
    const ids = new VisitFingerprints(16);
    ids.expect(0);
    const last = 1023 * 2 ** 22;
    expect(ids.add(last, 3 * TOP, 1)).to.equal(true); // slot 1023
    expect(ids.add(last, 4 * TOP, 2)).to.equal(true); // slot 0
    expect(ids.add(0, 4 * TOP, 3)).to.equal(false); // home 0 holds fingerprint 4
    expect(ids.found).to.deep.equal([2]);
  });

  it('wraps from the last slot to the first when keeping an id it turned down', () => {
    const ids = new VisitFingerprints(16);
    const last = 1023 * 2 ** 22;
    ids.insert(last, 3 * TOP, 1); // slot 1023, the first table made here
    ids.insert(last, 3 * TOP, 2); // slot 0
    expect(ids.bytes).to.equal(4096);
    expect(ids.add(0, 3 * TOP, 0)).to.equal(false);
    expect(ids.found).to.deep.equal([2]);
  });

  it('fills a table to exactly 80% of its slots before starting the next', () => {
    const ids = new VisitFingerprints(16);
    ids.expect(1000); // 1,250 slots: the 1,000th id still goes in, the 1,001st does not.
    for (let i = 0; i < 1000; i++) ids.add(i * 4_290_000, (i + 1) * TOP, 0);
    expect(ids.bytes).to.equal(5000);
    ids.insert(7, 5000 * TOP, 0);
    expect(ids.bytes).to.equal(5000 + 10_000);
    const added = new VisitFingerprints(16);
    added.expect(1000);
    for (let i = 0; i < 1000; i++) added.insert(i * 4_290_000, (i + 1) * TOP, 0);
    expect(added.bytes).to.equal(5000);
    added.add(7, 5000 * TOP, 0);
    expect(added.bytes).to.equal(5000 + 10_000);
  });

  it('sizes its first table once, for 80% of its slots', () => {
    const ids = new VisitFingerprints(16);
    ids.expect(10_000);
    ids.expect(1_000_000);
    // ceil(10,000 / 0.8) = 12,500 slots of 4 bytes.
    expect(ids.bytes).to.equal(50_000);
    const small = new VisitFingerprints(16);
    small.expect(10);
    expect(small.bytes, 'at least 1,024 slots').to.equal(4096);
  });

  it('adds a table twice as big when one is full, and still finds the ids of the first', () => {
    const ids = new VisitFingerprints(16);
    // 1,024 slots hold 819 ids (80%); the 820th starts a table of 2,048.
    for (let i = 0; i < 819; i++) ids.add(i * 5_240_000, (i + 1) * TOP, i % 100);
    expect(ids.bytes).to.equal(4096);
    expect(ids.add(7, 900 * TOP, 1)).to.equal(true);
    expect(ids.bytes).to.equal(4096 + 8192);
    for (let i = 0; i < 819; i += 37) {
      expect(ids.add(i * 5_240_000, (i + 1) * TOP, 0), `id ${i}`).to.equal(false);
      expect(ids.found).to.deep.equal([i % 100]);
    }
    expect(ids.add(7, 900 * TOP, 0)).to.equal(false);
    expect(ids.found).to.deep.equal([1]);
    // A table that insert fills also gets a successor.
    const inserted = new VisitFingerprints(16);
    for (let i = 0; i < 820; i++) inserted.insert(i * 5_240_000, (i + 1) * TOP, 0);
    expect(inserted.bytes).to.equal(4096 + 8192);
  });

  it('reads the home slots of the ids it is shown into touched, from, count and stride as given', () => {
    const ids = new VisitFingerprints(16);
    ids.touch(new Uint32Array([0, 0]), 0, 1, 2); // no table yet: nothing to read
    expect(ids.touched).to.equal(0);
    ids.expect(0); // 1,024 slots: a = k · 2^22 has home slot k.
    const slot = (k: number): number => k * 2 ** 22;
    ids.add(slot(10), 7 * TOP, 1); // slot 10 holds 7 · 2^16 + 1 = 0x7_0001
    ids.add(slot(20), 9 * TOP, 2); // slot 20 holds 9 · 2^16 + 2 = 0x9_0002
    // a halves at words 0, 2, 4, 6 (stride 2): homes 10, 99 (free), 20, 10.
    const words = new Uint32Array([slot(10), 1, slot(99), 1, slot(20), 1, slot(10), 1]);
    ids.touch(words, 0, 3, 2); // slots 10, 99, 20: 0x7_0001 ^ 0 ^ 0x9_0002
    expect(ids.touched).to.equal(0xe_00_03);
    ids.touch(words, 4, 1, 2); // slot 20 again: 0xe_0003 ^ 0x9_0002
    expect(ids.touched).to.equal(0x7_00_01);
    ids.touch(words, 2, 1, 2); // slot 99 is free: nothing changes
    expect(ids.touched).to.equal(0x7_00_01);
  });

  it('halves every place kept when coarsened', () => {
    const ids = new VisitFingerprints(16);
    ids.add(1, 5 * TOP, 7);
    ids.add(2 ** 31, 6 * TOP, 65_535);
    ids.coarsen();
    expect(ids.add(1, 5 * TOP, 0)).to.equal(false);
    expect(ids.found).to.deep.equal([3]);
    expect(ids.add(2 ** 31, 6 * TOP, 0)).to.equal(false);
    expect(ids.found).to.deep.equal([32_767]);
    expect(ids.places).to.equal(65_536);
    expect(new VisitFingerprints(2).places).to.equal(2 ** 30);
    expect(new VisitFingerprints().places, '18-bit fingerprints by default').to.equal(2 ** 14);
  });

  it('takes about 2n / 2^16 of n new ids for a maybe when filled to 80%', () => {
    // The arithmetic of visitFingerprints.ts: an id passes on average 2 full slots on its way to a
    // free one, each holding its 16-bit fingerprint with chance 2^-16. 1M ids: 2 · 10^6 / 65,536 ≈ 30.5,
    // a Poisson count; 4 standard deviations either side is 8 to 53.
    const n = 1_000_000;
    const ids = new VisitFingerprints(16);
    ids.expect(n);
    let maybes = 0;
    for (let i = 0; i < n; i++) {
      hashId(`VIS-${i.toString(36)}`);
      if (!ids.add(idHash[0], idHash[1], 0)) maybes++;
    }
    expect(maybes).to.be.within(8, 53);
    expect(ids.bytes, '4 bytes per slot, 5 per id').to.equal(5_000_000);
  });
});
