import type { OrgState } from '../org.js';
import type { ObjectDef } from '../model.js';
import { findObject } from '../model.js';
import { ApiRequest, json, jsonObject, Router } from '../http.js';
import { ApiError, apiError, HttpError, RecordError } from '../errors.js';
import { toId18 } from '../ids.js';
import { fullRecord } from '../reader.js';
import { duplicateExternalId, duplicateKeys, newBatchCache } from '../records.js';
import { convertValue } from '../values.js';
import { externalIdField, objectOr404 } from './sobjects.js';
import { findVisibleField } from '../permissions.js';

const MAX_RECORDS = 200;

type RowResult = { id: string | null; success: boolean; errors: ApiError[]; created?: boolean };

class Rollback extends Error {}

const ROLLED_BACK = apiError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
);

function readRecords(request: ApiRequest): { allOrNone: boolean; records: Array<Record<string, unknown>> } {
  const body = jsonObject(request);
  if (!Array.isArray(body.records))
    throw new HttpError(400, 'JSON_PARSER_ERROR', 'The request body needs a records array');
  if (body.records.length > MAX_RECORDS) {
    throw new HttpError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
    );
  }
  return { allOrNone: body.allOrNone === true, records: body.records as Array<Record<string, unknown>> };
}

function typeOf(org: OrgState, record: Record<string, unknown>): ObjectDef {
  const type = (record.attributes as { type?: unknown } | undefined)?.type;
  const object = typeof type === 'string' ? findObject(org.model, type) : undefined;
  if (!object)
    throw new RecordError([
      apiError('INVALID_TYPE', `sObject type '${String(type)}' is not supported or attributes.type is missing`),
    ]);
  return object;
}

/**
 * Runs one operation per row inside a transaction; with allOrNone any failure rolls the whole call back
 * and every row reports failure, the valid ones with ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
function runRows<T>(
  org: OrgState,
  items: T[],
  allOrNone: boolean,
  operation: (item: T, index: number) => { id: string; created?: boolean },
): RowResult[] {
  let results: RowResult[] = [];
  try {
    org.store.transaction(() => {
      results = items.map((item, index) => {
        try {
          const outcome = org.store.transaction(() => operation(item, index));
          return {
            id: outcome.id,
            success: true,
            errors: [],
            ...(outcome.created === undefined ? {} : { created: outcome.created }),
          };
        } catch (error) {
          if (!(error instanceof RecordError)) throw error;
          return { id: null, success: false, errors: error.errors };
        }
      });
      if (allOrNone && results.some((r) => !r.success)) throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    results = results.map((r) =>
      r.success
        ? { id: null, success: false, errors: [ROLLED_BACK], ...(r.created === undefined ? {} : { created: false }) }
        : r,
    );
  }
  return results;
}

/** sObject Collections: create, update, upsert, delete and retrieve up to 200 records per call. */
export function collectionRoutes(router: Router, org: OrgState): void {
  router
    .add('POST', '{api}/composite/sobjects', (req) => {
      const { allOrNone, records } = readRecords(req);
      const cache = newBatchCache();
      return json(
        200,
        runRows(org, records, allOrNone, (record) => ({
          id: org.records.insert(typeOf(org, record), record, 'json', cache),
        })),
      );
    })
    .add('PATCH', '{api}/composite/sobjects', (req) => {
      const { allOrNone, records } = readRecords(req);
      const cache = newBatchCache();
      return json(
        200,
        runRows(org, records, allOrNone, (record) => {
          const given = Object.entries(record).find(([key]) => key.toLowerCase() === 'id')?.[1];
          const id = typeof given === 'string' ? toId18(given) : undefined;
          if (!id)
            throw new RecordError([
              apiError('MALFORMED_ID', `Record id is missing or malformed: ${String(given)}`, ['Id']),
            ]);
          org.records.update(typeOf(org, record), id, record, 'json', cache);
          return { id };
        }),
      );
    })
    .add('DELETE', '{api}/composite/sobjects', (req) => {
      const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
      if (ids.length > MAX_RECORDS)
        throw new HttpError(400, 'EXCEEDED_ID_LIMIT', `cannot delete more than ${MAX_RECORDS} records in one call`);
      return json(
        200,
        runRows(org, ids, req.query.get('allOrNone') === 'true', (raw) => {
          const id = toId18(raw);
          const object = id ? org.model.byKeyPrefix.get(id.slice(0, 3)) : undefined;
          if (!id || !object) throw new RecordError([apiError('MALFORMED_ID', `malformed id ${raw}`)]);
          org.records.remove(object, id);
          return { id };
        }),
      );
    })
    .add('PATCH', '{api}/composite/sobjects/{type}/{field}', (req, [, type, fieldName]) => {
      const object = objectOr404(org, type);
      const field = externalIdField(object, fieldName);
      const { allOrNone, records } = readRecords(req);
      const keys = records.map((r) => {
        const converted = convertValue(field, r[field.name], 'json');
        return converted.ok ? converted.value : null;
      });
      const fold = (key: unknown): string => (field.caseSensitive ? String(key) : String(key).toLowerCase());
      const duplicates = duplicateKeys(keys, field.caseSensitive);
      const cache = newBatchCache();
      return json(
        200,
        runRows(org, records, allOrNone, (record, index) => {
          if (keys[index] !== null && duplicates.has(fold(keys[index]))) {
            throw duplicateExternalId(field, keys[index]);
          }
          return org.records.upsert(object, field, record, 'json', cache);
        }),
      );
    })
    .add('GET', '{api}/composite/sobjects/{type}', (req, [v, type]) =>
      retrieve(org, type, v, req.query.get('ids'), req.query.get('fields')),
    )
    .add('POST', '{api}/composite/sobjects/{type}', (req, [v, type]) => {
      const body = jsonObject(req);
      const ids = Array.isArray(body.ids) ? body.ids.join(',') : null;
      const fields = Array.isArray(body.fields) ? body.fields.join(',') : null;
      return retrieve(org, type, v, ids, fields);
    });
}

function retrieve(
  org: OrgState,
  type: string,
  version: string,
  ids: string | null,
  fields: string | null,
): ReturnType<typeof json> {
  const object = objectOr404(org, type);
  const fieldDefs = (fields ?? '')
    .split(',')
    .filter(Boolean)
    .map((name) => {
      const field = findVisibleField(object, name.trim());
      if (!field)
        throw new HttpError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);
      return field;
    });
  const list = (ids ?? '').split(',').filter(Boolean);
  return json(
    200,
    list.map((raw) => {
      const id = toId18(raw);
      const row = id ? org.store.get(object, id) : undefined;
      return row ? fullRecord(object, row, version, fieldDefs.length ? fieldDefs : undefined) : null;
    }),
  );
}
