import type { FieldDef, ObjectDef, OrgModel } from './model.js';
import { findField, findObject, isReference } from './model.js';
import { Row, SqlValue, Store, UniqueViolation } from './store.js';
import { ApiError, apiError, RecordError } from './errors.js';
import { convertValue, formatDateTime, ValueSource } from './values.js';

export type Input = Record<string, unknown>;
type KeyResolution = { field?: FieldDef; relationship?: FieldDef };
export type UpsertOutcome = { id: string; created: boolean };

/** What one batch (a request, a bulk job) shares: its timestamp and parent lookups. */
export type BatchCache = { now: string; parents: Map<string, boolean>; externalIds: Map<string, string | null> };

export function newBatchCache(): BatchCache {
  return { now: formatDateTime(Date.now()), parents: new Map(), externalIds: new Map() };
}

/** The fields each check needs, worked out once per object. */
type Rules = { defaulted: FieldDef[]; required: FieldDef[]; hasOwner: boolean };
const rulesCache = new WeakMap<ObjectDef, Rules>();

function rulesOf(object: ObjectDef): Rules {
  let rules = rulesCache.get(object);
  if (!rules) {
    const stored = object.fields.filter((f) => f.column);
    rules = {
      defaulted: stored.filter((f) => f.type === 'Checkbox' || f.picklist?.defaultValue !== undefined),
      required: stored.filter((f) => f.createable && (f.required || f.type === 'MasterDetail')),
      hasOwner: object.fieldsByLowerName.has('ownerid'),
    };
    rulesCache.set(object, rules);
  }
  return rules;
}

/** Creates, updates, upserts and deletes records with Salesforce's validation and error codes. */
export class Records {
  private readonly keys = new WeakMap<ObjectDef, Map<string, KeyResolution>>();

  public constructor(
    private readonly model: OrgModel,
    private readonly store: Store,
    private readonly userId: string,
  ) {}

  public insert(object: ObjectDef, input: Input, source: ValueSource, cache = newBatchCache()): string {
    this.assertWritable(object);
    const rules = rulesOf(object);
    const row = this.convert(object, input, source, 'insert', cache);
    this.applyDefaults(rules, row);
    this.checkRequired(row, rules.required);
    row.CreatedDate = row.LastModifiedDate = row.SystemModstamp = cache.now;
    row.CreatedById = row.LastModifiedById = this.userId;
    row.IsDeleted = 0;
    if (rules.hasOwner && row.OwnerId == null) row.OwnerId = this.userId;
    return this.duplicateAware(object, row, undefined, () => this.store.insert(object, row));
  }

  /** `known` skips the existence check when the caller has just found the record. */
  public update(
    object: ObjectDef,
    id: string,
    input: Input,
    source: ValueSource,
    cache = newBatchCache(),
    known = false,
  ): void {
    this.assertWritable(object);
    if (!known && !this.store.exists(object, id))
      throw new RecordError([apiError('ENTITY_IS_DELETED', 'entity is deleted', [])]);
    const changes = this.convert(object, input, source, 'update', cache);
    const rules = rulesOf(object);
    this.checkRequired(
      changes,
      rules.required.filter((f) => f.column! in changes),
    );
    changes.LastModifiedDate = changes.SystemModstamp = cache.now;
    changes.LastModifiedById = this.userId;
    this.duplicateAware(object, changes, id, () => this.store.update(object, id, changes));
  }

  public upsert(
    object: ObjectDef,
    externalField: FieldDef,
    input: Input,
    source: ValueSource,
    cache = newBatchCache(),
    /** The record's id when the caller has already looked the key up (null: no record has it). */
    knownId?: string | null,
  ): UpsertOutcome {
    const key = convertValue(externalField, input[externalField.name], source);
    if (!key.ok) throw new RecordError([key.error]);
    if (key.value === null) {
      throw new RecordError([
        apiError('MISSING_ARGUMENT', `${externalField.name} not specified`, [externalField.name]),
      ]);
    }
    const id = knownId === undefined ? this.findByExternalId(object, externalField, key.value) : (knownId ?? undefined);
    if (id === undefined) return { id: this.insert(object, input, source, cache), created: true };
    const { [externalField.name]: omitted, ...changes } = input;
    void omitted;
    this.update(object, id, changes, source, cache, true);
    return { id, created: false };
  }

  public findByExternalId(object: ObjectDef, field: FieldDef, value: SqlValue): string | undefined {
    if (field.name === 'Id') return typeof value === 'string' && this.store.exists(object, value) ? value : undefined;
    const ids = this.store.findIds(object, field, value);
    if (ids.length > 1) {
      throw new RecordError([
        apiError(
          'DUPLICATE_EXTERNAL_ID',
          `${field.name}: more than one record found for external id field: ${ids.join(', ')}`,
          [field.name],
        ),
      ]);
    }
    return ids[0];
  }

  public remove(object: ObjectDef, id: string): void {
    this.assertWritable(object);
    if (!this.store.get(object, id)) throw new RecordError([apiError('ENTITY_IS_DELETED', 'entity is deleted', [])]);
    for (const relationship of object.childRelationships.values()) {
      const child = findObject(this.model, relationship.childObject)!;
      const field = findField(child, relationship.field)!;
      if (field.type !== 'MasterDetail') continue;
      for (const row of this.store.findBy(child, field, id)) this.remove(child, String(row.Id));
    }
    this.store.remove(object, id);
  }

  private assertWritable(object: ObjectDef): void {
    if (object.readOnly) {
      throw new RecordError([
        apiError(
          'INVALID_TYPE',
          `entity type cannot be inserted or updated: ${object.name} records are deployed as metadata`,
        ),
      ]);
    }
  }

  /** What an input key names, resolved once per object and key spelling. */
  private resolveKey(object: ObjectDef, key: string): KeyResolution {
    let byKey = this.keys.get(object);
    if (!byKey) {
      byKey = new Map();
      this.keys.set(object, byKey);
    }
    let resolution = byKey.get(key);
    if (!resolution) {
      const lower = key.toLowerCase();
      const relationship = object.parentRelationships.get(lower);
      const field = findField(object, key);
      resolution = relationship ? { relationship, field } : { field };
      byKey.set(key, resolution);
    }
    return resolution;
  }

  private convert(
    object: ObjectDef,
    input: Input,
    source: ValueSource,
    mode: 'insert' | 'update',
    cache: BatchCache,
  ): Row {
    const row: Row = {};
    const errors: ApiError[] = [];
    for (const key in input) {
      if (key === 'attributes' || (mode === 'update' && key.length === 2 && key.toLowerCase() === 'id')) continue;
      const raw = input[key];
      const { relationship, field } = this.resolveKey(object, key);
      if (relationship && raw !== null && typeof raw === 'object') {
        const resolved = this.resolveParentByExternalId(relationship, raw as Input, source, cache);
        if (resolved.ok) row[relationship.column!] = resolved.value;
        else errors.push(resolved.error);
        continue;
      }
      if (!field) {
        errors.push(apiError('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`, [key]));
        continue;
      }
      if (mode === 'insert' ? !field.createable : !field.updateable) {
        errors.push(
          apiError(
            'INVALID_FIELD_FOR_INSERT_UPDATE',
            `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
            [field.name],
          ),
        );
        continue;
      }
      const converted = convertValue(field, raw, source);
      if (!converted.ok) {
        errors.push(converted.error);
        continue;
      }
      if (isReference(field) && converted.value !== null) {
        const problem = this.checkParent(field, String(converted.value), cache);
        if (problem) {
          errors.push(problem);
          continue;
        }
      }
      row[field.column!] = converted.value;
    }
    if (errors.length) throw new RecordError(errors);
    return row;
  }

  private resolveParentByExternalId(
    field: FieldDef,
    reference: Input,
    source: ValueSource,
    cache: BatchCache,
  ): { ok: true; value: string } | { ok: false; error: ApiError } {
    const keys = Object.keys(reference).filter((k) => k !== 'attributes');
    const rawKey = keys.length === 1 ? `${field.name}.${keys[0]}=${String(reference[keys[0]])}` : undefined;
    const cached = rawKey === undefined ? undefined : cache.externalIds.get(rawKey);
    if (typeof cached === 'string') return { ok: true, value: cached };
    const parent = findObject(this.model, field.referenceTo ?? '');
    const keyField = parent && keys.length === 1 ? findField(parent, keys[0]) : undefined;
    if (!parent || !keyField || !(keyField.externalId || keyField.name === 'Id')) {
      return {
        ok: false,
        error: apiError(
          'INVALID_FIELD',
          `Foreign key reference for ${field.name} must name exactly one external id field`,
          [field.name],
        ),
      };
    }
    const value = convertValue(keyField, reference[keys[0]], source);
    if (!value.ok) return value;
    const cacheKey = `${parent.name}.${keyField.name}=${String(value.value)}`;
    let id = cache.externalIds.get(cacheKey);
    if (id === undefined) {
      id = this.findByExternalId(parent, keyField, value.value) ?? null;
      cache.externalIds.set(cacheKey, id);
    }
    if (id !== null && rawKey !== undefined) cache.externalIds.set(rawKey, id);
    if (id === null) {
      return {
        ok: false,
        error: apiError(
          'INVALID_FIELD',
          `Foreign key external ID: ${String(value.value)} not found for field ${keyField.name} in entity ${parent.name}`,
          [field.name],
        ),
      };
    }
    return { ok: true, value: id };
  }

  private checkParent(field: FieldDef, id: string, cache: BatchCache): ApiError | undefined {
    const parent = findObject(this.model, field.referenceTo ?? '');
    if (!parent || this.model.byKeyPrefix.get(id.slice(0, 3)) !== parent) {
      return apiError('FIELD_INTEGRITY_EXCEPTION', `${field.label}: id value of incorrect type: ${id}`, [field.name]);
    }
    let exists = cache.parents.get(id);
    if (exists === undefined) {
      exists = this.store.exists(parent, id);
      cache.parents.set(id, exists);
    }
    if (exists) return undefined;
    return field.type === 'MasterDetail'
      ? apiError('FIELD_INTEGRITY_EXCEPTION', `${field.label}: the master record ${id} does not exist`, [field.name])
      : apiError('INVALID_CROSS_REFERENCE_KEY', `${field.label}: invalid cross reference id`, [field.name]);
  }

  private applyDefaults(rules: Rules, row: Row): void {
    for (const field of rules.defaulted) {
      if (row[field.column!] !== undefined) continue;
      if (field.type === 'Checkbox') row[field.column!] = field.defaultValue?.toLowerCase() === 'true' ? 1 : 0;
      else row[field.column!] = field.picklist!.defaultValue!;
    }
  }

  private checkRequired(row: Row, required: FieldDef[]): void {
    const missing = required.filter((f) => row[f.column!] == null);
    if (missing.length) {
      const names = missing.map((f) => f.name);
      throw new RecordError([
        apiError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names),
      ]);
    }
  }

  /** Turns a unique index refusal into DUPLICATE_VALUE naming the record that holds the value. */
  private duplicateAware<T>(object: ObjectDef, row: Row, selfId: string | undefined, write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      const field = object.fields.find((f) => f.column === error.column)!;
      const clash = this.store.findIds(object, field, row[field.column!]).find((id) => id !== selfId);
      throw new RecordError([
        apiError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${field.name} duplicates value on record with id: ${String(clash)}`,
          [field.name],
        ),
      ]);
    }
  }
}
