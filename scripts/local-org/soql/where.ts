import type { Query, WhereClause } from '@jetstreamapp/soql-parser-js';
import type { ObjectDef } from '../model.js';
import { isReference } from '../model.js';
import type { Row } from '../store.js';
import { malformedQuery } from '../errors.js';
import { toId18 } from '../ids.js';
import { parseDateTime, scalarText, toMillis } from '../values.js';
import { dateLiteralRange } from './dates.js';
import { FieldPath, pathValue, QueryContext, resolvePath } from './paths.js';

export type Predicate = (row: Row) => boolean;
/** Runs a semi-join subquery and answers the values of its single selected field. */
export type SubqueryRunner = (query: Query) => unknown[];

type Token = { kind: '(' | ')' | 'AND' | 'OR' | 'NOT' } | { kind: 'cond'; condition: Record<string, unknown> };

function flatten(clause: WhereClause | undefined, out: Token[]): Token[] {
  if (!clause) return out;
  const node = clause as unknown as { left: Record<string, unknown> | null; operator?: string; right?: WhereClause };
  const repeat = (kind: '(' | ')', n: unknown): void => {
    for (let i = 0; i < (typeof n === 'number' ? n : 0); i++) out.push({ kind });
  };
  if (node.operator === 'NOT') {
    repeat('(', node.left?.openParen);
    out.push({ kind: 'NOT' });
    return flatten(node.right, out);
  }
  if (node.left) {
    repeat('(', node.left.openParen);
    out.push({ kind: 'cond', condition: node.left });
    repeat(')', node.left.closeParen);
  }
  if (node.operator === 'AND' || node.operator === 'OR') {
    out.push({ kind: node.operator });
    flatten(node.right, out);
  }
  return out;
}

type Test<T> = (input: T) => boolean;
type Compiler<T> = (condition: Record<string, unknown>) => Test<T>;

/** Precedence: NOT binds tightest, then AND, then OR. */
class BooleanParser<T> {
  private pos = 0;
  public constructor(
    private readonly tokens: Token[],
    private readonly compile: Compiler<T>,
  ) {}

  public parse(): Test<T> {
    const predicate = this.or();
    if (this.pos !== this.tokens.length) throw malformedQuery('Unbalanced parentheses in WHERE');
    return predicate;
  }

  private or(): Test<T> {
    const parts = [this.and()];
    while (this.tokens[this.pos]?.kind === 'OR') {
      this.pos++;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : (input): boolean => parts.some((p) => p(input));
  }

  private and(): Test<T> {
    const parts = [this.not()];
    while (this.tokens[this.pos]?.kind === 'AND') {
      this.pos++;
      parts.push(this.not());
    }
    return parts.length === 1 ? parts[0] : (input): boolean => parts.every((p) => p(input));
  }

  private not(): Test<T> {
    if (this.tokens[this.pos]?.kind === 'NOT') {
      this.pos++;
      const inner = this.not();
      return (input): boolean => !inner(input);
    }
    return this.primary();
  }

  private primary(): Test<T> {
    const token = this.tokens[this.pos++];
    if (!token) throw malformedQuery('Unexpected end of WHERE');
    if (token.kind === '(') {
      const inner = this.or();
      if (this.tokens[this.pos++]?.kind !== ')') throw malformedQuery('Unbalanced parentheses in WHERE');
      return inner;
    }
    if (token.kind === 'cond') return this.compile(token.condition);
    throw malformedQuery(`Unexpected ${token.kind} in WHERE`);
  }
}

function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

type Literal =
  | { kind: 'null' }
  | { kind: 'value'; value: string | number | boolean }
  | { kind: 'range'; start: number; end: number };

function literalOf(raw: string, type: string, path: FieldPath): Literal {
  switch (type) {
    case 'NULL':
      return { kind: 'null' };
    case 'STRING': {
      const text = unquote(raw);
      if (path.field.type === 'Id' || isReference(path.field)) return { kind: 'value', value: toId18(text) ?? text };
      return { kind: 'value', value: text };
    }
    case 'INTEGER':
    case 'DECIMAL':
      return { kind: 'value', value: Number(raw) };
    case 'BOOLEAN':
      return { kind: 'value', value: raw.toUpperCase() === 'TRUE' };
    case 'DATE':
      return { kind: 'value', value: path.field.type === 'DateTime' ? toMillis(raw) : raw };
    case 'DATETIME': {
      const ms = parseDateTime(raw);
      if (Number.isNaN(ms)) throw malformedQuery(`Invalid datetime literal: ${raw}`);
      return { kind: 'value', value: ms };
    }
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL':
      return { kind: 'range', ...dateLiteralRange(raw) };
    default:
      throw malformedQuery(`The literal ${raw} (${type}) is not supported by the local org`);
  }
}

function isDateField(path: FieldPath): boolean {
  return path.field.type === 'Date' || path.field.type === 'DateTime';
}

/** Normalizes a record value for comparison: text case-insensitive, dates as ms where the literal is a time. */
function comparable(value: unknown, path: FieldPath, asMillis: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (asMillis && typeof value === 'string') return toMillis(value);
  if (typeof value === 'string' && !isDateField(path)) return value.toLowerCase();
  return value;
}

function likePattern(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`)
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
}

function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
    case '<>':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>':
      return (a as number) > (b as number);
    case '>=':
      return (a as number) >= (b as number);
    default:
      throw malformedQuery(`The operator ${op} is not supported by the local org`);
  }
}

function compareRange(op: string, v: number, range: { start: number; end: number }): boolean {
  switch (op) {
    case '=':
      return v >= range.start && v < range.end;
    case '!=':
    case '<>':
      return v < range.start || v >= range.end;
    case '<':
      return v < range.start;
    case '<=':
      return v < range.end;
    case '>':
      return v >= range.end;
    case '>=':
      return v >= range.start;
    default:
      throw malformedQuery(`The operator ${op} is not supported with date literals`);
  }
}

function literalValue(literal: Literal, path: FieldPath): unknown {
  if (literal.kind !== 'value') return null;
  return typeof literal.value === 'string' && !isDateField(path) ? literal.value.toLowerCase() : literal.value;
}

function compileCondition(
  ctx: QueryContext,
  object: ObjectDef,
  condition: Record<string, unknown>,
  runSubquery: SubqueryRunner,
): Predicate {
  if (condition.fn) throw malformedQuery('Functions in WHERE are not supported by the local org');
  const path = resolvePath(ctx.model, object, String(condition.field));
  const op = String(condition.operator).toUpperCase();
  const value = (row: Row): unknown => pathValue(ctx, path, row);

  if (condition.valueQuery) {
    if (op !== 'IN' && op !== 'NOT IN') throw malformedQuery(`Subqueries need IN or NOT IN, not ${op}`);
    let values: Set<unknown> | undefined;
    return (row): boolean => {
      values ??= new Set(runSubquery(condition.valueQuery as Query).map((v) => comparable(v, path, false)));
      const v = comparable(value(row), path, false);
      return op === 'IN' ? v !== null && values.has(v) : v === null || !values.has(v);
    };
  }

  const rawValues = Array.isArray(condition.value) ? (condition.value as string[]) : [String(condition.value)];
  const types = Array.isArray(condition.literalType)
    ? (condition.literalType as string[])
    : rawValues.map(() => String(condition.literalType));
  const literals = rawValues.map((raw, i) => literalOf(raw, types[i] ?? types[0], path));

  if (op === 'IN' || op === 'NOT IN') {
    const set = new Set(literals.map((l) => literalValue(l, path)));
    const timeLiteral =
      literals.some((l) => l.kind === 'value' && typeof l.value === 'number') && path.field.type === 'DateTime';
    return (row): boolean => {
      const v = comparable(value(row), path, timeLiteral);
      return op === 'IN' ? v !== null && set.has(v) : v === null || !set.has(v);
    };
  }
  if (op === 'INCLUDES' || op === 'EXCLUDES') {
    const wanted = literals.map((l) => scalarText(literalValue(l, path)).split(';'));
    return (row): boolean => {
      const v = value(row);
      const have = new Set(typeof v === 'string' ? v.toLowerCase().split(';') : []);
      const any = wanted.some((group) => group.every((item) => have.has(item)));
      return op === 'INCLUDES' ? any : !any;
    };
  }
  const literal = literals[0];
  if (op === 'LIKE') {
    if (literal.kind !== 'value' || typeof literal.value !== 'string')
      throw malformedQuery('LIKE needs a string literal');
    const pattern = likePattern(literal.value);
    return (row): boolean => {
      const v = value(row);
      return v !== null && pattern.test(scalarText(v));
    };
  }
  if (literal.kind === 'null') {
    if (op !== '=' && op !== '!=' && op !== '<>') throw malformedQuery(`null can only be compared with = or !=`);
    return (row): boolean => (value(row) === null) === (op === '=');
  }
  if (literal.kind === 'range') {
    if (!isDateField(path)) {
      throw malformedQuery(`Date literals need a Date or DateTime field, not ${path.text}`);
    }
    return (row): boolean => {
      const v = value(row);
      return typeof v === 'string' && compareRange(op, toMillis(v), literal);
    };
  }
  const expected = literalValue(literal, path);
  const asMillis = typeof expected === 'number' && path.field.type === 'DateTime';
  return (row): boolean => {
    const v = comparable(value(row), path, asMillis);
    if (v === null) return op === '!=' || op === '<>';
    return compare(op, v, expected);
  };
}

const INDEXED_TYPES = new Set(['Id', 'Lookup', 'MasterDetail']);

/** The aggregate functions the local org computes. */
export const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

/**
 * When WHERE is a conjunction holding `field = 'x'` or `field IN ('x', ...)` on an indexed field of
 * the queried object, the candidate values; the full predicate still decides, this only narrows the rows read.
 */
export function indexedCandidates(
  ctx: QueryContext,
  object: ObjectDef,
  where: WhereClause | undefined,
): { path: FieldPath; values: Array<string | number | boolean>; ignoreCase: boolean } | undefined {
  if (!where) return undefined;
  const tokens = flatten(where, []);
  if (tokens.some((t) => t.kind === 'OR' || t.kind === 'NOT')) return undefined;
  for (const token of tokens) {
    if (token.kind !== 'cond') continue;
    const c = token.condition;
    if (c.fn || c.valueQuery || typeof c.field !== 'string' || c.field.includes('.')) continue;
    const operator = String(c.operator).toUpperCase();
    if (operator !== '=' && operator !== 'IN') continue;
    const types = ([] as unknown[]).concat(c.literalType);
    if (!types.every((t) => t === 'STRING')) continue;
    const path = resolvePath(ctx.model, object, c.field);
    const field = path.field;
    const indexed = INDEXED_TYPES.has(field.type) || field.unique || field.externalId;
    if (!indexed || !field.column) continue;
    const raw = ([] as string[]).concat(c.value as string | string[]);
    const values = raw.map((v) => literalOf(v, 'STRING', path)).map((l) => (l.kind === 'value' ? l.value : ''));
    return { path, values, ignoreCase: !INDEXED_TYPES.has(field.type) };
  }
  return undefined;
}

export function compileWhere(
  ctx: QueryContext,
  object: ObjectDef,
  where: WhereClause | undefined,
  runSubquery: SubqueryRunner,
): Predicate {
  if (!where) return () => true;
  const tokens = flatten(where, []);
  return new BooleanParser<Row>(tokens, (c) => compileCondition(ctx, object, c, runSubquery)).parse();
}

/** Computes an aggregate function over a group's rows. */
export type AggregateOf = (fn: string, path: FieldPath | undefined, rows: Row[]) => unknown;

/** HAVING: conditions on aggregates of a group, or on its grouped fields. */
export function compileHaving(
  ctx: QueryContext,
  object: ObjectDef,
  having: WhereClause,
  aggregateOf: AggregateOf,
  runSubquery: SubqueryRunner,
): Test<Row[]> {
  const compile = (condition: Record<string, unknown>): Test<Row[]> => {
    const fn = condition.fn as { functionName?: string; parameters?: unknown[] } | undefined;
    if (!fn) {
      const onRow = compileCondition(ctx, object, condition, runSubquery);
      return (rows) => rows.length > 0 && onRow(rows[0]);
    }
    const name = String(fn.functionName).toUpperCase();
    if (!AGGREGATES.has(name)) {
      throw malformedQuery(`HAVING supports aggregate functions only, not ${name}()`);
    }
    const parameter = fn.parameters?.[0];
    const path = typeof parameter === 'string' ? resolvePath(ctx.model, object, parameter) : undefined;
    const op = String(condition.operator).toUpperCase();
    const type = String(condition.literalType);
    const raw = String(condition.value);
    const expected =
      type === 'INTEGER' || type === 'DECIMAL'
        ? Number(raw)
        : path
          ? literalValue(literalOf(raw, type, path), path)
          : raw;
    return (rows) => {
      const actual = aggregateOf(name, path, rows);
      if (actual === null || actual === undefined) return false;
      return compare(op, typeof actual === 'string' ? actual.toLowerCase() : actual, expected);
    };
  };
  return new BooleanParser<Row[]>(flatten(having, []), compile).parse();
}
