/**
 * The UI API GraphQL record query (`uiapi { query { Object(where, orderBy, first, after, upperBound) } }`)
 * turned into SOQL for the org's one query engine, so that fields, relationships and (later) permissions
 * are decided in one place. Only the shapes the Lightning wire adapter sends are accepted; anything else is a
 * validation error naming the path, as Salesforce answers it.
 */
import type { FieldDef, ObjectDef, OrgModel } from '../model.js';
import { findField, findObject } from '../model.js';
import { scalarText } from '../values.js';

export class GraphqlValidationError extends Error {
  public constructor(
    public readonly type: string,
    message: string,
  ) {
    super(`Validation error of type ${type}: ${message}`);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const COMPARISONS: Record<string, string> = { eq: '=', ne: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=', like: 'LIKE' };
const SETS: Record<string, string> = { in: 'IN', nin: 'NOT IN' };
const MULTI: Record<string, string> = { includes: 'INCLUDES', excludes: 'EXCLUDES' };
const DATE_LITERALS = new Set([
  'TODAY',
  'YESTERDAY',
  'TOMORROW',
  'THIS_WEEK',
  'LAST_WEEK',
  'NEXT_WEEK',
  'THIS_MONTH',
  'LAST_MONTH',
  'NEXT_MONTH',
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR',
]);
const NUMERIC = new Set(['Number', 'Currency', 'Percent']);

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function literal(field: FieldDef, value: Json, where: string): string {
  if (value === null) return 'null';
  if (field.type === 'Date' || field.type === 'DateTime') {
    if (!isObject(value)) {
      throw new GraphqlValidationError('WrongType', `argument '${where}' must be an object with value or literal`);
    }
    if (typeof value.value === 'string') {
      const ok = field.type === 'Date' ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/;
      if (!ok.test(value.value)) {
        throw new GraphqlValidationError('WrongType', `argument '${where}.value' is not a valid ${field.type}`);
      }
      return value.value;
    }
    if (typeof value.literal === 'string' && DATE_LITERALS.has(value.literal)) return value.literal;
    throw new GraphqlValidationError('WrongType', `argument '${where}' must give value or a date literal`);
  }
  if (NUMERIC.has(field.type)) {
    if (typeof value !== 'number') {
      throw new GraphqlValidationError('WrongType', `argument '${where}' is not a valid ${field.type}`);
    }
    return String(value);
  }
  if (field.type === 'Checkbox') {
    if (typeof value !== 'boolean')
      throw new GraphqlValidationError('WrongType', `argument '${where}' is not a Boolean`);
    return String(value);
  }
  if (typeof value !== 'string') {
    throw new GraphqlValidationError('WrongType', `argument '${where}' is not a valid String`);
  }
  return quote(value);
}

function comparison(field: FieldDef, path: string, ops: Json, where: string): string[] {
  if (!isObject(ops))
    throw new GraphqlValidationError('WrongType', `argument '${where}' must be an object of operators`);
  return Object.entries(ops).map(([op, value]) => {
    const at = `${where}.${op}`;
    if (COMPARISONS[op]) {
      if (op === 'like' && NUMERIC.has(field.type)) {
        throw new GraphqlValidationError('WrongType', `argument '${at}': like applies to text fields`);
      }
      if (value === null && op !== 'eq' && op !== 'ne') {
        throw new GraphqlValidationError('WrongType', `argument '${at}' cannot be null`);
      }
      return `${path} ${COMPARISONS[op]} ${literal(field, value, at)}`;
    }
    if (SETS[op] || MULTI[op]) {
      if (MULTI[op] && field.type !== 'MultiselectPicklist') {
        throw new GraphqlValidationError('WrongType', `argument '${at}' applies to multi-select picklists only`);
      }
      if (!Array.isArray(value) || value.length === 0) {
        throw new GraphqlValidationError('WrongType', `argument '${at}' must be a non-empty list`);
      }
      const items = value.map((item, i) => literal(field, item, `${at}[${i}]`));
      return `${path} ${SETS[op] ?? MULTI[op]} (${items.join(', ')})`;
    }
    throw new GraphqlValidationError('WrongType', `argument '${at}': ${op} is not a filter operator`);
  });
}

/** Resolves `key` on `object` to a field or a parent relationship, or fails naming the path. */
function member(
  model: OrgModel,
  object: ObjectDef,
  key: string,
  where: string,
): { field: FieldDef } | { parent: ObjectDef; relationship: string } {
  const field = findField(object, key);
  if (field && field.name === key) return { field };
  const reference = object.parentRelationships.get(key.toLowerCase());
  const parent = reference ? findObject(model, reference.referenceTo ?? '') : undefined;
  if (reference && parent) return { parent, relationship: key };
  throw new GraphqlValidationError(
    'WrongType',
    `argument '${where}' contains a field not in '${object.name}_Filter': '${key}'`,
  );
}

export function whereSoql(model: OrgModel, object: ObjectDef, filter: Json, where = 'where', prefix = ''): string {
  if (!isObject(filter)) throw new GraphqlValidationError('WrongType', `argument '${where}' must be an object`);
  const terms: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    const at = `${where}.${key}`;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value) || value.length === 0) {
        throw new GraphqlValidationError('WrongType', `argument '${at}' must be a non-empty list`);
      }
      const parts = value.map((item, i) => whereSoql(model, object, item, `${at}[${i}]`, prefix));
      terms.push(`(${parts.join(key === 'and' ? ' AND ' : ' OR ')})`);
    } else if (key === 'not') {
      terms.push(`(NOT ${whereSoql(model, object, value, at, prefix)})`);
    } else {
      const resolved = member(model, object, key, at);
      if ('field' in resolved) terms.push(...comparison(resolved.field, prefix + resolved.field.name, value, at));
      else terms.push(whereSoql(model, resolved.parent, value, at, `${prefix}${resolved.relationship}.`));
    }
  }
  if (!terms.length) throw new GraphqlValidationError('WrongType', `argument '${where}' is empty`);
  return terms.length === 1 ? terms[0] : `(${terms.join(' AND ')})`;
}

export function orderBySoql(
  model: OrgModel,
  object: ObjectDef,
  orderBy: Json,
  where = 'orderBy',
  prefix = '',
): string[] {
  if (!isObject(orderBy)) throw new GraphqlValidationError('WrongType', `argument '${where}' must be an object`);
  const keys: string[] = [];
  for (const [key, value] of Object.entries(orderBy)) {
    const at = `${where}.${key}`;
    const resolved = member(model, object, key, at);
    if (!('field' in resolved)) {
      keys.push(...orderBySoql(model, resolved.parent, value, at, `${prefix}${resolved.relationship}.`));
      continue;
    }
    if (!isObject(value)) throw new GraphqlValidationError('WrongType', `argument '${at}' must give order`);
    const order = value.order ?? 'ASC';
    const nulls = value.nulls;
    if (order !== 'ASC' && order !== 'DESC')
      throw new GraphqlValidationError('WrongType', `argument '${at}.order' is ASC or DESC`);
    if (nulls !== undefined && nulls !== 'FIRST' && nulls !== 'LAST') {
      throw new GraphqlValidationError('WrongType', `argument '${at}.nulls' is FIRST or LAST`);
    }
    if (resolved.field.type === 'MultiselectPicklist' || resolved.field.type === 'LongTextArea') {
      throw new GraphqlValidationError('WrongType', `argument '${at}': ${resolved.field.name} cannot be sorted`);
    }
    keys.push(`${prefix}${resolved.field.name} ${order}${nulls ? ` NULLS ${scalarText(nulls)}` : ''}`);
  }
  return keys;
}
