import type { OrgState } from '../org.js';
import type { FieldDef, ObjectDef } from '../model.js';
import type { SqlValue } from '../store.js';
import { findField, findObject } from '../model.js';
import { ApiReply, json, jsonObject, Router } from '../http.js';
import { HttpError, RecordError } from '../errors.js';
import { toId18 } from '../ids.js';
import { fullRecord, recordUrl } from '../reader.js';
import { convertValue } from '../values.js';
import { describeGlobalEntry, describeObject } from './describe.js';
import { canReadObject, findVisibleField } from '../permissions.js';

export function objectOr404(org: OrgState, name: string): ObjectDef {
  const object = findObject(org.model, name);
  if (!object || !canReadObject(object))
    throw new HttpError(404, 'NOT_FOUND', `The requested resource does not exist: sObject type '${name}'`);
  return object;
}

/** Turns a record-level failure on a single-record route into Salesforce's 400 (or 404) answer. */
function recordFailure(error: unknown): never {
  if (error instanceof RecordError) {
    const first = error.errors[0];
    if (first.statusCode === 'ENTITY_IS_DELETED')
      throw new HttpError(404, 'NOT_FOUND', 'The requested resource does not exist');
    throw new HttpError(400, first.statusCode, error.errors.map((e) => e.message).join('; '), first.fields);
  }
  throw error;
}

function existingId(org: OrgState, object: ObjectDef, raw: string): string {
  const id = toId18(raw);
  if (!id || !org.store.get(object, id)) throw new HttpError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return id;
}

function selectedFields(object: ObjectDef, list: string | null): ReturnType<typeof findField>[] | undefined {
  if (!list) return undefined;
  return list.split(',').map((name) => {
    const field = findVisibleField(object, name.trim());
    if (!field)
      throw new HttpError(400, 'INVALID_FIELD', `No such column '${name.trim()}' on sobject of type ${object.name}`);
    return field;
  });
}

/** describeGlobal, describe, and single-record create, read, update, delete and upsert. */
export function sobjectRoutes(router: Router, org: OrgState): void {
  const get = (object: ObjectDef, id: string, version: string, fields: string | null): ApiReply => {
    const row = org.store.get(object, existingId(org, object, id));
    return json(200, fullRecord(object, row!, version, selectedFields(object, fields) as never));
  };

  router
    .add('GET', '{api}/sobjects', (_req, [v]) =>
      json(200, {
        encoding: 'UTF-8',
        maxBatchSize: 200,
        sobjects: [...org.model.objects.values()].filter(canReadObject).map((o) => describeGlobalEntry(o, v)),
      }),
    )
    .add('GET', '{api}/sobjects/{type}/describe', (_req, [v, type]) =>
      json(200, describeObject(org.model, objectOr404(org, type), v)),
    )
    .add('GET', '{api}/sobjects/{type}', (_req, [v, type]) => {
      const object = objectOr404(org, type);
      return json(200, { objectDescribe: describeGlobalEntry(object, v), recentItems: [] });
    })
    .add('POST', '{api}/sobjects/{type}', (req, [, type]) => {
      const object = objectOr404(org, type);
      const body = jsonObject(req);
      try {
        const id = org.store.transaction(() => org.records.insert(object, body, 'json'));
        return json(201, { id, success: true, errors: [] });
      } catch (error) {
        return recordFailure(error);
      }
    })
    .add('GET', '{api}/sobjects/{type}/{id}', (req, [v, type, id]) =>
      get(objectOr404(org, type), id, v, req.query.get('fields')),
    )
    .add('PATCH', '{api}/sobjects/{type}/{id}', (req, [, type, raw]) => {
      const object = objectOr404(org, type);
      const id = existingId(org, object, raw);
      const body = jsonObject(req);
      try {
        org.store.transaction(() => org.records.update(object, id, body, 'json'));
        return { status: 204 };
      } catch (error) {
        return recordFailure(error);
      }
    })
    .add('DELETE', '{api}/sobjects/{type}/{id}', (_req, [, type, raw]) => {
      const object = objectOr404(org, type);
      const id = existingId(org, object, raw);
      try {
        org.store.transaction(() => org.records.remove(object, id));
        return { status: 204 };
      } catch (error) {
        return recordFailure(error);
      }
    })
    .add('GET', '{api}/sobjects/{type}/{field}/{value}', (req, [v, type, fieldName, value]) => {
      const object = objectOr404(org, type);
      const field = externalIdField(object, fieldName);
      const key = convertValue(field, value, 'csv');
      const ids = key.ok ? matchingIds(org, object, field, key.value) : [];
      if (ids.length > 1) return multipleChoices(object, ids, v);
      if (!ids.length) throw new HttpError(404, 'NOT_FOUND', 'The requested resource does not exist');
      return get(object, ids[0], v, req.query.get('fields'));
    })
    .add('PATCH', '{api}/sobjects/{type}/{field}/{value}', (req, [v, type, fieldName, value]) => {
      const object = objectOr404(org, type);
      const field = externalIdField(object, fieldName);
      const body = { ...jsonObject(req), [field.name]: value };
      const key = convertValue(field, value, 'csv');
      const ids = key.ok ? matchingIds(org, object, field, key.value) : [];
      if (ids.length > 1) return multipleChoices(object, ids, v);
      try {
        const outcome = org.store.transaction(() => org.records.upsert(object, field, body, 'json'));
        if (outcome.created) return json(201, { id: outcome.id, success: true, errors: [], created: true });
        // Since API 46.0 an upsert that updates answers 200 with a body; before, 204 without one.
        return Number(v) >= 46
          ? json(200, { id: outcome.id, success: true, errors: [], created: false })
          : { status: 204 };
      } catch (error) {
        return recordFailure(error);
      }
    });
}

const MAX_CHOICES = 100;

function matchingIds(org: OrgState, object: ObjectDef, field: FieldDef, value: SqlValue): string[] {
  if (value === null) return [];
  if (field.name === 'Id') return typeof value === 'string' && org.store.exists(object, value) ? [value] : [];
  return org.store.findIds(object, field, value, MAX_CHOICES);
}

/** An external id held by several records: 300 with the URLs of the records it matches. */
function multipleChoices(object: ObjectDef, ids: string[], version: string): ApiReply {
  return json(
    300,
    ids.map((id) => recordUrl(version, object.name, id)),
  );
}

export function externalIdField(object: ObjectDef, name: string): NonNullable<ReturnType<typeof findField>> {
  const field = findVisibleField(object, name);
  if (!field || !(field.externalId || field.name === 'Id')) {
    throw new HttpError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`);
  }
  return field;
}
