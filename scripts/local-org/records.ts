import type { FieldDef, ObjectDef, OrgModel } from './model.js';
import { findField, findObject, isReference } from './model.js';
import { Row, RowValues, SqlValue, Store, StoredRecord, UniqueViolation } from './store.js';
import { ApiError, apiError, RecordError } from './errors.js';
import { convertValue, formatDateTime, scalarText, ValueSource } from './values.js';
import { isFieldEditable, isFieldVisible, objectRefusal, Operation } from './permissions.js';

export type Input = Record<string, unknown>;
type KeyResolution = { field?: FieldDef; relationship?: FieldDef };
export type UpsertOutcome = { id: string; created: boolean };
export type InsertGuard = (
  object: ObjectDef,
  valueOf: (column: string) => SqlValue | undefined,
) => ApiError | undefined;

/** What one batch (a request, a bulk job) shares: its timestamp and parent lookups. */
export type BatchCache = { now: string; parents: Map<string, boolean>; externalIds: Map<string, string | null> };

export function newBatchCache(): BatchCache {
  return { now: formatDateTime(Date.now()), parents: new Map(), externalIds: new Map() };
}

/** Keys a write never sets: the record's `attributes`, and on update its `Id`. */
export function isIgnoredKey(key: string, mode: 'insert' | 'update'): boolean {
  return key === 'attributes' || (mode === 'update' && key.length === 2 && key.toLowerCase() === 'id');
}

/** Why `key` cannot be written in this mode (no such field, or not createable/updateable), if it cannot. */
export function fieldRefusal(
  object: ObjectDef,
  key: string,
  field: FieldDef | undefined,
  mode: 'insert' | 'update',
): ApiError | undefined {
  if (!field || !isFieldVisible(object, field)) {
    return apiError('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`, [key]);
  }
  if ((mode === 'insert' ? field.createable : field.updateable) && isFieldEditable(object, field)) return undefined;
  return apiError(
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    [field.name],
  );
}

/** The external id keys given more than once in one call or upload, folded unless the field is case-sensitive. */
export function duplicateKeys(keys: readonly unknown[], caseSensitive: boolean | undefined): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const value of keys) {
    if (value === null || value === undefined || value === '') continue;
    const key = caseSensitive ? scalarText(value) : scalarText(value).toLowerCase();
    if (seen.has(key)) duplicates.add(key);
    else seen.add(key);
  }
  return duplicates;
}

/** The refusal of a row whose external id another row of the same call or upload also gives. */
export function duplicateExternalId(field: FieldDef, key: unknown): RecordError {
  return new RecordError([
    apiError('DUPLICATE_VALUE', `Duplicate external id specified: ${scalarText(key)}`, [field.name]),
  ]);
}

/** The fields a record must have, worked out once per object. */
const requiredCache = new WeakMap<ObjectDef, FieldDef[]>();

function requiredFields(object: ObjectDef): FieldDef[] {
  let required = requiredCache.get(object);
  if (!required) {
    required = object.fields.filter((f) => f.column && f.createable && (f.required || f.type === 'MasterDetail'));
    requiredCache.set(object, required);
  }
  return required;
}

function requiredFieldsMissing(names: string[]): RecordError {
  return new RecordError([
    apiError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names),
  ]);
}

/** Where an insert's checks read and write in a row of values, worked out once per object (-1: no such column). */
type InsertLayout = {
  defaulted: Array<{ slot: number; value: SqlValue }>;
  required: Array<{ slot: number; name: string }>;
  stamps: number[];
  users: number[];
  isDeleted: number;
  owner: number;
};

/** Creates, updates, upserts and deletes records with Salesforce's validation and error codes. */
export class Records {
  private readonly keys = new WeakMap<ObjectDef, Map<string, KeyResolution>>();
  private readonly layouts = new WeakMap<ObjectDef, InsertLayout>();

  public constructor(
    private readonly model: OrgModel,
    private readonly store: Store,
    /** The user a write is made by: the request's user. */
    private readonly currentUser: () => string,
    /** A check an insert must pass beyond the field rules, such as one assignment per user and permission set. */
    private readonly insertGuard: InsertGuard = () => undefined,
  ) {}

  public insert(object: ObjectDef, input: Input, source: ValueSource, cache = newBatchCache()): string {
    this.assertWritable(object, 'create');
    const row = this.convert(object, input, source, 'insert', cache);
    return this.insertValues(object, this.store.toValues(object, row), cache);
  }

  /**
   * Inserts a row already converted and checked field by field, given as values in the store's slot order:
   * defaults, required fields, system fields.
   */
  public insertValues(object: ObjectDef, values: RowValues, cache: BatchCache): string {
    const layout = this.layoutOf(object);
    for (const { slot, value } of layout.defaulted) if (values[slot] === undefined) values[slot] = value;
    let missing: string[] | undefined;
    for (const { slot, name } of layout.required) if (values[slot] == null) (missing ??= []).push(name);
    if (missing) throw requiredFieldsMissing(missing);
    const slots = this.store.slotsOf(object);
    const refusal = this.insertGuard(object, (column) => values[slots.get(column) ?? -1]);
    if (refusal) throw new RecordError([refusal]);
    for (const slot of layout.stamps) values[slot] = cache.now;
    const userId = this.currentUser();
    for (const slot of layout.users) values[slot] = userId;
    if (layout.isDeleted >= 0) values[layout.isDeleted] = 0;
    if (layout.owner >= 0 && values[layout.owner] == null) values[layout.owner] = userId;
    try {
      return this.store.insertValues(object, values);
    } catch (error) {
      return this.refuseDuplicate(object, error, (column) => values[slots.get(column)!] ?? null);
    }
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
    this.assertWritable(object, 'edit');
    if (!known) this.assertExists(object, id);
    this.updateRow(object, id, this.convert(object, input, source, 'update', cache), cache);
  }

  /** Updates a record with changes already converted and checked field by field; `stored` as `Store.update` takes it. */
  public updateRow(object: ObjectDef, id: string, changes: Row, cache: BatchCache, stored?: StoredRecord): void {
    const missing = requiredFields(object)
      .filter((f) => f.column! in changes && changes[f.column!] == null)
      .map((f) => f.name);
    if (missing.length) throw requiredFieldsMissing(missing);
    changes.LastModifiedDate = changes.SystemModstamp = cache.now;
    changes.LastModifiedById = this.currentUser();
    try {
      this.store.update(object, id, changes, stored);
    } catch (error) {
      this.refuseDuplicate(object, error, (column) => changes[column], id);
    }
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
    const id = this.upsertTarget(object, externalField, input[externalField.name], source, knownId);
    if (id === undefined) return { id: this.insert(object, input, source, cache), created: true };
    const { [externalField.name]: omitted, ...changes } = input;
    void omitted;
    this.update(object, id, changes, source, cache, true);
    return { id, created: false };
  }

  /** The id of the record an upsert key names, or undefined when the upsert creates one. */
  public upsertTarget(
    object: ObjectDef,
    externalField: FieldDef,
    rawKey: unknown,
    source: ValueSource,
    knownId?: string | null,
  ): string | undefined {
    const key = convertValue(externalField, rawKey, source);
    if (!key.ok) throw new RecordError([key.error]);
    if (key.value === null) {
      // Upserting on Id with no Id creates the record.
      if (externalField.name === 'Id') return undefined;
      throw new RecordError([
        apiError('MISSING_ARGUMENT', `${externalField.name} not specified`, [externalField.name]),
      ]);
    }
    return knownId === undefined ? this.findByExternalId(object, externalField, key.value) : (knownId ?? undefined);
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

  /** Deletes the record and its master-detail children: into the recycle bin, or for good when `hard`. */
  public remove(object: ObjectDef, id: string, hard = false): void {
    this.assertWritable(object, 'delete');
    if (!this.store.get(object, id)) throw new RecordError([apiError('ENTITY_IS_DELETED', 'entity is deleted', [])]);
    this.removeTree(object, id, hard);
  }

  /** Deletes a record and, whatever the user's rights on them, its master-detail children. */
  private removeTree(object: ObjectDef, id: string, hard: boolean): void {
    for (const relationship of object.childRelationships.values()) {
      const child = findObject(this.model, relationship.childObject)!;
      const field = findField(child, relationship.field)!;
      if (field.type !== 'MasterDetail') continue;
      for (const row of this.store.findBy(child, field, id)) this.removeTree(child, String(row.Id), hard);
    }
    if (hard) this.store.remove(object, id);
    else this.store.recycle(object, id);
  }

  public assertExists(object: ObjectDef, id: string): void {
    if (!this.store.exists(object, id)) throw new RecordError([apiError('ENTITY_IS_DELETED', 'entity is deleted', [])]);
  }

  public assertWritable(object: ObjectDef, operation: Operation): void {
    const refusal = object.readOnly ? undefined : objectRefusal(object, operation);
    if (refusal) throw new RecordError([refusal]);
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

  public convert(
    object: ObjectDef,
    input: Input,
    source: ValueSource,
    mode: 'insert' | 'update',
    cache: BatchCache,
  ): Row {
    const row: Row = {};
    const errors: ApiError[] = [];
    for (const key in input) {
      if (isIgnoredKey(key, mode)) continue;
      const raw = input[key];
      const { relationship, field } = this.resolveKey(object, key);
      if (relationship && raw !== null && typeof raw === 'object') {
        const resolved = this.resolveParentByExternalId(relationship, raw as Input, source, cache);
        if (resolved.ok) row[relationship.column!] = resolved.value;
        else errors.push(resolved.error);
        continue;
      }
      const refusal = fieldRefusal(object, key, field, mode);
      if (refusal || !field) {
        errors.push(refusal!);
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

  public resolveParentByExternalId(
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

  public checkParent(field: FieldDef, id: string, cache: BatchCache): ApiError | undefined {
    const targets = field.referenceTargets ?? [field.referenceTo ?? ''];
    const parent = this.model.byKeyPrefix.get(id.slice(0, 3));
    if (!parent || !targets.some((name) => findObject(this.model, name) === parent)) {
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

  private layoutOf(object: ObjectDef): InsertLayout {
    let layout = this.layouts.get(object);
    if (!layout) {
      const slots = this.store.slotsOf(object);
      const slotOf = (column: string): number => slots.get(column) ?? -1;
      const columns = object.fields.filter((f) => f.column && slots.has(f.column));
      layout = {
        defaulted: columns
          .filter((f) => f.type === 'Checkbox' || f.picklist?.defaultValue !== undefined)
          .map((f) => ({
            slot: slotOf(f.column!),
            value:
              f.type === 'Checkbox' ? (f.defaultValue?.toLowerCase() === 'true' ? 1 : 0) : f.picklist!.defaultValue!,
          })),
        required: requiredFields(object).map((f) => ({ slot: slotOf(f.column!), name: f.name })),
        stamps: ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'].map(slotOf).filter((slot) => slot >= 0),
        users: ['CreatedById', 'LastModifiedById'].map(slotOf).filter((slot) => slot >= 0),
        isDeleted: slotOf('IsDeleted'),
        owner: slotOf('OwnerId'),
      };
      this.layouts.set(object, layout);
    }
    return layout;
  }

  /** Turns a unique index refusal into DUPLICATE_VALUE naming the record that holds the value; rethrows anything else. */
  private refuseDuplicate(
    object: ObjectDef,
    error: unknown,
    valueOf: (column: string) => SqlValue | undefined,
    selfId?: string,
  ): never {
    if (!(error instanceof UniqueViolation)) throw error;
    const field = object.fields.find((f) => f.column === error.column)!;
    const clash = this.store.findIds(object, field, valueOf(field.column!) ?? null).find((id) => id !== selfId);
    throw new RecordError([
      apiError(
        'DUPLICATE_VALUE',
        `duplicate value found: ${field.name} duplicates value on record with id: ${String(clash)}`,
        [field.name],
      ),
    ]);
  }
}
