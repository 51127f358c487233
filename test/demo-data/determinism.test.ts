import { createHash } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { generateDataset, writeFeeds, type GenerateOptions } from '../../scripts/demo-data/index.js';

async function feedHashes(options: GenerateOptions, dir: string): Promise<string[]> {
  const written = await writeFeeds(generateDataset(options), dir);
  return Promise.all(
    [written.eligibility, written.visits].map(async (file) =>
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    ),
  );
}

describe('demo data: determinism', () => {
  const options = { seed: 42, endMonth: '2026-10', visitScale: 0.01 };
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'demo-data-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the same bytes for the same seed', async () => {
    const first = await feedHashes(options, path.join(dir, 'a'));
    const second = await feedHashes(options, path.join(dir, 'b'));
    expect(second).to.deep.equal(first);
  });

  it('writes different feeds for a different seed', async () => {
    const first = await feedHashes(options, path.join(dir, 'a'));
    const other = await feedHashes({ ...options, seed: 43 }, path.join(dir, 'b'));
    expect(other[0]).to.not.equal(first[0]);
    expect(other[1]).to.not.equal(first[1]);
  });

  it('makes the same org records for the same seed and different ones for another', () => {
    const records = (seed: number) => JSON.stringify(generateDataset({ ...options, seed }).plans);
    expect(records(42)).to.equal(records(42));
    expect(records(7)).to.not.equal(records(42));
  });

  it('streams the same visits every time the stream is opened', () => {
    const dataset = generateDataset(options);
    const take = (count: number) => {
      const rows = [];
      for (const visit of dataset.visits()) {
        rows.push(visit);
        if (rows.length === count) break;
      }
      return rows;
    };
    expect(take(500)).to.deep.equal(take(500));
  });

  it('does not depend on the clock once endMonth is given', () => {
    const dataset = generateDataset(options);
    expect(dataset.asOf).to.equal('2026-11-01');
    expect(dataset.periods[0]).to.equal('2024-11');
    expect(dataset.periods).to.have.length(24);
  });

  it('defaults endMonth to the last full month before asOf', () => {
    const dataset = generateDataset({ seed: 1, asOf: '2026-03-15', visitScale: 0 });
    expect(dataset.endMonth).to.equal('2026-02');
    expect(dataset.periods.at(-1)).to.equal('2026-02');
  });
});
