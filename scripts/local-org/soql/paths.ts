import type { FieldDef, ObjectDef, OrgModel } from '../model.js';
import { findField, findObject } from '../model.js';
import type { Row, Store } from '../store.js';
import { HttpError } from '../errors.js';
import { fieldValue } from '../reader.js';
import { canReadObject, isFieldVisible } from '../permissions.js';

/** What a query needs while it runs: parent rows are looked up once each. */
export type QueryContext = {
  model: OrgModel;
  store: Store;
  apiVersion: string;
  parents: Map<string, Row | null>;
  /** `queryAll`: deleted rows in the recycle bin match too. */
  allRows?: boolean;
};

/** A field reached from the queried object through zero or more parent relationships. */
export type FieldPath = {
  /** The reference fields walked, each with the object it points to. */
  hops: Array<{ field: FieldDef; target: ObjectDef }>;
  object: ObjectDef;
  field: FieldDef;
  /** The path as written, for messages and column names. */
  text: string;
};

function invalidField(message: string): HttpError {
  return new HttpError(400, 'INVALID_FIELD', message);
}

export function resolvePath(model: OrgModel, base: ObjectDef, text: string): FieldPath {
  const segments = text.split('.');
  if (
    segments.length > 1 &&
    segments[0].toLowerCase() === base.name.toLowerCase() &&
    !base.parentRelationships.has(segments[0].toLowerCase())
  ) {
    segments.shift();
  }
  const hops: FieldPath['hops'] = [];
  let object = base;
  for (const segment of segments.slice(0, -1)) {
    const reference = object.parentRelationships.get(segment.toLowerCase());
    const target = reference ? findObject(model, reference.referenceTo ?? '') : undefined;
    if (!reference || !target || !isFieldVisible(object, reference) || !canReadObject(target)) {
      throw invalidField(
        `Didn't understand relationship '${segment}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`,
      );
    }
    hops.push({ field: reference, target });
    object = target;
  }
  const last = segments[segments.length - 1];
  const field = findField(object, last);
  if (!field || !isFieldVisible(object, field)) {
    throw invalidField(
      `No such column '${last}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
    );
  }
  return { hops, object, field, text };
}

export function parentRow(ctx: QueryContext, target: ObjectDef, id: string): Row | null {
  const key = id;
  let row = ctx.parents.get(key);
  if (row === undefined) {
    row = ctx.store.get(target, id) ?? null;
    ctx.parents.set(key, row);
  }
  return row;
}

/** The row at the end of the path's relationships, or null where a reference is empty. */
function rowAtEnd(ctx: QueryContext, path: FieldPath, row: Row): Row | null {
  let current: Row | null = row;
  for (const hop of path.hops) {
    const id: unknown = current[hop.field.column!];
    if (typeof id !== 'string') return null;
    current = parentRow(ctx, hop.target, id);
    if (!current) return null;
  }
  return current;
}

export function pathValue(ctx: QueryContext, path: FieldPath, row: Row): unknown {
  const end = rowAtEnd(ctx, path, row);
  return end ? fieldValue(path.object, end, path.field) : null;
}
