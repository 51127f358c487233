/**
 * The visits feed read in byte ranges (on this thread or on worker threads) against the
 * single-threaded reader, the reference: on random feeds, the same snapshots, counts and reject
 * file (lines, fields, reasons, order). Ranges are forced small so that their boundaries fall
 * everywhere: inside quoted fields, inside multi-byte characters, on CR and LF. PROPERTY_SEED sets
 * the first seed (a failure names its seed), PROPERTY_CASES how many (60).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { SnapshotAggregator } from '../../../src/core/sync/aggregator.js';
import { DEFAULT_ASSUMPTIONS } from '../../../src/core/sync/assumptions.js';
import { DUPLICATE_VISIT_REASON, DuplicateVisits } from '../../../src/core/sync/duplicates.js';
import { readVisitsInRanges } from '../../../src/core/sync/parallelVisits.js';
import { CsvRecordFile, REJECT_COLUMNS, type RejectRow } from '../../../src/core/sync/rejectWriter.js';
import { VISIT_COLUMNS } from '../../../src/core/sync/rowSchemas.js';
import { runSync, type SyncResult } from '../../../src/core/sync/runSync.js';
import { hashId, idHash } from '../../../src/core/sync/visitIdSet.js';
import {
  ReaderThreadError,
  VisitsReadAhead,
  type ParallelReadOptions,
} from '../../../src/core/sync/visitsReadAhead.js';
import { tempDir } from '../../tempDirs.js';
import { FakeOrg } from './fakeOrg.js';

const ACCOUNTS = {
  'HP-1': '001000000000001AAA',
  'HP-2': '001000000000002AAA',
  'HP 3': '001000000000003AAA',
  'Plan-é': '001000000000004AAA',
};
const PLANS = [...Object.keys(ACCOUNTS), 'HP-404', ' HP-1', 'HP|1'];
const LINES = ['Commercial', 'Medicare', 'Medicaid', 'Exchange', 'Other', ' Medicare'];
const DATES = ['2024-01-15', '2024-02-29', '2023-02-29', '2024-12-31', '2024-1-05', ' 2024-03-01', ''];
const SERVICES = ['urgent_care', 'behavioral_health', 'psychiatry', 'primary_care', 'dermatology', 'other', 'x'];
const DIVERSIONS = ['er', 'urgent_care', 'primary_care', 'none', '', 'ER', ' er'];
const RATINGS = ['1', '2', '3', '4', '5', '', '', '0', '6', '2.0', ' 4'];
const ID_PARTS = ['V', 'v', 'é', '日本', '😀', 'a b', 'x|y', '-', '='];

/** Mulberry32: a small seeded generator, so that a failing case can be replayed from its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d_2b_79_f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (random: Random, p: number): boolean => random() < p;

/** A field as a careless producer might write it: quoted with commas, quotes, line breaks, or a stray quote. */
function written(random: Random, value: string): string {
  const roll = random();
  if (roll < 0.06) return `"${value.replace(/"/g, '""')}"`;
  if (roll < 0.08) return `"${value},""x""\n${value}"`;
  if (roll < 0.09) return `"${value}\r\nmore`;
  if (roll < 0.1) return `${value}"oops`;
  if (roll < 0.11) return `"${value}"x`;
  return value;
}

/** A random feed: valid and invalid rows, duplicates, quotes, CRLF, BOM, blank lines, multi-byte text. */
function randomFeed(random: Random, rows: number): string {
  const columns = [...VISIT_COLUMNS, ...(chance(random, 0.5) ? ['note'] : [])].sort(() => random() - 0.5);
  const ids = Math.max(1, Math.floor(rows * (0.5 + random() * 0.6)));
  const lines = [columns.join(',')];
  for (let i = 0; i < rows; i++) {
    if (chance(random, 0.04)) {
      lines.push(pick(random, ['', '\r', ' ']));
      continue;
    }
    const sane = chance(random, 0.7);
    const values: Record<string, string> = {
      visit_id: sane
        ? `V${Math.floor(random() * ids)}`
        : `${pick(random, ID_PARTS)}${Math.floor(random() * ids)}${chance(random, 0.2) ? ' ' : ''}`,
      health_plan_id: sane ? pick(random, PLANS.slice(0, 4)) : pick(random, PLANS),
      line_of_business: sane ? pick(random, LINES.slice(0, 4)) : pick(random, LINES),
      visit_date: sane ? pick(random, DATES.slice(0, 2)) : pick(random, DATES),
      service_line: sane ? pick(random, SERVICES.slice(0, 6)) : pick(random, SERVICES),
      diverted_from: sane ? pick(random, DIVERSIONS.slice(0, 5)) : pick(random, DIVERSIONS),
      rating: sane ? pick(random, RATINGS.slice(0, 7)) : pick(random, RATINGS),
      note: pick(random, ['', 'ok', 'ünïcödé', '日本語のメモ', 'a"b', 'x,y']),
    };
    let fields = columns.map((column) => (sane ? values[column] : written(random, values[column])));
    if (chance(random, 0.03)) fields = fields.slice(1);
    if (chance(random, 0.03)) fields.push('extra');
    lines.push(fields.join(','));
  }
  const ends = lines.map(() => (chance(random, 0.3) ? '\r\n' : '\n'));
  const text = lines.map((line, i) => line + (i < lines.length - 1 || chance(random, 0.7) ? ends[i] : '')).join('');
  return (chance(random, 0.3) ? '\uFEFF' : '') + text;
}

type Run = { result: SyncResult; rejects: string; snapshots: unknown[]; progress: number[] };

async function sync(
  dir: string,
  name: string,
  parallelRead?: ParallelReadOptions,
  visitsReadAhead?: Promise<VisitsReadAhead | undefined>,
): Promise<Run> {
  const org = new FakeOrg(ACCOUNTS);
  const progress: number[] = [];
  const result = await runSync(org, {
    eligibilityFile: join(dir, 'eligibility.csv'),
    visitsFile: join(dir, 'visits.csv'),
    rejectFile: join(dir, `${name}-rejects.csv`),
    failuresFile: join(dir, `${name}-failures.csv`),
    hooks: { sleep: async (): Promise<void> => {} },
    parallelRead,
    visitsReadAhead,
    onProgress: (p) => {
      if (p.visitRows && p.visitRows !== progress.at(-1)) progress.push(p.visitRows);
    },
  });
  const snapshots = [...org.snapshots.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const rejects = result.rejectFile ? await readFile(result.rejectFile, 'utf8') : '';
  return { result, rejects, snapshots, progress };
}

function expectSame(seed: number, reference: Run, ranged: Run): void {
  const context = `seed ${seed}`;
  expect(ranged.result.rowsRead, context).to.deep.equal(reference.result.rowsRead);
  expect(ranged.result.rowsAggregated, context).to.deep.equal(reference.result.rowsAggregated);
  expect(ranged.result.rowsRejected, context).to.equal(reference.result.rowsRejected);
  expect(ranged.rejects, context).to.equal(reference.rejects);
  expect(ranged.snapshots, context).to.deep.equal(reference.snapshots);
}

describe('visits read in byte ranges', () => {
  let dir: string;

  beforeEach(async () => {
    dir = tempDir('parallel-visits-');
    await writeFile(
      join(dir, 'eligibility.csv'),
      'health_plan_id,line_of_business,period,eligible_members,registered_members\nHP-1,Commercial,2024-01,100,10\n',
    );
  });

  it('give the single-threaded reader’s snapshots, counts and reject file on random feeds (small ranges)', async function () {
    this.timeout(120_000);
    const first = Number(process.env.PROPERTY_SEED ?? 1);
    for (let seed = first; seed < first + Number(process.env.PROPERTY_CASES ?? 60); seed++) {
      const random = generator(seed);
      const feed = randomFeed(random, 20 + Math.floor(random() * 300));
      // eslint-disable-next-line no-await-in-loop
      await writeFile(join(dir, 'visits.csv'), feed);
      // eslint-disable-next-line no-await-in-loop
      const reference = await sync(dir, 'one');
      const rangeBytes = 1 + Math.floor(random() * 160);
      // eslint-disable-next-line no-await-in-loop
      const ranged = await sync(dir, 'ranges', { minBytes: 0, threads: 0, rangeBytes });
      expectSame(seed, reference, ranged);
      // Many ranges, each reported as read: this run did not fall back to the single-threaded reader.
      expect(ranged.progress.length, `seed ${seed}: ranges reported`).to.be.above(
        Math.min(3, feed.length / rangeBytes - 1),
      );
      // An id set keeping 1–3 bits takes most ids for others met before, so nearly every row's
      // duplicate check is settled by reading lines again; keeping 29–31 bits leaves 8 or fewer
      // places, so blocks of many lines are read again, and merged as the file goes on.
      const fingerprintBits = [1, 2, 3, 29, 30, 31][seed % 6];
      // eslint-disable-next-line no-await-in-loop
      const colliding = await sync(dir, 'colliding', { minBytes: 0, threads: 0, rangeBytes, fingerprintBits });
      expectSame(seed, reference, colliding);
    }
  });

  it('give the same results on worker threads, with ranges of a few hundred bytes', async function () {
    this.timeout(120_000);
    for (const seed of [101, 102, 103]) {
      const random = generator(seed);
      // eslint-disable-next-line no-await-in-loop
      await writeFile(join(dir, 'visits.csv'), randomFeed(random, 400));
      // eslint-disable-next-line no-await-in-loop
      const reference = await sync(dir, 'one');
      // eslint-disable-next-line no-await-in-loop
      const ranged = await sync(dir, 'workers', { minBytes: 0, threads: 2, rangeBytes: 200 + seed });
      expectSame(seed, reference, ranged);
      expect(ranged.progress.length, `seed ${seed}: ranges reported`).to.be.above(10);
    }
  });

  it('give the same results when the read starts before the run, the whole feed read ahead of the merge', async function () {
    this.timeout(120_000);
    for (const seed of [201, 202, 203]) {
      const random = generator(seed);
      // eslint-disable-next-line no-await-in-loop
      await writeFile(join(dir, 'visits.csv'), randomFeed(random, 400));
      // eslint-disable-next-line no-await-in-loop
      const reference = await sync(dir, 'one');
      const options = { minBytes: 0, threads: 2, rangeBytes: 150 + seed, aheadBytes: (): number => 1 << 20 };
      const early = VisitsReadAhead.start(join(dir, 'visits.csv'), options);
      // Every range is read before the run asks the org for its plans.
      // eslint-disable-next-line no-await-in-loop
      await new Promise((resolve) => setTimeout(resolve, 200));
      // eslint-disable-next-line no-await-in-loop
      const ranged = await sync(dir, 'early', undefined, early);
      expectSame(seed, reference, ranged);
      expect(ranged.progress.length, `seed ${seed}: ranges reported`).to.be.above(10);
    }
  });

  it('give the same results with thousands of rows per range (the id list grows)', async function () {
    this.timeout(60_000);
    const random = generator(7);
    await writeFile(join(dir, 'visits.csv'), randomFeed(random, 6000));
    const reference = await sync(dir, 'one');
    const ranged = await sync(dir, 'big', { minBytes: 0, threads: 0, rangeBytes: 1 << 20 });
    expectSame(7, reference, ranged);
    // More than the 1,024 rows the id list starts with, in the one range.
    expect(reference.result.rowsAggregated.visits, 'valid rows').to.be.above(2000);
  });

  it('read on worker threads a feed none of whose rows the byte path takes (plans the org lacks, quoted fields)', async function () {
    // Every row goes to the main thread as fields. Fields cut from a whole window of text once held
    // ~200 KB per row, and a worker ran out of its heap after a few hundred rows of a 2 MiB range.
    this.timeout(60_000);
    const rows = Array.from({ length: 6000 }, (_, i) =>
      i % 2
        ? `V${i},HP-NOT-IN-ORG,Commercial,2024-01-15,urgent_care,er,4`
        : `"V${i}","HP-1","Medicare","2024-01-${String(1 + (i % 28)).padStart(2, '0')}","urgent_care","er","5"`,
    );
    await writeFile(join(dir, 'visits.csv'), `${VISIT_COLUMNS.join(',')}\n${rows.join('\n')}\n`);
    const reference = await sync(dir, 'one');
    const ranged = await sync(dir, 'workers', { minBytes: 0, threads: 2 });
    expectSame(0, reference, ranged);
    // Hand count: the 3,000 odd rows name a plan the org lacks; the 3,000 even ones are valid.
    expect(ranged.result.rowsRejected).to.equal(3000);
    expect(ranged.result.rowsAggregated.visits).to.equal(3000);
  });

  it('leave small feeds, gzipped ones and headers that are not one plain line to the single-threaded reader', async () => {
    const header = VISIT_COLUMNS.join(',');
    const body = 'V1,HP-1,Commercial,2024-01-15,urgent_care,,\n';
    const cases: Array<[string, string | Buffer, ParallelReadOptions]> = [
      ['visits.csv.gz', gzipSync(`${header}\n${body}`), { minBytes: 0, threads: 0 }],
      ['visits.csv', `${header}\n${body}`, { threads: 0 }],
      ['visits.ndjson', `${header}\n${body}`, { minBytes: 0, threads: 0 }],
      ['visits.csv', `\n${header}\n${body}`, { minBytes: 0, threads: 0 }],
      ['visits.csv', `"visit_id",${header.slice('visit_id,'.length)}\n${body}`, { minBytes: 0, threads: 0 }],
      ['visits.csv', `${header},visit_id\n${body}`, { minBytes: 0, threads: 0 }],
      ['visits.csv', `${header.replace(',rating', '')}\n${body}`, { minBytes: 0, threads: 0 }],
      ['visits.csv', header, { minBytes: 0, threads: 0 }],
    ];
    for (const [name, text, tuning] of cases) {
      const file = join(dir, name);
      // eslint-disable-next-line no-await-in-loop
      await writeFile(file, text);
      // eslint-disable-next-line no-await-in-loop
      const read = await readVisitsInRanges({
        ...tuning,
        file,
        accounts: new Map(Object.entries(ACCOUNTS)),
        aggregator: new SnapshotAggregator(),
        duplicates: new DuplicateVisits(),
        rejects: new CsvRecordFile<RejectRow>(join(dir, 'r.csv'), REJECT_COLUMNS),
        onBatch: () => undefined,
      });
      expect(read, `${name}: ${String(text)}`).to.equal(undefined);
    }
  });

  it('read a header with several unnamed columns in ranges, as the single-threaded reader reads it', async () => {
    await writeFile(
      join(dir, 'visits.csv'),
      `,${VISIT_COLUMNS.join(',')},\n,V1,HP-1,Commercial,2024-01-15,urgent_care,,3,x\n,V2,HP-1,Medicare,2024-02-15,psychiatry,er,,\n`,
    );
    const reference = await sync(dir, 'one');
    const ranged = await sync(dir, 'ranges', { minBytes: 0, threads: 0, rangeBytes: 40 });
    expectSame(0, reference, ranged);
    expect(ranged.result.rowsAggregated.visits).to.equal(2);
    expect(ranged.progress.length, 'ranges reported').to.be.above(1);
  });

  it('tell duplicates exactly when the id set takes an id for one met before (planted collisions)', async () => {
    // With 2 bits of fingerprint and a table of 1,024 slots, an id is taken for any id met before
    // with its fingerprint between its home and the first free slot. The ids below are found by
    // search so that each of C1, C2, C3 has the fingerprint of an id met before it, and its home
    // slot holds that id: each is a planted "maybe", which only a second look at lines settles.
    const bits = 2;
    const slots = 1024;
    const fingerprint = (id: string): number => {
      hashId(id);
      return idHash[1] >>> (32 - bits) || 1;
    };
    const home = (id: string): number => {
      hashId(id);
      return Math.floor((idHash[0] / 2 ** 32) * slots);
    };
    const partner = (id: string): string => {
      for (let i = 0; ; i++) {
        const other = `P${i}-${id}`;
        if (home(other) === home(id) && fingerprint(other) === fingerprint(id)) return other;
      }
    };
    const [p1, p2, p3] = ['C1', 'C2', 'C3'].map(partner);
    const file = join(dir, 'visits.csv');
    await writeFile(
      file,
      [
        VISIT_COLUMNS.join(','),
        `${p1},HP-1,Commercial,2024-01-15,psychiatry,,`, // line 2: P1, kept
        `${p2},HP-1,Commercial,2024-01-15,psychiatry,,`, // line 3: P2, kept
        'C1,HP-1,Commercial,2024-01-15,urgent_care,er,4', // line 4: C1's only row: kept (P1 read again)
        'C2,HP-1,Commercial,2024-01-20,urgent_care,,', // line 5: C2's first row (P2 read again), beaten by line 7
        'D1,HP-1,Commercial,2024-01-10,psychiatry,,2', // line 6: D1's first row: kept
        'C2,HP-1,Commercial,2024-01-05,primary_care,,5', // line 7: C2, earlier date: kept
        'D1,HP-1,Commercial,2024-01-11,urgent_care,,', // line 8: D1, later date: rejected
        'C2,HP-1,Commercial,2024-01-25,urgent_care,,', // line 9: C2, latest: rejected
        '"C3",HP-1,Commercial,2024-01-15,urgent_care,,', // line 10: C3 (quoted, read here): kept
        `${p3},HP-1,Commercial,2024-01-15,urgent_care,,`, // line 11: P3, met after C3: kept
      ].join('\n') + '\n',
    );
    const aggregator = new SnapshotAggregator();
    const duplicates = new DuplicateVisits();
    const rejects = new CsvRecordFile<RejectRow>(join(dir, 'r.csv'), REJECT_COLUMNS);
    const accounts = new Map(Object.entries(ACCOUNTS));
    const counts = await readVisitsInRanges({
      file,
      accounts,
      aggregator,
      duplicates,
      rejects,
      onBatch: () => undefined,
      minBytes: 0,
      threads: 0,
      rangeBytes: 64,
      fingerprintBits: bits,
    });
    // As runSync settles: the first rows are known, nothing is read again.
    const settled = await duplicates.settle({
      file: join(dir, 'no-such-file.csv'),
      accept: () => undefined,
      add: (row) => aggregator.addVisit(row),
      remove: (row) => aggregator.removeVisit(row),
      reject: (line, issue) => rejects.write({ file, line, ...issue }),
    });
    await rejects.close();
    expect(counts).to.deep.equal({ read: 10, aggregated: 9 });
    expect(settled, 'rows rejected while settling').to.equal(2);
    const lines = (await readFile(join(dir, 'r.csv'), 'utf8')).trim().split('\n').slice(1);
    const duplicate = `"${DUPLICATE_VISIT_REASON}"`;
    // While reading: line 9 loses to the held line 7. Settling, in the order of the first rows:
    // C2's line 5 loses to line 7; D1's line 8 loses to its first row, line 6.
    expect(lines).to.deep.equal([
      `${file},9,visit_id,C2,${duplicate}`,
      `${file},5,visit_id,C2,${duplicate}`,
      `${file},8,visit_id,D1,${duplicate}`,
    ]);
    // Kept: P1, P2 (psychiatry), C1 (er, rated 4), D1 line 6 (psychiatry, rated 2), C2 line 7 (rated 5),
    // C3, P3: 7 visits, 3 behavioral, 3 rated, average (4 + 2 + 5) / 3 = 3.67.
    const [snapshot] = aggregator.snapshots(DEFAULT_ASSUMPTIONS);
    expect(snapshot.values).to.include({
      Visits__c: 7,
      Behavioral_Health_Visits__c: 3,
      Rated_Visits__c: 3,
      Average_Rating__c: 3.67,
    });
  });

  describe('when a reader thread fails', () => {
    const feed = (): string =>
      [
        VISIT_COLUMNS.join(','),
        ...Array.from({ length: 400 }, (_, i) => `V${i},HP-1,Commercial,2024-01-15,urgent_care,er,4`),
      ].join('\n') + '\n';

    /** A sync whose reader threads fail as `mode` says; `startFirst`: its read is started and left alone that long first. */
    async function failedSync(
      mode: string,
      after: number,
      threads: number,
      startFirst?: number,
    ): Promise<{ error: unknown; org: FakeOrg }> {
      await writeFile(join(dir, 'visits.csv'), feed());
      const org = new FakeOrg(ACCOUNTS);
      const worker = new URL(`./failingRangeWorker.ts?mode=${mode}&after=${after}`, import.meta.url);
      // About 45 bytes a row: 400 rows in 60 ranges, so every thread gets many.
      const parallelRead = { minBytes: 0, threads, rangeBytes: 300, worker };
      const visitsReadAhead = startFirst ? VisitsReadAhead.start(join(dir, 'visits.csv'), parallelRead) : undefined;
      await new Promise((resolve) => setTimeout(resolve, startFirst ?? 0));
      try {
        await runSync(org, {
          eligibilityFile: join(dir, 'eligibility.csv'),
          visitsFile: join(dir, 'visits.csv'),
          rejectFile: join(dir, 'rejects.csv'),
          failuresFile: join(dir, 'failures.csv'),
          hooks: { sleep: async (): Promise<void> => {} },
          parallelRead,
          visitsReadAhead,
        });
      } catch (error) {
        return { error, org };
      }
      return { error: undefined, org };
    }

    function expectFailure(error: unknown, org: FakeOrg, reason: RegExp): void {
      expect(error).to.be.instanceOf(ReaderThreadError);
      expect((error as ReaderThreadError).file).to.equal(join(dir, 'visits.csv'));
      expect((error as ReaderThreadError).reason.message).to.match(reason);
      // The run stops while reading: no snapshot reaches the org.
      expect(org.snapshots.size, 'snapshots written').to.equal(0);
    }

    it('fails the sync naming the feed when the thread throws', async function () {
      this.timeout(30_000);
      const { error, org } = await failedSync('throw', 1, 2);
      // Each thread reads one range and fails on its next; which ranges a thread is sent depends on
      // which is free first, so the failed range is any but the first.
      expectFailure(error, org, /^planted failure in range [1-9]\d*$/);
    });

    it('fails the sync when the thread exits in the middle of a range', async function () {
      this.timeout(30_000);
      const { error, org } = await failedSync('exit', 1, 2);
      expectFailure(error, org, /^it stopped with exit code 7$/);
    });

    it('fails the sync when the thread runs out of memory', async function () {
      this.timeout(60_000);
      const { error, org } = await failedSync('memory', 1, 2);
      expectFailure(error, org, /memory/);
    });

    it('fails, rather than waits for ever, when a thread stopped while it had nothing to read', async function () {
      this.timeout(30_000);
      // One thread, sent 2 ranges up front: it answers both, then exits. Whether the third range is
      // sent before its exit is seen (and fails with the ranges waiting) or after (and fails at once,
      // where it once waited for ever) depends on timing; either way the run must fail.
      const { error, org } = await failedSync('quit', 2, 1);
      expectFailure(error, org, /^it stopped with exit code 0$/);
    });

    it('fails at once when the next range is sent to a thread whose exit was seen', async function () {
      this.timeout(15_000);
      // As above, but the read starts 3 s before the run: the thread has answered its 2 ranges and
      // exited, and the third range goes to a thread known to have stopped.
      const { error, org } = await failedSync('quit', 2, 1, 3000);
      expectFailure(error, org, /^it stopped with exit code 0$/);
    });
  });
});
