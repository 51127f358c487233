import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { compareEligibility, compareVisits, DuplicateVisits } from '../../../src/core/sync/duplicates.js';
import { checkVisitRow, type VisitRow } from '../../../src/core/sync/rowSchemas.js';
import { tempDir } from '../../tempDirs.js';

const visit = (change: Partial<VisitRow>): VisitRow => ({
  visit_id: 'V1',
  health_plan_id: 'HP1',
  line_of_business: 'Medicare',
  visit_date: '2024-03-15',
  service_line: 'urgent_care',
  diverted_from: '',
  rating: undefined,
  ...change,
});

describe('duplicate rows: which one is kept', () => {
  it('orders visits by date, then plan, line of business, service line, diversion, rating (none first)', () => {
    const base = visit({});
    expect(compareVisits(visit({ visit_date: '2024-03-14', health_plan_id: 'ZZ' }), base)).to.be.lessThan(0);
    expect(compareVisits(visit({ health_plan_id: 'HP0' }), base)).to.be.lessThan(0);
    expect(compareVisits(visit({ line_of_business: 'Commercial' }), base)).to.be.lessThan(0);
    expect(compareVisits(visit({ service_line: 'psychiatry' }), base)).to.be.lessThan(0);
    expect(compareVisits(visit({ diverted_from: 'er' }), base)).to.be.greaterThan(0);
    expect(compareVisits(visit({ rating: 1 }), base)).to.be.greaterThan(0);
    expect(compareVisits(visit({ rating: 1 }), visit({ rating: 2 }))).to.be.lessThan(0);
    // Code point order, as SQL's binary collation: upper case before lower case.
    expect(compareVisits(visit({ health_plan_id: 'Hp1' }), visit({ health_plan_id: 'hP1' }))).to.be.lessThan(0);
    expect(compareVisits(base, visit({}))).to.equal(0);
  });

  it('orders eligibility rows by eligible, then registered members', () => {
    const row = { health_plan_id: 'HP1', line_of_business: 'Medicare' as const, period: '2024-01' };
    const a = { ...row, eligible_members: 10, registered_members: 9 };
    expect(compareEligibility(a, { ...row, eligible_members: 11, registered_members: 0 })).to.be.lessThan(0);
    expect(compareEligibility(a, { ...row, eligible_members: 10, registered_members: 8 })).to.be.greaterThan(0);
    expect(compareEligibility(a, { ...a })).to.equal(0);
  });

  it('holds the best later row per id and rejects the rest as they come', () => {
    const duplicates = new DuplicateVisits();
    expect(duplicates.offer(visit({ visit_date: '2024-03-10' }), 7)).to.equal(undefined);
    expect(duplicates.offer(visit({ visit_date: '2024-03-11' }), 8)).to.equal(8);
    expect(duplicates.offer(visit({ visit_date: '2024-03-09' }), 9)).to.equal(7);
    expect(duplicates.duplicatedIds).to.equal(1);
  });

  it('settles each id against its first row on a second read, and keeps a held row that was the first after all', async () => {
    const dir = tempDir('duplicates-');
    const file = join(dir, 'visits.csv');
    await writeFile(
      file,
      [
        'visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating',
        'A,HP1,Medicare,2024-03-20,urgent_care,,',
        'B,HP1,Medicare,2024-03-01,urgent_care,,',
        'C,HP1,Medicare,2024-03-05,urgent_care,,',
        'A,HP1,Medicare,2024-03-02,urgent_care,,',
        'B,HP1,Medicare,2024-03-02,urgent_care,,',
      ].join('\n'),
    );
    const duplicates = new DuplicateVisits();
    duplicates.offer(visit({ visit_id: 'A', visit_date: '2024-03-02' }), 5);
    duplicates.offer(visit({ visit_id: 'B', visit_date: '2024-03-02' }), 6);
    // As if the id set had taken C for another id: C's only row is held.
    duplicates.offer(visit({ visit_id: 'C', visit_date: '2024-03-05' }), 4);
    const events: string[] = [];
    const rejected = await duplicates.settle({
      file,
      accept: (values) => {
        const check = checkVisitRow(values);
        return check.ok ? check.value : undefined;
      },
      add: (row) => events.push(`add ${row.visit_id} ${row.visit_date}`),
      remove: (row) => events.push(`remove ${row.visit_id} ${row.visit_date}`),
      reject: (line, issue) => events.push(`reject line ${line} ${issue.field}=${issue.value}`),
    });
    expect(events).to.deep.equal([
      'remove A 2024-03-20',
      'add A 2024-03-02',
      'reject line 2 visit_id=A',
      'reject line 6 visit_id=B',
      'add C 2024-03-05',
    ]);
    expect(rejected).to.equal(2);
  });

  it('settles with the first rows the reader handed over, in their order, without reading the file', async () => {
    const duplicates = new DuplicateVisits();
    const first = (id: string, date: string, line: number): { line: number; row: VisitRow } => ({
      line,
      row: visit({ visit_id: id, visit_date: date }),
    });
    // A's first row (line 9) loses to its held row; B's (line 3) beats its held row. B's first row
    // comes first in the file, so B is settled first.
    expect(
      duplicates.offer(visit({ visit_id: 'A', visit_date: '2024-03-02' }), 12, first('A', '2024-03-20', 9)),
    ).to.equal(undefined);
    expect(duplicates.firstOf('A')).to.deep.equal(first('A', '2024-03-20', 9));
    expect(duplicates.firstOf('B')).to.equal(undefined);
    expect(
      duplicates.offer(visit({ visit_id: 'B', visit_date: '2024-03-04' }), 13, first('B', '2024-03-01', 3)),
    ).to.equal(undefined);
    // A later A row beating the held one keeps the first row handed over with the first duplicate.
    expect(duplicates.offer(visit({ visit_id: 'A', visit_date: '2024-03-01' }), 14)).to.equal(12);
    expect(duplicates.firstOf('A')).to.deep.equal(first('A', '2024-03-20', 9));
    const events: string[] = [];
    const rejected = await duplicates.settle({
      file: join(tmpdir(), 'no-such-visits-feed.csv'),
      accept: () => undefined,
      add: (row) => events.push(`add ${row.visit_id} ${row.visit_date}`),
      remove: (row) => events.push(`remove ${row.visit_id} ${row.visit_date}`),
      reject: (line, issue) => events.push(`reject line ${line} ${issue.field}=${issue.value}`),
    });
    expect(events).to.deep.equal([
      'reject line 13 visit_id=B',
      'remove A 2024-03-20',
      'add A 2024-03-01',
      'reject line 9 visit_id=A',
    ]);
    expect(rejected).to.equal(2);
    expect(duplicates.duplicatedIds).to.equal(0);
  });
});
