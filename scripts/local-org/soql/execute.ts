import { parseQuery, Query, FieldType as SoqlField, OrderByClause } from '@jetstreamapp/soql-parser-js';
import type { ObjectDef } from '../model.js';
import { findObject, parentRelationshipName } from '../model.js';
import type { Row } from '../store.js';
import { HttpError, malformedQuery } from '../errors.js';
import { fieldValue, recordUrl } from '../reader.js';
import { FieldPath, parentRow, pathValue, QueryContext, resolvePath } from './paths.js';
import { AGGREGATES, compileHaving, compileWhere, indexedCandidates, Predicate } from './where.js';
import { canReadObject, isFieldVisible, unsupportedType } from '../permissions.js';

export type QueryRecord = Record<string, unknown>;

/** Keeps the rest of a child result set that did not fit in a batch; answers its `nextRecordsUrl`. */
export type ChildCursorOpener = (rest: QueryResult, offset: number) => string;

/** One batch of a result: its records and the row index where the next batch starts. */
export type QueryBatch = { records: QueryRecord[]; end: number };

/**
 * A query's answer, built batch by batch so a large result costs memory only for the rows read.
 * `rows` is how many top-level rows there are to page through (0 for `COUNT()`, whose answer is
 * `totalSize` alone).
 */
export type QueryResult = {
  totalSize: number;
  rows: number;
  /** An aggregate query's rows: Salesforce answers them in one batch or not at all. */
  aggregate?: boolean;
  /** Every row from `start` to `end` with its children inline (Bulk API query jobs). */
  records(start: number, end: number): QueryRecord[];
  /**
   * Rows from `start` until `size` records are used, child rows counting toward the batch as they
   * do on Salesforce; a child set that does not fit is cut, answered `done: false`, and continued
   * through `openChild`.
   */
  batch(start: number, size: number, openChild: ChildCursorOpener): QueryBatch;
};

/**
 * The most child rows one parent row carries inline per relationship; more are paged through the
 * child set's own `nextRecordsUrl` (a parent with 257 children answers fewer than 200 inline).
 */
export const CHILD_INLINE_MAX = 200;
const PARENT_CHUNK = 50;
/** Salesforce refuses an OFFSET beyond 2,000 rows. */
const MAX_OFFSET = 2000;
/** No more than 20 parent-to-child relationships in one query. */
const MAX_CHILD_SUBQUERIES = 20;

export function fixedResult(records: QueryRecord[], totalSize = records.length, rows = records.length): QueryResult {
  return {
    totalSize,
    rows,
    records: (start, end) => records.slice(start, end),
    batch: (start, size) => ({ records: records.slice(start, start + size), end: Math.min(rows, start + size) }),
  };
}

type Selected =
  | { kind: 'field'; path: FieldPath; alias?: string }
  | { kind: 'child'; name: string; object: ObjectDef; field: string; query: Query }
  | { kind: 'aggregate'; fn: string; path?: FieldPath; key: string };

/** "Maximum length of SOQL statements: by default, 100,000 characters" (SOQL and SOSL Limits for Search Queries). */
export const MAX_SOQL_LENGTH = 100_000;

export function parseSoql(soql: string): Query {
  if (soql.length > MAX_SOQL_LENGTH) {
    throw malformedQuery(`SOQL statements can not be longer than ${MAX_SOQL_LENGTH} characters.`);
  }
  try {
    return parseQuery(soql);
  } catch (error) {
    throw malformedQuery(`Unable to parse the query: ${(error as Error).message.split('\n')[0]}`);
  }
}

export function queriedObject(ctx: QueryContext, query: Query): ObjectDef {
  const object = findObject(ctx.model, query.sObject ?? '');
  if (!object || !canReadObject(object)) throw unsupportedType(query.sObject ?? '');
  return object;
}

function rejectUnsupported(query: Query): void {
  const q = query as Query & Record<string, unknown>;
  const unsupported: Array<[unknown, string]> = [
    [q.usingScope, 'USING SCOPE'],
    [q.withDataCategory, 'WITH DATA CATEGORY'],
    [q.for === 'UPDATE' ? true : undefined, 'FOR UPDATE'],
  ];
  for (const [present, construct] of unsupported) {
    if (present) throw malformedQuery(`${construct} is not supported by the local org`);
  }
  if ((query.offset ?? 0) > MAX_OFFSET) {
    throw new HttpError(
      400,
      'NUMBER_OUTSIDE_VALID_RANGE',
      `Maximum SOQL offset allowed is ${MAX_OFFSET}, but ${query.offset ?? 0} was given`,
    );
  }
  const subqueries = (query.fields ?? []).filter((f) => f.type === 'FieldSubquery');
  if (subqueries.length > MAX_CHILD_SUBQUERIES) {
    throw malformedQuery(
      `No more than ${MAX_CHILD_SUBQUERIES} parent-to-child relationships can be specified in a query`,
    );
  }
  for (const f of subqueries) {
    if (f.type === 'FieldSubquery' && f.subquery.offset !== undefined && query.limit !== 1)
      throw malformedQuery('A subquery can use OFFSET only when the outer query has LIMIT 1');
  }
  for (const group of query.groupBy ? ([] as unknown[]).concat(query.groupBy) : []) {
    if ((group as { fn?: unknown }).fn)
      throw malformedQuery('GROUP BY ROLLUP, CUBE and date functions are not supported by the local org');
  }
}

function expandFieldsFunction(object: ObjectDef, which: string): Selected[] {
  const kind = which.toUpperCase();
  if (!['ALL', 'STANDARD', 'CUSTOM'].includes(kind)) throw malformedQuery(`FIELDS(${which}) is not supported`);
  return object.fields
    .filter((f) => (kind === 'ALL' || (kind === 'CUSTOM' ? f.custom : !f.custom)) && isFieldVisible(object, f))
    .map((field) => ({ kind: 'field', path: { hops: [], object, field, text: field.name } }));
}

function compileSelect(ctx: QueryContext, object: ObjectDef, fields: SoqlField[]): Selected[] {
  const selected: Selected[] = [];
  let expression = 0;
  for (const item of fields) {
    switch (item.type) {
      case 'Field':
        selected.push({ kind: 'field', path: resolvePath(ctx.model, object, item.field), alias: item.alias });
        break;
      case 'FieldRelationship':
        selected.push({
          kind: 'field',
          path: resolvePath(ctx.model, object, [...item.relationships, item.field].join('.')),
          alias: (item as { alias?: string }).alias,
        });
        break;
      case 'FieldSubquery': {
        const name = item.subquery.relationshipName;
        const relationship = object.childRelationships.get(name.toLowerCase());
        const childObject = relationship && findObject(ctx.model, relationship.childObject);
        if (!relationship || !childObject || !canReadObject(childObject)) {
          throw new HttpError(
            400,
            'INVALID_TYPE',
            `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`,
          );
        }
        const child = findObject(ctx.model, relationship.childObject)!;
        selected.push({
          kind: 'child',
          name: relationship.relationshipName,
          object: child,
          field: relationship.field,
          query: item.subquery,
        });
        break;
      }
      case 'FieldFunctionExpression': {
        const fn = item.functionName.toUpperCase();
        if (fn === 'FIELDS') {
          const which = item.parameters?.[0];
          selected.push(...expandFieldsFunction(object, typeof which === 'string' ? which : ''));
          break;
        }
        if (!AGGREGATES.has(fn))
          throw malformedQuery(`The function ${item.functionName}() is not supported by the local org`);
        const parameter = item.parameters?.[0];
        if (parameter !== undefined && typeof parameter !== 'string')
          throw malformedQuery(`Nested functions are not supported: ${item.rawValue ?? fn}`);
        const path = parameter === undefined ? undefined : resolvePath(ctx.model, object, parameter);
        selected.push({ kind: 'aggregate', fn, path, key: item.alias ?? `expr${expression++}` });
        break;
      }
      default:
        throw malformedQuery(`${item.type} is not supported by the local org`);
    }
  }
  return selected;
}

type SortKey = { get: (row: Row) => unknown; descending: boolean; nullsFirst: boolean };

function sortKeys(
  ctx: QueryContext,
  object: ObjectDef,
  orderBy: OrderByClause[] | OrderByClause | undefined,
): SortKey[] {
  const clauses = orderBy ? ([] as OrderByClause[]).concat(orderBy) : [];
  return clauses.map((clause) => {
    if (!('field' in clause)) throw malformedQuery('ORDER BY on functions is not supported by the local org');
    const path = resolvePath(ctx.model, object, clause.field);
    const descending = clause.order === 'DESC';
    const nullsFirst = clause.nulls ? clause.nulls === 'FIRST' : !descending;
    return {
      get: (row: Row): unknown => {
        const v = pathValue(ctx, path, row);
        return typeof v === 'string' ? v.toLowerCase() : v;
      },
      descending,
      nullsFirst,
    };
  });
}

function compareValues(a: unknown, b: unknown, key: { descending: boolean; nullsFirst: boolean }): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return key.nullsFirst ? -1 : 1;
  if (b === null || b === undefined) return key.nullsFirst ? 1 : -1;
  const order = (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  return key.descending ? -order : order;
}

function sortRows(rows: Row[], keys: SortKey[]): Row[] {
  if (keys.length === 0) return rows;
  const decorated = rows.map((row) => ({ row, values: keys.map((k) => k.get(row)) }));
  decorated.sort((x, y) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareValues(x.values[i], y.values[i], keys[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return decorated.map((d) => d.row);
}

function page<T>(rows: T[], query: Query): T[] {
  const offset = query.offset ?? 0;
  return rows.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
}

/** Runs a parsed query against the store and answers every matching record. */
export class QueryRunner {
  public constructor(private readonly ctx: QueryContext) {}

  public run(query: Query): QueryResult {
    rejectUnsupported(query);
    const object = queriedObject(this.ctx, query);
    const selected = compileSelect(this.ctx, object, query.fields ?? []);
    const where = compileWhere(this.ctx, object, query.where, (sub) => this.semiJoin(sub));
    const aggregated = Boolean(query.groupBy) || selected.some((s) => s.kind === 'aggregate');
    const enough =
      !aggregated && !query.orderBy && query.limit !== undefined ? (query.offset ?? 0) + query.limit : Infinity;
    const rows = this.matching(object, where, enough, query);
    if (this.ctx.allRows) rows.push(...this.ctx.store.recycled(object).filter(where));
    const isCountOnly =
      selected.length === 1 && selected[0].kind === 'aggregate' && selected[0].fn === 'COUNT' && !selected[0].path;
    if (isCountOnly && !query.groupBy) return fixedResult([], page(rows, query).length, 0);
    if (aggregated)
      return { ...fixedResult(page(this.aggregate(object, query, selected, rows), query)), aggregate: true };
    if (selected.some((s) => s.kind === 'field' && s.alias))
      throw malformedQuery('Only aggregate expressions use field aliasing');
    const sorted = page(sortRows(rows, sortKeys(this.ctx, object, query.orderBy)), query);
    const build = (slice: Row[]): QueryRecord[] => {
      const children = this.childLoaders(selected, slice);
      return slice.map((row) => this.toRecord(object, row, selected, children));
    };
    return {
      totalSize: sorted.length,
      rows: sorted.length,
      records: (start, end) => build(sorted.slice(start, end)),
      batch: (start, size, openChild) => {
        if (!selected.some((s) => s.kind === 'child')) {
          const end = Math.min(sorted.length, start + size);
          return { records: build(sorted.slice(start, end)), end };
        }
        // Parents are built a few at a time: with many children only a few fit in one batch.
        const taken: QueryRecord[] = [];
        let used = 0;
        let next = start;
        while (next < sorted.length && used < size) {
          const chunk = build(sorted.slice(next, next + PARENT_CHUNK));
          for (const record of chunk) {
            const cost = 1 + this.childRows(selected, record);
            if (taken.length > 0 && used + cost > size) return { records: taken, end: next };
            used += 1 + this.cutChildren(selected, record, size - used - 1, openChild);
            taken.push(record);
            next++;
            if (used >= size) break;
          }
        }
        return { records: taken, end: next };
      },
    };
  }

  /** Child rows the record carries inline, each set counted up to `CHILD_INLINE_MAX`. */
  private childRows(selected: Selected[], record: QueryRecord): number {
    let rows = 0;
    for (const item of selected) {
      if (item.kind !== 'child') continue;
      const set = record[item.name] as { records: QueryRecord[] } | null;
      if (set) rows += Math.min(set.records.length, CHILD_INLINE_MAX);
    }
    return rows;
  }

  /** Cuts the record's child sets to what fits in `budget` rows; answers how many rows stay inline. */
  private cutChildren(selected: Selected[], record: QueryRecord, budget: number, openChild: ChildCursorOpener): number {
    let left = Math.max(0, budget);
    for (const item of selected) {
      if (item.kind !== 'child') continue;
      const set = record[item.name] as { totalSize: number; done: boolean; records: QueryRecord[] } | null;
      if (!set) continue;
      const keep = Math.min(set.records.length, CHILD_INLINE_MAX, left);
      left -= keep;
      if (keep === set.records.length) continue;
      record[item.name] = {
        totalSize: set.records.length,
        done: false,
        nextRecordsUrl: openChild(fixedResult(set.records), keep),
        records: set.records.slice(0, keep),
      };
    }
    return Math.max(0, budget) - left;
  }

  /** Matching rows in creation order; stops reading once `enough` are found. */
  private matching(object: ObjectDef, where: Predicate, enough: number, query: Query): Row[] {
    const candidates = indexedCandidates(this.ctx, object, query.where);
    if (candidates) {
      const field = candidates.path.field;
      const rows = this.ctx.store
        .rowsWhereIn(object, field, candidates.values as string[], candidates.ignoreCase)
        .filter(where);
      return rows.slice(0, enough);
    }
    if (enough === Infinity) return this.ctx.store.all(object).filter(where);
    const rows: Row[] = [];
    if (enough === 0) return rows;
    for (const row of this.ctx.store.iterate(object)) {
      if (!where(row)) continue;
      rows.push(row);
      if (rows.length >= enough) break;
    }
    return rows;
  }

  private semiJoin(sub: Query): unknown[] {
    const object = queriedObject(this.ctx, sub);
    const fields = sub.fields ?? [];
    if (fields.length !== 1 || fields[0].type !== 'Field')
      throw malformedQuery('A semi-join subquery selects exactly one field');
    const path = resolvePath(this.ctx.model, object, fields[0].field);
    const where = compileWhere(this.ctx, object, sub.where, (s) => this.semiJoin(s));
    return this.ctx.store
      .all(object)
      .filter(where)
      .map((row) => pathValue(this.ctx, path, row));
  }

  private childLoaders(selected: Selected[], parents: Row[]): Map<string, Map<string, Array<Record<string, unknown>>>> {
    const loaders = new Map<string, Map<string, Array<Record<string, unknown>>>>();
    if (parents.length === 0) return loaders;
    for (const item of selected) {
      if (item.kind !== 'child') continue;
      rejectUnsupported(item.query);
      const childSelected = compileSelect(this.ctx, item.object, item.query.fields ?? []);
      if (childSelected.some((s) => s.kind !== 'field'))
        throw malformedQuery('Child subqueries select fields only in the local org');
      const where: Predicate = compileWhere(this.ctx, item.object, item.query.where, (s) => this.semiJoin(s));
      const reference = item.object.fields.find((f) => f.name === item.field)!;
      const column = reference.column!;
      const parentIds = parents.map((p) => p.Id);
      const rows = this.ctx.store.rowsWhereIn(item.object, reference, parentIds, false).filter(where);
      const grouped = new Map<string, Row[]>();
      for (const row of sortRows(rows, sortKeys(this.ctx, item.object, item.query.orderBy))) {
        const key = String(row[column]);
        const group = grouped.get(key);
        if (group) group.push(row);
        else grouped.set(key, [row]);
      }
      const byParent = new Map<string, Array<Record<string, unknown>>>();
      for (const [parentId, childRows] of grouped) {
        byParent.set(
          parentId,
          page(childRows, item.query).map((r) => this.toRecord(item.object, r, childSelected, new Map())),
        );
      }
      loaders.set(item.name, byParent);
    }
    return loaders;
  }

  private toRecord(
    object: ObjectDef,
    row: Row,
    selected: Selected[],
    children: Map<string, Map<string, Array<Record<string, unknown>>>>,
  ): Record<string, unknown> {
    const record: Record<string, unknown> = {
      attributes: { type: object.name, url: recordUrl(this.ctx.apiVersion, object.name, String(row.Id)) },
    };
    for (const item of selected) {
      if (item.kind === 'field') this.put(record, object, row, item.path, 0);
      else if (item.kind === 'child') {
        const records = children.get(item.name)?.get(String(row.Id));
        record[item.name] = records?.length ? { totalSize: records.length, done: true, records } : null;
      }
    }
    return record;
  }

  private put(record: Record<string, unknown>, object: ObjectDef, row: Row, path: FieldPath, hop: number): void {
    if (hop === path.hops.length) {
      record[path.field.name] = fieldValue(object, row, path.field);
      return;
    }
    const { field, target } = path.hops[hop];
    const name = parentRelationshipName(field);
    if (record[name] === null) return;
    const id = row[field.column!];
    const parent = typeof id === 'string' ? parentRow(this.ctx, target, id) : null;
    if (!parent) {
      record[name] = null;
      return;
    }
    const nested = (record[name] ??= {
      attributes: { type: target.name, url: recordUrl(this.ctx.apiVersion, target.name, id as string) },
    }) as Record<string, unknown>;
    this.put(nested, target, parent, path, hop + 1);
  }

  private aggregate(
    object: ObjectDef,
    query: Query,
    selected: Selected[],
    rows: Row[],
  ): Array<Record<string, unknown>> {
    const groupPaths = (query.groupBy ? ([] as Array<{ field?: string }>).concat(query.groupBy as never) : []).map(
      (g) => resolvePath(this.ctx.model, object, g.field!),
    );
    for (const item of selected) {
      if (item.kind === 'child') throw malformedQuery('Child subqueries cannot be used with aggregate functions');
      if (
        item.kind === 'field' &&
        !groupPaths.some((g) => g.field === item.path.field && g.hops.length === item.path.hops.length)
      ) {
        throw malformedQuery(`Field must be grouped or aggregated: ${item.path.field.name}`);
      }
    }
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const key = JSON.stringify(groupPaths.map((p) => pathValue(this.ctx, p, row)));
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    if (groupPaths.length === 0 && groups.size === 0) groups.set('[]', []);
    const records: Array<Record<string, unknown>> = [];
    const having = query.having
      ? compileHaving(
          this.ctx,
          object,
          query.having,
          (fn, path, groupRows) => this.aggregateValue({ kind: 'aggregate', fn, path, key: '' }, groupRows),
          (s) => this.semiJoin(s),
        )
      : undefined;
    for (const groupRows of groups.values()) {
      if (having && !having(groupRows)) continue;
      const record: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
      for (const item of selected) {
        if (item.kind === 'field')
          record[item.alias ?? item.path.field.name] = groupRows.length
            ? pathValue(this.ctx, item.path, groupRows[0])
            : null;
        else if (item.kind === 'aggregate') record[item.key] = this.aggregateValue(item, groupRows);
      }
      records.push(record);
    }
    const keys = ([] as OrderByClause[]).concat(query.orderBy ?? []).map((clause) => {
      const name = 'field' in clause ? clause.field : (clause.fn.alias ?? clause.fn.rawValue ?? '');
      const match = selected.find(
        (s) =>
          (s.kind === 'field' && [s.path.text, s.alias].some((text) => text?.toLowerCase() === name.toLowerCase())) ||
          (s.kind === 'aggregate' && s.key.toLowerCase() === name.toLowerCase()),
      );
      if (!match && 'fn' in clause) {
        throw malformedQuery(`ORDER BY ${name}: order aggregate results by a grouped field or an aggregate alias`);
      }
      const key =
        match?.kind === 'aggregate'
          ? match.key
          : match?.kind === 'field'
            ? (match.alias ?? match.path.field.name)
            : name;
      const descending = clause.order === 'DESC';
      return { key, descending, nullsFirst: clause.nulls ? clause.nulls === 'FIRST' : !descending };
    });
    if (keys.length) {
      records.sort((a, b) => {
        for (const k of keys) {
          const c = compareValues(a[k.key], b[k.key], k);
          if (c !== 0) return c;
        }
        return 0;
      });
    }
    return records;
  }

  private aggregateValue(item: Extract<Selected, { kind: 'aggregate' }>, rows: Row[]): unknown {
    if (!item.path) return rows.length;
    const values = rows.map((r) => pathValue(this.ctx, item.path!, r)).filter((v) => v !== null && v !== undefined);
    switch (item.fn) {
      case 'COUNT':
        return values.length;
      case 'COUNT_DISTINCT':
        return new Set(values.map((v) => (typeof v === 'string' ? v.toLowerCase() : v))).size;
      case 'SUM':
        return values.length ? (values as number[]).reduce((s, v) => s + v, 0) : null;
      case 'AVG':
        return values.length ? (values as number[]).reduce((s, v) => s + v, 0) / values.length : null;
      case 'MIN':
        return (
          values.reduce<unknown>((m, v) => (m === undefined || (v as number) < (m as number) ? v : m), undefined) ??
          null
        );
      default:
        return (
          values.reduce<unknown>((m, v) => (m === undefined || (v as number) > (m as number) ? v : m), undefined) ??
          null
        );
    }
  }
}
