import type { FieldDef, ObjectDef } from './model.js';
import { findField } from './model.js';
import type { OrgState } from './org.js';
import { ApiError, apiError, RecordError } from './errors.js';
import { csvCell, csvLine, csvText, parseCsv } from './csv.js';
import { CsvColumn, CsvRowConverter } from './csvRows.js';
import { toId18 } from './ids.js';
import { duplicateExternalId, duplicateKeys, newBatchCache } from './records.js';
import { StoredRecord, storedId } from './store.js';
import { findVisibleField } from './permissions.js';

export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

export const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  TAB: '\t',
  SEMICOLON: ';',
  PIPE: '|',
  CARET: '^',
  BACKQUOTE: '`',
};

/** A parsed upload: header and rows as text, kept to echo them back in the result files. */
export type Upload = { header: string[]; rows: string[][] };

export class InvalidBatch extends Error {}

export function parseUpload(data: Buffer, delimiter: string): Upload {
  let records: string[][];
  try {
    records = parseCsv(data.toString('utf8'), delimiter);
  } catch (error) {
    throw new InvalidBatch(`InvalidBatch : Failed to parse CSV: ${(error as Error).message}`);
  }
  // A job closed without rows (nothing uploaded) completes with 0 records processed.
  if (records.length === 0) return { header: [], rows: [] };
  const [header, ...rows] = records;
  return { header, rows };
}

function planColumns(
  object: ObjectDef,
  header: string[],
  operation: IngestOperation,
  externalIdFieldName?: string,
): CsvColumn[] {
  const columns = header.map((name): CsvColumn => {
    const [first, second] = name.split('.');
    if (second !== undefined) {
      if (!object.parentRelationships.has(first.toLowerCase()))
        throw new InvalidBatch(`InvalidBatch : Field name not found : ${name}`);
      return { name, relationship: { name: first, field: second } };
    }
    if (!findVisibleField(object, name)) throw new InvalidBatch(`InvalidBatch : Field name not found : ${name}`);
    return { name };
  });
  const has = (field: string): boolean => header.some((h) => h.toLowerCase() === field.toLowerCase());
  if (header.length === 0) return columns;
  if ((operation === 'update' || operation === 'delete' || operation === 'hardDelete') && !has('Id')) {
    throw new InvalidBatch('InvalidBatch : Field name not found : Id');
  }
  // Upsert on Id without an Id column inserts every row.
  if (
    operation === 'upsert' &&
    externalIdFieldName &&
    externalIdFieldName.toLowerCase() !== 'id' &&
    !has(externalIdFieldName)
  ) {
    throw new InvalidBatch(`InvalidBatch : Field name not found : ${externalIdFieldName}`);
  }
  return columns;
}

/**
 * Processes an ingest job's rows in slices, each slice in one transaction. Rows fail one by one
 * with Salesforce's codes; a header or CSV problem fails the job before anything is written.
 */
export class IngestProcessor {
  /** Per processed row: its record id (null when it failed before having one), whether it was created, why it failed. */
  private readonly ids: Array<string | null> = [];
  private readonly created: boolean[] = [];
  private readonly errors = new Map<number, ApiError>();
  private readonly forInsert: CsvRowConverter;
  private readonly forUpdate: CsvRowConverter;
  private readonly externalField?: FieldDef;
  private readonly duplicates = new Set<string>();
  private readonly externalIndex: number = -1;
  private readonly idIndex: number;
  private readonly cache = newBatchCache();
  private readonly emptyAtStart: boolean;

  public constructor(
    private readonly org: OrgState,
    private readonly object: ObjectDef,
    private readonly operation: IngestOperation,
    private readonly upload: Upload,
    externalIdFieldName?: string,
  ) {
    const columns = planColumns(object, upload.header, operation, externalIdFieldName);
    this.forInsert = new CsvRowConverter(org.records, object, columns, 'insert', org.store.slotsOf(object));
    this.forUpdate = new CsvRowConverter(org.records, object, columns, 'update', org.store.slotsOf(object));
    this.idIndex = upload.header.findIndex((h) => h.toLowerCase() === 'id');
    this.emptyAtStart = org.store.isEmpty(object);
    if (operation === 'upsert') {
      const field = findField(object, externalIdFieldName ?? 'Id');
      if (!field || !(field.externalId || field.name === 'Id')) {
        throw new InvalidBatch(`InvalidBatch : Invalid external id field: ${String(externalIdFieldName)}`);
      }
      this.externalField = field;
      this.externalIndex = upload.header.findIndex((h) => h.toLowerCase() === field.name.toLowerCase());
      this.duplicates = duplicateKeys(
        upload.rows.map((row) => row[this.externalIndex]),
        field.caseSensitive,
      );
    }
  }

  public get processed(): number {
    return this.ids.length;
  }

  public get failed(): number {
    return this.errors.size;
  }

  public get done(): boolean {
    return this.ids.length >= this.upload.rows.length;
  }

  /** Processes up to `count` more rows in one transaction. */
  public processSlice(count: number): void {
    const start = this.ids.length;
    const end = Math.min(this.upload.rows.length, start + count);
    this.org.store.transaction(() => {
      const known = this.lookUpKeys(start, end);
      for (let i = start; i < end; i++) this.processRow(i, known);
    });
  }

  /** The CSV of the rows written: `sf__Id`, `sf__Created`, then the row as uploaded. */
  public successfulCsv(): string {
    const lines = [csvLine(['sf__Id', 'sf__Created', ...this.upload.header])];
    for (let i = 0; i < this.ids.length; i++) {
      if (!this.errors.has(i))
        lines.push(`${csvCell(this.ids[i]!)},"${String(this.created[i])}",${csvLine(this.upload.rows[i])}`);
    }
    return csvText(lines);
  }

  /** The CSV of the rows refused: `sf__Id`, `sf__Error`, then the row as uploaded. */
  public failedCsv(): string {
    const lines = [csvLine(['sf__Id', 'sf__Error', ...this.upload.header])];
    for (const [i, error] of this.errors) {
      lines.push(
        csvLine([
          this.ids[i] ?? '',
          `${error.statusCode}:${error.message}:${error.fields.join(',')} --`,
          ...this.upload.rows[i],
        ]),
      );
    }
    return csvText(lines);
  }

  /** For upserts: the records of the slice's external ids, in one statement rather than one per row. */
  private lookUpKeys(start: number, end: number): Map<string, StoredRecord> | undefined {
    const field = this.externalField;
    if (!field || field.name === 'Id' || field.type === 'Number') return undefined;
    // Nothing to find in an empty table; a unique index still refuses a key written meanwhile by another call.
    if (field.unique && this.emptyAtStart) return new Map();
    const keys: string[] = [];
    for (let i = start; i < end; i++) {
      const key = this.upload.rows[i][this.externalIndex];
      if (key) keys.push(key);
    }
    return this.org.store.findByValues(this.object, field, keys);
  }

  private processRow(index: number, known?: Map<string, StoredRecord>): void {
    const row = this.upload.rows[index];
    let id: string | null = null;
    let created = false;
    try {
      switch (this.operation) {
        case 'insert':
          id = this.insert(row);
          created = true;
          break;
        case 'update':
          id = this.rowId(row);
          this.update(id, row);
          break;
        case 'upsert': {
          const field = this.externalField!;
          const key = row[this.externalIndex] ?? '';
          const folded = field.caseSensitive ? key : key.toLowerCase();
          if (this.duplicates.has(folded)) {
            throw duplicateExternalId(field, key);
          }
          const stored = known && key ? known.get(folded) : undefined;
          const knownId = known && key ? (stored ? storedId(stored) : null) : undefined;
          const target = this.org.records.upsertTarget(
            this.object,
            field,
            this.forUpdate.valueOf(row, field.name),
            'csv',
            knownId,
          );
          if (target === undefined) {
            id = this.insert(row);
            created = true;
          } else {
            this.update(target, row, field.name, stored);
            id = target;
          }
          break;
        }
        default:
          id = this.rowId(row);
          this.org.records.remove(this.object, id, this.operation === 'hardDelete');
      }
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      this.errors.set(index, error.errors[0]);
      id = null;
      created = false;
    }
    this.ids.push(id);
    this.created.push(created);
  }

  private insert(row: string[]): string {
    this.org.records.assertWritable(this.object, 'create');
    return this.org.records.insertValues(this.object, this.forInsert.toValues(row, this.cache), this.cache);
  }

  /** The record is known to exist: the caller has just found it. */
  private update(id: string, row: string[], without?: string, stored?: StoredRecord): void {
    this.org.records.assertWritable(this.object, 'edit');
    const changes = this.forUpdate.toChanges(row, this.cache, without);
    this.org.records.updateRow(this.object, id, changes, this.cache, stored);
  }

  private rowId(row: string[]): string {
    const raw = row[this.idIndex] ?? '';
    const id = toId18(raw);
    if (!id || !this.org.store.get(this.object, id)) {
      throw new RecordError([
        apiError(id ? 'ENTITY_IS_DELETED' : 'MALFORMED_ID', id ? 'entity is deleted' : `malformed id ${raw}`, ['Id']),
      ]);
    }
    return id;
  }
}

export function unprocessedCsv(upload: Upload | undefined, processed: number): string {
  if (!upload) return '';
  return csvText([upload.header, ...upload.rows.slice(processed)].map(csvLine));
}
