import Database from 'better-sqlite3';
import type { FieldDef, ObjectDef, OrgModel } from './model.js';
import { makeId } from './ids.js';

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

function columnType(field: FieldDef): string {
  switch (field.type) {
    case 'Number':
    case 'Currency':
    case 'Percent':
      return 'REAL';
    case 'Checkbox':
      return 'INTEGER';
    default:
      return 'TEXT';
  }
}

/** A write refused by a unique index; `column` names the field. */
export class UniqueViolation extends Error {
  public constructor(public readonly column: string) {
    super(`duplicate value in ${column}`);
  }
}

function rethrowUnique(error: unknown): never {
  const match = /UNIQUE constraint failed: [^.]+\.(\S+)/.exec((error as Error).message);
  if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && match) throw new UniqueViolation(match[1]);
  throw error;
}

const AUDIT_REFERENCES = new Set(['OwnerId', 'CreatedById', 'LastModifiedById']);

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

type Statements = {
  insert: Database.Statement;
  get: Database.Statement;
  all: Database.Statement;
  remove: Database.Statement;
  columns: string[];
  indexed: string[];
  /** Where each indexed column's value sits in a `StoredRecord`. */
  indexedAt: Map<string, number>;
  slots: Map<string, number>;
  autoNumbers: number[];
  values: SqlValue[];
};

/**
 * A record as a lookup found it, enough to update it without finding it again: its `Id`, its `seq`, then
 * the values of its indexed columns.
 */
export type StoredRecord = readonly SqlValue[];

export function storedId(record: StoredRecord): string {
  return record[0] as string;
}

/** A row given as values in the order of `Store.slotsOf`; undefined where nothing was given. */
export type RowValues = Array<SqlValue | undefined>;

/** One SQLite table per object, a column per stored field; ids are generated from a per-object sequence. */
export class Store {
  public readonly db: Database.Database;
  private readonly statements = new Map<string, Statements>();
  private readonly sequences = new Map<string, number>();
  private readonly lookups = new Map<string, Database.Statement>();
  private readonly finders = new Map<string, Database.Statement>();
  private readonly updates = new Map<string, Database.Statement>();
  private lastUpdate?: { object: ObjectDef; bySeq: boolean; columns: string[]; statement: Database.Statement };

  /** `dbFile` is a path, or a serialized database (`db.serialize()`) opened in memory. */
  public constructor(model: OrgModel, dbFile?: string | Buffer) {
    this.db = new Database(dbFile ?? ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS recycle_bin (seq INTEGER PRIMARY KEY, object TEXT NOT NULL, "Id" TEXT NOT NULL, row TEXT NOT NULL)',
    );
    this.syncTables(model);
  }

  /** Creates the tables and columns the model has and the database lacks; rows are kept. */
  public syncTables(model: OrgModel): void {
    this.statements.clear();
    this.finders.clear();
    this.updates.clear();
    this.lookups.clear();
    this.lastUpdate = undefined;
    for (const object of model.objects.values()) this.createTable(object);
  }

  public getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  public setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  private createTable(object: ObjectDef): void {
    const stored = object.fields.filter((f) => f.column && f.name !== 'Id');
    const columns = stored.map((f) => `${quote(f.column!)} ${columnType(f)}`);
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${quote(object.table)} (seq INTEGER PRIMARY KEY, "Id" TEXT NOT NULL UNIQUE${
        columns.length ? ', ' + columns.join(', ') : ''
      })`,
    );
    const existing = new Set(
      (this.db.prepare(`PRAGMA table_info(${quote(object.table)})`).all() as Array<{ name: string }>).map(
        (c) => c.name,
      ),
    );
    for (const field of stored) {
      if (!existing.has(field.column!)) {
        this.db.exec(`ALTER TABLE ${quote(object.table)} ADD COLUMN ${quote(field.column!)} ${columnType(field)}`);
      }
    }
    const indexed: string[] = [];
    for (const field of stored) {
      // Owner and audit references are not indexed: every row has the same user and the indexes slow inserts.
      const reference = (field.type === 'Lookup' || field.type === 'MasterDetail') && !AUDIT_REFERENCES.has(field.name);
      if (field.unique || field.externalId || reference) {
        indexed.push(field.column!);
        const collate = field.caseSensitive || !['Text', 'Email'].includes(field.type) ? '' : ' COLLATE NOCASE';
        // Unique fields are enforced by SQLite itself, so no write can slip a duplicate past a check.
        const kind = field.unique ? 'UNIQUE INDEX' : 'INDEX';
        const name = `${object.table}_${field.column!}${field.unique ? '_unique' : ''}`;
        this.db.exec(
          `CREATE ${kind} IF NOT EXISTS ${quote(name)} ON ${quote(object.table)} (${quote(field.column!)}${collate})`,
        );
      }
    }
    const columnNames = ['seq', 'Id', ...stored.map((f) => f.column!)];
    this.statements.set(object.name, {
      insert: this.db.prepare(
        `INSERT INTO ${quote(object.table)} (${columnNames.map(quote).join(', ')}) VALUES (${columnNames
          .map(() => '?')
          .join(', ')})`,
      ),
      get: this.db.prepare(`SELECT * FROM ${quote(object.table)} WHERE "Id" = ?`),
      all: this.db.prepare(`SELECT * FROM ${quote(object.table)} ORDER BY seq`),
      remove: this.db.prepare(`DELETE FROM ${quote(object.table)} WHERE "Id" = ?`),
      columns: stored.map((f) => f.column!),
      indexed,
      indexedAt: new Map(indexed.map((column, i) => [column, i + 2])),
      slots: new Map(stored.map((f, slot) => [f.column!, slot])),
      autoNumbers: stored.flatMap((f, slot) => (f.type === 'AutoNumber' ? [slot] : [])),
      values: new Array<SqlValue>(columnNames.length).fill(null),
    });
    const max = this.db.prepare(`SELECT MAX(seq) AS n FROM ${quote(object.table)}`).get() as { n: number | null };
    this.sequences.set(object.name, max.n ?? 0);
  }

  private stmts(object: ObjectDef): Statements {
    return this.statements.get(object.name)!;
  }

  /** The position of each stored column (all but `Id`) in a `RowValues`. */
  public slotsOf(object: ObjectDef): ReadonlyMap<string, number> {
    return this.stmts(object).slots;
  }

  /** A row as values in slot order. */
  public toValues(object: ObjectDef, row: Row): RowValues {
    return this.stmts(object).columns.map((column) => row[column]);
  }

  /** Inserts a row and answers its new id (generated unless given). */
  public insert(object: ObjectDef, row: Row, givenId?: string): string {
    return this.insertValues(object, this.toValues(object, row), givenId);
  }

  /** Inserts a row given in slot order and answers its new id (generated unless given). */
  public insertValues(object: ObjectDef, row: RowValues, givenId?: string): string {
    const seq = this.sequences.get(object.name)! + 1;
    this.sequences.set(object.name, seq);
    const id = givenId ?? makeId(object.keyPrefix, seq);
    const s = this.stmts(object);
    // better-sqlite3 copies bound values, so one array per object is reused for every insert; it binds
    // arguments faster than the elements of an array, hence the spread.
    const values = s.values;
    values[0] = seq;
    values[1] = id;
    for (let i = 0; i < s.columns.length; i++) values[i + 2] = row[i] ?? null;
    for (const slot of s.autoNumbers) values[slot + 2] ??= String(seq).padStart(8, '0');
    try {
      s.insert.run(...values);
    } catch (error) {
      rethrowUnique(error);
    }
    return id;
  }

  /**
   * `stored`, the record as just read, lets the update find the row by its sequence and leave alone the
   * indexed columns that keep their value, which would otherwise be taken out of their index and put back.
   */
  public update(object: ObjectDef, id: string, changes: Row, stored?: StoredRecord): void {
    const indexedAt = this.stmts(object).indexedAt;
    const columns: string[] = [];
    const values: SqlValue[] = [];
    for (const column in changes) {
      const value = changes[column];
      if (stored !== undefined) {
        const at = indexedAt.get(column);
        if (at !== undefined && stored[at] === value) continue;
      }
      columns.push(column);
      values.push(value);
    }
    if (columns.length === 0) return;
    values.push(stored ? stored[1] : id);
    try {
      this.updateStatement(object, columns, stored !== undefined).run(...values);
    } catch (error) {
      rethrowUnique(error);
    }
  }

  /** Rows of one upload change the same columns: the previous update's statement serves while they do. */
  private updateStatement(object: ObjectDef, columns: string[], bySeq: boolean): Database.Statement {
    const last = this.lastUpdate;
    if (
      last?.object === object &&
      last.bySeq === bySeq &&
      last.columns.length === columns.length &&
      last.columns.every((column, i) => column === columns[i])
    ) {
      return last.statement;
    }
    const key = `${object.name}:${bySeq ? 'seq' : 'Id'}:${columns.join(',')}`;
    let statement = this.updates.get(key);
    if (!statement) {
      statement = this.db.prepare(
        `UPDATE ${quote(object.table)} SET ${columns.map((c) => `${quote(c)} = ?`).join(', ')} WHERE ${
          bySeq ? 'seq' : '"Id"'
        } = ?`,
      );
      this.updates.set(key, statement);
    }
    this.lastUpdate = { object, bySeq, columns, statement };
    return statement;
  }

  public remove(object: ObjectDef, id: string): void {
    this.stmts(object).remove.run(id);
  }

  /** Deletes the row into the recycle bin, where `queryAll` still finds it with IsDeleted = true. */
  public recycle(object: ObjectDef, id: string): void {
    const row = this.get(object, id);
    if (!row) return;
    const isDeleted = object.fieldsByLowerName.get('isdeleted')?.column;
    const kept = isDeleted ? { ...row, [isDeleted]: 1 } : row;
    this.cachedStatement('INSERT INTO recycle_bin (object, "Id", row) VALUES (?, ?, ?)').run(
      object.name,
      id,
      JSON.stringify(kept),
    );
    this.remove(object, id);
  }

  /** The object's deleted rows, in the order they were deleted. */
  public recycled(object: ObjectDef): Row[] {
    const rows = this.cachedStatement('SELECT row FROM recycle_bin WHERE object = ? ORDER BY seq')
      .pluck()
      .all(object.name) as string[];
    return rows.map((row) => JSON.parse(row) as Row);
  }

  public get(object: ObjectDef, id: string): Row | undefined {
    return this.stmts(object).get.get(id) as Row | undefined;
  }

  public all(object: ObjectDef): Row[] {
    return this.stmts(object).all.all() as Row[];
  }

  /** Rows whose indexed column equals the value (case-insensitive for text without case sensitivity). */
  public findBy(object: ObjectDef, field: FieldDef, value: SqlValue): Row[] {
    const key = `${object.name}.${field.name}`;
    let statement = this.finders.get(key);
    if (!statement) {
      const collate = field.caseSensitive || !['Text', 'Email'].includes(field.type) ? '' : ' COLLATE NOCASE';
      statement = this.db.prepare(`SELECT * FROM ${quote(object.table)} WHERE ${quote(field.column!)} = ?${collate}`);
      this.finders.set(key, statement);
    }
    return statement.all(value) as Row[];
  }

  /** Ids of the rows whose indexed column equals the value; at most `limit`. */
  public findIds(object: ObjectDef, field: FieldDef, value: SqlValue, limit = 2): string[] {
    const key = `${object.name}.${field.name}#ids`;
    let statement = this.finders.get(key);
    if (!statement) {
      const collate = field.caseSensitive || !['Text', 'Email'].includes(field.type) ? '' : ' COLLATE NOCASE';
      statement = this.db
        .prepare(`SELECT "Id" FROM ${quote(object.table)} WHERE ${quote(field.column!)} = ?${collate} LIMIT ?`)
        .pluck();
      this.finders.set(key, statement);
    }
    return statement.all(value, limit) as string[];
  }

  /**
   * The records holding any of the values, by value (folded to lower case where matching ignores case),
   * in one statement rather than one per value.
   */
  public findByValues(object: ObjectDef, field: FieldDef, values: string[]): Map<string, StoredRecord> {
    const fold = !field.caseSensitive && ['Text', 'Email'].includes(field.type);
    const s = this.stmts(object);
    const key = `${object.name}.${field.name}#many`;
    let statement = this.finders.get(key);
    if (!statement) {
      const column = quote(field.column!);
      statement = this.db
        .prepare(
          `SELECT ${['Id', 'seq', ...s.indexed].map(quote).join(', ')} FROM ${quote(object.table)} WHERE ${column}${
            fold ? ' COLLATE NOCASE' : ''
          } IN (SELECT value FROM json_each(?))`,
        )
        .raw();
      this.finders.set(key, statement);
    }
    const at = s.indexedAt.get(field.column!)!;
    const found = new Map<string, StoredRecord>();
    for (const record of statement.all(JSON.stringify(values)) as StoredRecord[]) {
      found.set(fold ? String(record[at]).toLowerCase() : String(record[at]), record);
    }
    return found;
  }

  public exists(object: ObjectDef, id: string): boolean {
    return this.cachedStatement(`SELECT 1 FROM ${quote(object.table)} WHERE "Id" = ?`).get(id) !== undefined;
  }

  /** Rows whose column is one of the values, in creation order; `ignoreCase` compares text without case. */
  public rowsWhereIn(object: ObjectDef, field: FieldDef, values: SqlValue[], ignoreCase: boolean): Row[] {
    const sql = `SELECT * FROM ${quote(object.table)} WHERE ${quote(field.column!)}${
      ignoreCase ? ' COLLATE NOCASE' : ''
    } IN (SELECT value FROM json_each(?)) ORDER BY seq`;
    return this.cachedStatement(sql).all(JSON.stringify(values)) as Row[];
  }

  /** Streams rows in creation order, so a query with a LIMIT can stop early. */
  public iterate(object: ObjectDef): IterableIterator<Row> {
    return this.stmts(object).all.iterate() as IterableIterator<Row>;
  }

  public count(object: ObjectDef): number {
    return this.cachedStatement(`SELECT COUNT(*) FROM ${quote(object.table)}`)
      .pluck()
      .get() as number;
  }

  public isEmpty(object: ObjectDef): boolean {
    return this.cachedStatement(`SELECT 1 FROM ${quote(object.table)} LIMIT 1`).get() === undefined;
  }

  public transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private cachedStatement(sql: string): Database.Statement {
    let statement = this.lookups.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.lookups.set(sql, statement);
    }
    return statement;
  }

  public close(): void {
    this.db.close();
  }
}
