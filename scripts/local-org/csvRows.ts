import type { FieldDef, ObjectDef } from './model.js';
import { findField, isReference } from './model.js';
import type { Row, RowValues, SqlValue } from './store.js';
import { ApiError, RecordError } from './errors.js';
import type { BatchCache, Input, Records } from './records.js';
import { fieldRefusal, isIgnoredKey } from './records.js';
import { convertValue } from './values.js';

/** A header column: a field, or a parent's external id (`Account__r.Health_Plan_Id__c`). */
export type CsvColumn = { name: string; relationship?: { name: string; field: string } };

/** What one column does to a row, worked out once per job rather than once per cell. */
type CellPlan =
  | { kind: 'skip' }
  | { kind: 'refused'; error: ApiError }
  | {
      kind: 'field';
      field: FieldDef;
      column: string;
      slot: number;
      reference: boolean;
      /** Conversions of the cells seen so far (up to `REMEMBERED_CELLS`): columns repeat a few values. */
      converted: Map<string, SqlValue>;
    }
  | {
      kind: 'parent';
      relationship: FieldDef;
      keyField: string;
      column: string;
      slot: number;
      /** Parent ids by key, as the batch cache keeps them, without building its cache key per row. */
      found: Map<string, string>;
    };

const REMEMBERED_CELLS = 1000;

function isError(value: SqlValue | ApiError): value is ApiError {
  return typeof value === 'object' && value !== null;
}

/** The key a column sets in the record as the REST API would receive it. */
function inputKey(column: CsvColumn): string {
  return column.relationship ? column.relationship.name : column.name;
}

/** A CSV cell as a value: empty leaves the field alone, `#N/A` blanks it. */
function cellValue(cell: string | undefined): string | null | undefined {
  if (cell === '' || cell === undefined) return undefined;
  return cell === '#N/A' ? null : cell;
}

/**
 * Converts CSV rows of one upload into stored rows with the same checks and errors as `Records.convert`
 * on the record the row stands for, with each column's field, rights and conversion resolved once.
 */
export class CsvRowConverter {
  private readonly plans: CellPlan[];
  private readonly keys: string[];
  /** Two columns naming the same key: rare enough to take the general path, which lets the last one win. */
  private readonly general: boolean;

  public constructor(
    private readonly records: Records,
    private readonly object: ObjectDef,
    private readonly columns: CsvColumn[],
    private readonly mode: 'insert' | 'update',
    private readonly slots: ReadonlyMap<string, number>,
  ) {
    this.keys = columns.map(inputKey);
    this.general = new Set(this.keys).size !== this.keys.length;
    this.plans = columns.map((column) => this.plan(column));
  }

  /** The value the record would have under `key`: the last column of that key with a cell that is not empty. */
  public valueOf(row: string[], key: string): string | null | undefined {
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (this.keys[i] !== key) continue;
      const value = cellValue(row[i]);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** The row to insert, as values in the store's slot order. */
  public toValues(row: string[], cache: BatchCache): RowValues {
    if (this.general) return this.toValuesGenerally(row, cache);
    const values: RowValues = new Array<SqlValue | undefined>(this.slots.size);
    let errors: ApiError[] | undefined;
    for (let i = 0; i < this.plans.length; i++) {
      const value = cellValue(row[i]);
      if (value === undefined) continue;
      const plan = this.plans[i];
      const converted = this.convertCell(plan, value, cache);
      if (isError(converted)) (errors ??= []).push(converted);
      else if (plan.kind === 'field' || plan.kind === 'parent') values[plan.slot] = converted;
    }
    if (errors) throw new RecordError(errors);
    return values;
  }

  /** The changes to a record; `without` names a key to leave out (the external id of an upsert's update). */
  public toChanges(row: string[], cache: BatchCache, without?: string): Row {
    if (this.general) return this.records.convert(this.object, this.toInput(row, without), 'csv', this.mode, cache);
    const skip = without === undefined ? -1 : this.keys.indexOf(without);
    const changes: Row = {};
    let errors: ApiError[] | undefined;
    for (let i = 0; i < this.plans.length; i++) {
      if (i === skip) continue;
      const value = cellValue(row[i]);
      if (value === undefined) continue;
      const plan = this.plans[i];
      const converted = this.convertCell(plan, value, cache);
      if (isError(converted)) (errors ??= []).push(converted);
      else if (plan.kind === 'field' || plan.kind === 'parent') changes[plan.column] = converted;
    }
    if (errors) throw new RecordError(errors);
    return changes;
  }

  /** The value to store, or why it cannot be. */
  private convertCell(plan: CellPlan, value: string | null, cache: BatchCache): SqlValue | ApiError {
    switch (plan.kind) {
      case 'skip':
        return null;
      case 'refused':
        return plan.error;
      case 'parent': {
        const known = value === null ? undefined : plan.found.get(value);
        if (known !== undefined) return known;
        const resolved = this.records.resolveParentByExternalId(
          plan.relationship,
          { [plan.keyField]: value },
          'csv',
          cache,
        );
        if (!resolved.ok) return resolved.error;
        if (value !== null) plan.found.set(value, resolved.value);
        return resolved.value;
      }
      default: {
        let stored = value === null ? null : plan.converted.get(value);
        if (stored === undefined) {
          const converted = convertValue(plan.field, value, 'csv');
          if (!converted.ok) return converted.error;
          stored = converted.value;
          if (plan.converted.size < REMEMBERED_CELLS) plan.converted.set(value!, stored);
        }
        if (plan.reference && stored !== null) {
          const problem = this.records.checkParent(plan.field, String(stored), cache);
          if (problem) return problem;
        }
        return stored;
      }
    }
  }

  private plan(column: CsvColumn): CellPlan {
    const key = inputKey(column);
    if (isIgnoredKey(key, this.mode)) return { kind: 'skip' };
    const relationship = this.object.parentRelationships.get(key.toLowerCase());
    if (relationship && column.relationship) {
      return {
        kind: 'parent',
        relationship,
        keyField: column.relationship.field,
        column: relationship.column!,
        slot: this.slots.get(relationship.column!)!,
        found: new Map(),
      };
    }
    const field = findField(this.object, key);
    const refusal = fieldRefusal(this.object, key, field, this.mode);
    if (refusal || !field) return { kind: 'refused', error: refusal! };
    return {
      kind: 'field',
      field,
      column: field.column!,
      slot: this.slots.get(field.column!)!,
      reference: isReference(field),
      converted: new Map(),
    };
  }

  private toValuesGenerally(row: string[], cache: BatchCache): RowValues {
    const converted = this.records.convert(this.object, this.toInput(row), 'csv', this.mode, cache);
    const values: RowValues = new Array<SqlValue | undefined>(this.slots.size);
    for (const column in converted) values[this.slots.get(column)!] = converted[column];
    return values;
  }

  /** The record as the REST API would receive it; a later column overwrites an earlier one of the same key. */
  private toInput(row: string[], without?: string): Input {
    const input: Input = {};
    for (let i = 0; i < this.columns.length; i++) {
      const value = cellValue(row[i]);
      if (value === undefined || this.keys[i] === without) continue;
      const column = this.columns[i];
      if (column.relationship) input[column.relationship.name] = { [column.relationship.field]: value };
      else input[column.name] = value;
    }
    return input;
  }
}
