import { stringify } from 'csv-stringify/sync';
import type { FieldDef, ObjectDef } from './model.js';
import { findField } from './model.js';
import type { OrgState } from './org.js';
import { ApiError, apiError, RecordError } from './errors.js';
import { parseCsv } from './csv.js';
import { toId18 } from './ids.js';
import { Input, newBatchCache } from './records.js';

export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

export const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  TAB: '\t',
  SEMICOLON: ';',
  PIPE: '|',
  CARET: '^',
  BACKQUOTE: '`',
};

/** A row's outcome: its id, whether it was created, or why it failed. */
type Outcome = { id: string | null; created: boolean; error?: ApiError };

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
  if (records.length === 0) throw new InvalidBatch('InvalidBatch : The uploaded data has no header row');
  const [header, ...rows] = records;
  return { header, rows };
}

type ColumnPlan = { name: string; relationship?: { name: string; field: string } };

function planColumns(
  object: ObjectDef,
  header: string[],
  operation: IngestOperation,
  externalIdFieldName?: string,
): ColumnPlan[] {
  const columns = header.map((name): ColumnPlan => {
    const [first, second] = name.split('.');
    if (second !== undefined) {
      if (!object.parentRelationships.has(first.toLowerCase()))
        throw new InvalidBatch(`InvalidBatch : Field name not found : ${name}`);
      return { name, relationship: { name: first, field: second } };
    }
    if (!findField(object, name)) throw new InvalidBatch(`InvalidBatch : Field name not found : ${name}`);
    return { name };
  });
  const has = (field: string): boolean => header.some((h) => h.toLowerCase() === field.toLowerCase());
  if ((operation === 'update' || operation === 'delete' || operation === 'hardDelete') && !has('Id')) {
    throw new InvalidBatch('InvalidBatch : Field name not found : Id');
  }
  if (operation === 'upsert' && externalIdFieldName && !has(externalIdFieldName)) {
    throw new InvalidBatch(`InvalidBatch : Field name not found : ${externalIdFieldName}`);
  }
  return columns;
}

function toInput(columns: ColumnPlan[], row: string[]): Input {
  const input: Input = {};
  for (let i = 0; i < columns.length; i++) {
    const cell = row[i];
    if (cell === '' || cell === undefined) continue;
    const value = cell === '#N/A' ? null : cell;
    const column = columns[i];
    if (column.relationship) input[column.relationship.name] = { [column.relationship.field]: value };
    else input[column.name] = value;
  }
  return input;
}

function duplicateExternalIds(field: FieldDef, columnIndex: number, rows: string[][]): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const fold = !field.caseSensitive;
  for (const row of rows) {
    const raw = row[columnIndex];
    if (!raw) continue;
    const key = fold ? raw.toLowerCase() : raw;
    if (seen.has(key)) duplicates.add(key);
    else seen.add(key);
  }
  return duplicates;
}

/**
 * Processes an ingest job's rows in slices, each slice in one transaction. Rows fail one by one
 * with Salesforce's codes; a header or CSV problem fails the job before anything is written.
 */
export class IngestProcessor {
  public readonly outcomes: Outcome[] = [];
  private readonly columns: ColumnPlan[];
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
    this.columns = planColumns(object, upload.header, operation, externalIdFieldName);
    this.idIndex = upload.header.findIndex((h) => h.toLowerCase() === 'id');
    this.emptyAtStart = org.store.isEmpty(object);
    if (operation === 'upsert') {
      const field = findField(object, externalIdFieldName ?? 'Id');
      if (!field || !(field.externalId || field.name === 'Id')) {
        throw new InvalidBatch(`InvalidBatch : Invalid external id field: ${String(externalIdFieldName)}`);
      }
      this.externalField = field;
      this.externalIndex = upload.header.findIndex((h) => h.toLowerCase() === field.name.toLowerCase());
      this.duplicates = duplicateExternalIds(field, this.externalIndex, upload.rows);
    }
  }

  public get done(): boolean {
    return this.outcomes.length >= this.upload.rows.length;
  }

  /** Processes up to `count` more rows in one transaction. */
  public processSlice(count: number): void {
    const start = this.outcomes.length;
    const end = Math.min(this.upload.rows.length, start + count);
    this.org.store.transaction(() => {
      const known = this.lookUpKeys(start, end);
      for (let i = start; i < end; i++) this.outcomes.push(this.processRow(this.upload.rows[i], known));
    });
  }

  /** For upserts: the ids of the slice's external ids, in one statement rather than one per row. */
  private lookUpKeys(start: number, end: number): Map<string, string> | undefined {
    const field = this.externalField;
    if (!field || field.name === 'Id' || field.type === 'Number') return undefined;
    // Nothing to find in an empty table; a unique index still refuses a key written meanwhile by another call.
    if (field.unique && this.emptyAtStart) return new Map();
    const keys: string[] = [];
    for (let i = start; i < end; i++) {
      const key = this.upload.rows[i][this.externalIndex];
      if (key) keys.push(key);
    }
    return this.org.store.idsByValues(this.object, field, keys);
  }

  private processRow(row: string[], known?: Map<string, string>): Outcome {
    try {
      switch (this.operation) {
        case 'insert':
          return {
            id: this.org.records.insert(this.object, toInput(this.columns, row), 'csv', this.cache),
            created: true,
          };
        case 'update': {
          const id = this.rowId(row);
          this.org.records.update(this.object, id, toInput(this.columns, row), 'csv', this.cache);
          return { id, created: false };
        }
        case 'upsert': {
          const key = row[this.externalIndex] ?? '';
          if (this.duplicates.has(this.externalField!.caseSensitive ? key : key.toLowerCase())) {
            throw new RecordError([
              apiError('DUPLICATE_VALUE', `Duplicate external id specified: ${key}`, [this.externalField!.name]),
            ]);
          }
          const folded = this.externalField!.caseSensitive ? key : key.toLowerCase();
          const knownId = known && key ? (known.get(folded) ?? null) : undefined;
          const outcome = this.org.records.upsert(
            this.object,
            this.externalField!,
            toInput(this.columns, row),
            'csv',
            this.cache,
            knownId,
          );
          return { id: outcome.id, created: outcome.created };
        }
        default: {
          const id = this.rowId(row);
          this.org.records.remove(this.object, id);
          return { id, created: false };
        }
      }
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      return { id: null, created: false, error: error.errors[0] };
    }
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

export function successfulCsv(upload: Upload, outcomes: Outcome[]): string {
  const rows: string[][] = [['sf__Id', 'sf__Created', ...upload.header]];
  outcomes.forEach((o, i) => {
    if (!o.error) rows.push([o.id ?? '', String(o.created), ...upload.rows[i]]);
  });
  return stringify(rows, { quoted: true });
}

export function failedCsv(upload: Upload | undefined, outcomes: Outcome[]): string {
  const rows: string[][] = [['sf__Id', 'sf__Error', ...(upload?.header ?? [])]];
  outcomes.forEach((o, i) => {
    if (o.error) {
      rows.push([
        o.id ?? '',
        `${o.error.statusCode}:${o.error.message}:${o.error.fields.join(',')} --`,
        ...upload!.rows[i],
      ]);
    }
  });
  return stringify(rows, { quoted: true });
}

export function unprocessedCsv(upload: Upload | undefined, processed: number): string {
  if (!upload) return '';
  return stringify([upload.header, ...upload.rows.slice(processed)], { quoted: true });
}
