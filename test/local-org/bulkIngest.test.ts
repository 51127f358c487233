import { expect } from 'chai';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_FORCE_APP_DIR } from '../../scripts/schema/forceAppSchema.js';
import { preloadFiles, sourcePackage } from '../../scripts/local-org/metadata/preload.js';
import { seededRandom } from '../../scripts/local-org/faults.js';
import { findField, findObject, type ObjectDef } from '../../scripts/local-org/model.js';
import { OrgState } from '../../scripts/local-org/org.js';
import { IngestOperation, IngestProcessor, type Upload } from '../../scripts/local-org/bulkIngest.js';
import { ApiError, RecordError } from '../../scripts/local-org/errors.js';
import { toId18 } from '../../scripts/local-org/ids.js';
import { Input, newBatchCache } from '../../scripts/local-org/records.js';
import { csvLine, csvText } from '../../scripts/local-org/csv.js';

type Outcome = { id: string | null; created: boolean; error?: ApiError };

const SNAPSHOT = 'Utilization_Snapshot__c';
const STAMPS = new Set(['CreatedDate', 'LastModifiedDate', 'SystemModstamp']);

/**
 * The oracle: every row sent through `Records` as the REST API would send the record, one at a time,
 * with no per-job planning, lookups by slice or caches of its own.
 */
function referenceIngest(
  org: OrgState,
  object: ObjectDef,
  operation: IngestOperation,
  upload: Upload,
  externalIdFieldName?: string,
): Outcome[] {
  const cache = newBatchCache();
  const externalField = externalIdFieldName ? findField(object, externalIdFieldName)! : undefined;
  const keyIndex = externalField
    ? upload.header.findIndex((h) => h.toLowerCase() === externalField.name.toLowerCase())
    : -1;
  const fold = (key: string): string => (externalField?.caseSensitive ? key : key.toLowerCase());
  const keyCounts = new Map<string, number>();
  for (const row of upload.rows) {
    if (row[keyIndex]) keyCounts.set(fold(row[keyIndex]), (keyCounts.get(fold(row[keyIndex])) ?? 0) + 1);
  }
  const toInput = (row: string[]): Input => {
    const input: Input = {};
    upload.header.forEach((name, i) => {
      if (row[i] === '') return;
      const value = row[i] === '#N/A' ? null : row[i];
      const [first, second] = name.split('.');
      if (second === undefined) input[name] = value;
      else input[first] = { [second]: value };
    });
    return input;
  };
  const rowId = (row: string[]): string => {
    const raw = row[upload.header.findIndex((h) => h.toLowerCase() === 'id')] ?? '';
    const id = toId18(raw);
    if (!id || !org.store.get(object, id)) {
      const code = id ? 'ENTITY_IS_DELETED' : 'MALFORMED_ID';
      throw new RecordError([
        { statusCode: code, message: id ? 'entity is deleted' : `malformed id ${raw}`, fields: ['Id'] },
      ]);
    }
    return id;
  };
  return org.store.transaction(() =>
    upload.rows.map((row): Outcome => {
      try {
        if (operation === 'insert')
          return { id: org.records.insert(object, toInput(row), 'csv', cache), created: true };
        if (operation === 'update') {
          const id = rowId(row);
          org.records.update(object, id, toInput(row), 'csv', cache);
          return { id, created: false };
        }
        const key = row[keyIndex] ?? '';
        if ((keyCounts.get(fold(key)) ?? 0) > 1) {
          const message = `Duplicate external id specified: ${key}`;
          throw new RecordError([{ statusCode: 'DUPLICATE_VALUE', message, fields: [externalField!.name] }]);
        }
        return org.records.upsert(object, externalField!, toInput(row), 'csv', cache);
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        return { id: null, created: false, error: error.errors[0] };
      }
    }),
  );
}

function seededOrg(): OrgState {
  // A copy of one org that force-app was deployed to: the property below needs hundreds of orgs.
  const org = new OrgState(seededRandom(7), deployed);
  const account = findObject(org.model, 'Account')!;
  const snapshot = findObject(org.model, SNAPSHOT)!;
  org.store.transaction(() => {
    const ids = ['P1', 'P2'].map((key) => org.records.insert(account, { Name: key, Health_Plan_Id__c: key }, 'json'));
    for (const [key, parent] of [
      ['K1', ids[0]],
      ['K2', ids[1]],
    ]) {
      org.records.insert(snapshot, { Snapshot_Key__c: key, Account__c: parent, Visits__c: 1 }, 'json');
    }
  });
  return org;
}

function rowsOf(org: OrgState, object: ObjectDef): Array<Record<string, unknown>> {
  return (org.store.all(object) as Array<Record<string, unknown>>).map((row) =>
    Object.fromEntries(Object.entries(row).filter(([column]) => !STAMPS.has(column))),
  );
}

function oracleCsv(upload: Upload, outcomes: Outcome[]): { successful: string; failed: string } {
  const successful = [['sf__Id', 'sf__Created', ...upload.header]];
  const failed = [['sf__Id', 'sf__Error', ...upload.header]];
  outcomes.forEach((o, i) => {
    if (o.error) {
      failed.push([
        o.id ?? '',
        `${o.error.statusCode}:${o.error.message}:${o.error.fields.join(',')} --`,
        ...upload.rows[i],
      ]);
    } else successful.push([o.id ?? '', String(o.created), ...upload.rows[i]]);
  });
  return { successful: stringify(successful, { quoted: true }), failed: stringify(failed, { quoted: true }) };
}

let deployed: Buffer;

/** Runs one upload through the ingest processor and through the oracle, on two orgs seeded alike. */
function expectSameAsOracle(operation: IngestOperation, header: string[], rows: string[][]): void {
  const expectedOrg = seededOrg();
  const actualOrg = seededOrg();
  try {
    const object = findObject(expectedOrg.model, SNAPSHOT)!;
    const existing = expectedOrg.store.all(object).map((r) => String(r.Id));
    const upload: Upload = {
      header,
      rows: rows.map((row) => row.map((cell) => cell.replace(/^EXISTING(\d)$/, (_, n: string) => existing[Number(n)]))),
    };
    const external = operation === 'upsert' ? 'Snapshot_Key__c' : undefined;
    let processor: IngestProcessor;
    try {
      processor = new IngestProcessor(actualOrg, findObject(actualOrg.model, SNAPSHOT)!, operation, upload, external);
    } catch {
      return; // a header the job refuses as a whole: covered by the HTTP tests
    }
    while (!processor.done) processor.processSlice(5);
    const expected = oracleCsv(upload, referenceIngest(expectedOrg, object, operation, upload, external));
    expect(processor.successfulCsv()).to.equal(expected.successful);
    expect(processor.failedCsv()).to.equal(expected.failed);
    expect(rowsOf(actualOrg, object)).to.deep.equal(rowsOf(expectedOrg, object));
  } finally {
    expectedOrg.close();
    actualOrg.close();
  }
}

describe('local org bulk ingest processing', () => {
  before(async () => {
    const template = new OrgState(seededRandom(7));
    preloadFiles(template, await sourcePackage(DEFAULT_FORCE_APP_DIR), DEFAULT_FORCE_APP_DIR);
    deployed = template.store.db.serialize();
    template.close();
  });

  const columns = [
    'Snapshot_Key__c',
    'snapshot_key__c',
    'Account__r.Health_Plan_Id__c',
    'Account__c',
    'Line_Of_Business__c',
    'Period_Start__c',
    'Eligible_Members__c',
    'Visits__c',
    'Content_Hash__c',
    'Name',
    'Registration_Rate__c',
    'Id',
  ];
  const cells: Record<string, string[]> = {
    Snapshot_Key__c: ['K1', 'K2', 'K3', 'k3', 'K4', 'K5', 'x'.repeat(81), '#N/A'],
    'Account__r.Health_Plan_Id__c': ['P1', 'P2', 'p1', 'NOPE', '#N/A'],
    Account__c: ['001000000000000AAA', 'not-an-id', '#N/A'],
    Line_Of_Business__c: ['Commercial', 'Medicare', 'Dental', '#N/A'],
    Period_Start__c: ['2025-01-01', '2025-02-30', 'soon'],
    Eligible_Members__c: ['1000', '12.5', '1e12', 'many'],
    Visits__c: ['0', '-3', ' 7 '],
    Content_Hash__c: ['h1', 'with "quotes", commas\nand lines'],
    Name: ['Named'],
    Registration_Rate__c: ['5'],
    Id: ['EXISTING0', 'EXISTING1', 'bad', 'a00000000000000AAA'],
  };
  const cellFor = (column: string): fc.Arbitrary<string> =>
    fc.constantFrom('', ...(cells[column] ?? cells[column.replace(/^snapshot_key__c$/, 'Snapshot_Key__c')]));

  it('writes, refuses and reports every row as the REST API would, one record at a time', () => {
    const job = fc
      .record({
        operation: fc.constantFrom<IngestOperation>('insert', 'upsert', 'update'),
        // Repeated columns too: the last non-empty cell of a name wins, as in a JSON record built from the row.
        header: fc.array(fc.constantFrom(...columns), { minLength: 1, maxLength: 7 }),
        idColumn: fc.boolean(),
      })
      .chain(({ operation, header: drawn, idColumn }) => {
        // One column for the external id: with two, the slice lookup and the record would read different cells.
        const isKey = (h: string): boolean => h.toLowerCase() === 'snapshot_key__c';
        const header = drawn.filter((h, i) => !isKey(h) || drawn.findIndex(isKey) === i);
        const withKey =
          operation === 'upsert' && !header.some((h) => h.toLowerCase() === 'snapshot_key__c')
            ? ['Snapshot_Key__c', ...header]
            : header;
        const full = operation === 'update' && idColumn && !withKey.includes('Id') ? ['Id', ...withKey] : withKey;
        return fc.record({
          operation: fc.constant(operation),
          header: fc.constant(full),
          rows: fc.array(fc.tuple(...full.map(cellFor)), { maxLength: 12 }),
        });
      });
    fc.assert(
      fc.property(job, ({ operation, header, rows }) => expectSameAsOracle(operation, header, rows)),
      { numRuns: 150 },
    );
  });

  it('updates found records as the REST API would: a new master, cleared and unchanged values', () => {
    for (const csv of [
      'Snapshot_Key__c,Account__r.Health_Plan_Id__c,Visits__c\nK1,P2,5\nK2,P2,6\nK3,P1,7',
      'Snapshot_Key__c,Account__r.Health_Plan_Id__c,Content_Hash__c\nK1,P1,#N/A\nK2,#N/A,h2',
    ]) {
      const [header, ...rows] = csv.split('\n').map((line) => line.split(','));
      expectSameAsOracle('upsert', header, rows);
    }
  });

  it('writes result CSV the way csv-stringify quotes every non-empty cell', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 4 }), { maxLength: 5 }), (rows) => {
        expect(csvText(rows.map(csvLine))).to.equal(stringify(rows, { quoted: true }));
      }),
    );
  });
});
