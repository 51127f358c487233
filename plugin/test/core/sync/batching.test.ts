import { expect } from 'chai';
import fc from 'fast-check';
import { chunk, orderByParent, planLanes } from '../../../src/core/sync/batching.js';

type Row = { accountId: string; key: string };

const rows = fc.array(
  fc.record({ accountId: fc.constantFrom('001A', '001B', '001C', '001D', '001E', '001F'), key: fc.uuid() }),
  { maxLength: 1500 },
);

describe('batching by parent Account', () => {
  it('never puts one parent in two lanes, keeps batches ≤ size, and loses no row', () => {
    fc.assert(
      fc.property(
        rows,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 300 }),
        (input: Row[], laneCount, size) => {
          const lanes = planLanes(input, size, laneCount);
          expect(lanes.length).to.be.at.most(laneCount);
          const laneOf = new Map<string, number>();
          lanes.forEach((batches, lane) => {
            for (const batch of batches) {
              expect(batch.length).to.be.within(1, size);
              for (const row of batch) {
                expect(laneOf.get(row.accountId) ?? lane).to.equal(lane);
                laneOf.set(row.accountId, lane);
              }
            }
          });
          const out = lanes
            .flat(2)
            .map((row) => row.key)
            .sort();
          expect(out).to.deep.equal(input.map((row) => row.key).sort());
        },
      ),
    );
  });

  it('balances lanes by rows', () => {
    const input = ['a', 'b', 'c', 'd'].flatMap((accountId) =>
      Array.from({ length: 100 }, (_, i) => ({ accountId, key: `${accountId}${i}` })),
    );
    const lanes = planLanes(input, 200, 2);
    expect(lanes.map((lane) => lane.flat().length)).to.deep.equal([200, 200]);
  });

  it('orders rows so each parent’s children are contiguous', () => {
    const ordered = orderByParent([
      { accountId: 'a', key: '1' },
      { accountId: 'b', key: '2' },
      { accountId: 'a', key: '3' },
    ]);
    expect(ordered.map((row) => row.key)).to.deep.equal(['1', '3', '2']);
  });

  it('chunks', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
  });

  it('deals the biggest parent first, each to the lightest lane, the first lane on a tie', () => {
    const input = [...['C1', 'D1', 'B1', 'A1', 'B2', 'A2', 'A3'].map((key) => ({ accountId: key[0], key }))];
    // Groups by size: A 3, B 2, C 1, D 1. A → lane 1 (3 rows); B → lane 2 (2); C → lane 2, the lighter (3);
    // D: both lanes hold 3, so lane 1. Then each lane cut into requests of 2 rows.
    const lanes = planLanes(input, 2, 2);
    expect(lanes.map((lane) => lane.map((batch) => batch.map((row) => row.key)))).to.deep.equal([
      [
        ['A1', 'A2'],
        ['A3', 'D1'],
      ],
      [['B1', 'B2'], ['C1']],
    ]);
  });

  it('uses no more lanes than parents, at least one, and none for no rows', () => {
    expect(planLanes([], 200, 4)).to.deep.equal([]);
    const two = planLanes(
      [
        { accountId: 'a', key: '1' },
        { accountId: 'b', key: '2' },
      ],
      200,
      8,
    );
    expect(two.map((lane) => lane.flat().map((row) => row.key))).to.deep.equal([['1'], ['2']]);
    expect(planLanes([{ accountId: 'a', key: '1' }], 200, 0)).to.deep.equal([[[{ accountId: 'a', key: '1' }]]]);
  });
});
