import type { FieldSchema, FieldType, ObjectKind, ObjectSchema, OrgSchema } from '../schema/types.js';
import { generatedKeyPrefix } from './ids.js';
import { standardObjects } from './standardObjects.js';

/** A field as the local org serves it: the force-app schema plus what the platform adds. */
export type FieldDef = FieldSchema & {
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  calculated: boolean;
  /** SQLite column; absent for formula fields, which are computed on read. */
  column?: string;
};

export type ChildRelationship = { relationshipName: string; childObject: string; field: string };

export type ObjectDef = {
  name: string;
  label: string;
  pluralLabel: string;
  kind: ObjectKind;
  custom: boolean;
  keyPrefix: string;
  table: string;
  readOnly: boolean;
  /** Fields in describe order. */
  fields: FieldDef[];
  fieldsByLowerName: Map<string, FieldDef>;
  /** Parent relationship name (lower case) → the reference field. */
  parentRelationships: Map<string, FieldDef>;
  /** Child relationship name (lower case) → relationship. */
  childRelationships: Map<string, ChildRelationship>;
};

export type OrgModel = {
  objects: Map<string, ObjectDef>;
  byKeyPrefix: Map<string, ObjectDef>;
};

export function findObject(model: OrgModel, name: string): ObjectDef | undefined {
  return model.objects.get(name.toLowerCase());
}

export function findField(object: ObjectDef, name: string): FieldDef | undefined {
  return object.fieldsByLowerName.get(name.toLowerCase());
}

export function isReference(field: FieldSchema): boolean {
  return field.type === 'Lookup' || field.type === 'MasterDetail';
}

function systemField(name: string, label: string, type: FieldType, referenceTo?: string): FieldSchema {
  return {
    name,
    label,
    type,
    custom: false,
    required: false,
    unique: false,
    externalId: false,
    caseSensitive: false,
    trackHistory: false,
    ...(referenceTo ? { referenceTo, parentRelationshipName: name.replace(/Id$/, '') } : {}),
  };
}

function systemFields(kind: ObjectKind, hasOwner: boolean): FieldSchema[] {
  const fields = [systemField('Id', 'Record ID', 'Id')];
  if (kind === 'customMetadata') return fields;
  if (hasOwner) fields.push(systemField('OwnerId', 'Owner ID', 'Lookup', 'User'));
  fields.push(
    systemField('IsDeleted', 'Deleted', 'Checkbox'),
    systemField('CreatedDate', 'Created Date', 'DateTime'),
    systemField('CreatedById', 'Created By ID', 'Lookup', 'User'),
    systemField('LastModifiedDate', 'Last Modified Date', 'DateTime'),
    systemField('LastModifiedById', 'Last Modified By ID', 'Lookup', 'User'),
    systemField('SystemModstamp', 'System Modstamp', 'DateTime'),
  );
  return fields;
}

function customMetadataFields(): FieldSchema[] {
  const text = (name: string, label: string, length: number): FieldSchema => ({
    ...systemField(name, label, 'Text'),
    length,
  });
  return [
    text('DeveloperName', 'Custom Metadata Record Name', 40),
    text('MasterLabel', 'Label', 40),
    text('Label', 'Label', 40),
    text('QualifiedApiName', 'Qualified API Name', 70),
    text('NamespacePrefix', 'Namespace Prefix', 15),
  ];
}

/** Standard objects without an owner: the org, users and the security setup. */
const UNOWNED = new Set([
  'Organization',
  'User',
  'Profile',
  'PermissionSet',
  'PermissionSetAssignment',
  'ObjectPermissions',
  'FieldPermissions',
  'SetupEntityAccess',
]);

const SYSTEM_READ_ONLY = new Set([
  'Id',
  'IsDeleted',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
]);

function toFieldDef(field: FieldSchema, readOnlyObject: boolean): FieldDef {
  const calculated = field.formula !== undefined;
  const system = SYSTEM_READ_ONLY.has(field.name);
  const writable = !calculated && !system && !readOnlyObject && field.type !== 'AutoNumber';
  return {
    ...field,
    createable: writable,
    // TaskSubtype is set when a task is created and never changes (Object Reference: Task).
    updateable: writable && field.type !== 'MasterDetail' && field.name !== 'TaskSubtype',
    nillable: !field.required && field.type !== 'Checkbox' && !system,
    calculated,
    ...(calculated ? {} : { column: field.name }),
  };
}

/**
 * Merges the built-in standard objects with the deployed schema into what the server serves. `keyPrefixes`
 * (object name → prefix) keeps each object's prefix across rebuilds; new objects get the next free one.
 */
export function buildModel(schema: OrgSchema, keyPrefixes: Map<string, string> = new Map()): OrgModel {
  const merged = new Map<string, ObjectSchema>();
  for (const object of standardObjects()) merged.set(object.name, object);
  for (const object of Object.values(schema.objects)) {
    const base = merged.get(object.name);
    merged.set(object.name, base ? { ...base, fields: { ...base.fields, ...object.fields } } : object);
  }

  const objects = new Map<string, ObjectDef>();
  const byKeyPrefix = new Map<string, ObjectDef>();
  const counters = { a: 0, m: 0 };
  const used = new Set(keyPrefixes.values());
  const sortedNames = [...merged.keys()].sort();
  for (const name of sortedNames) {
    const schemaObject = merged.get(name)!;
    let keyPrefix = standardKeyPrefix(name) ?? keyPrefixes.get(name);
    if (!keyPrefix) {
      do keyPrefix = nextPrefix(schemaObject.kind, counters);
      while (used.has(keyPrefix));
      used.add(keyPrefix);
      keyPrefixes.set(name, keyPrefix);
    }
    const readOnly = schemaObject.kind === 'customMetadata';
    const declared = Object.values(schemaObject.fields);
    const hasMasterDetail = declared.some((f) => f.type === 'MasterDetail');
    const nameFields = schemaObject.nameField ? [schemaObject.nameField] : [];
    const all = [
      ...systemFields(schemaObject.kind, !hasMasterDetail && !UNOWNED.has(name)),
      ...(readOnly ? customMetadataFields() : []),
      ...nameFields,
      ...declared.filter((f) => !nameFields.some((n) => n.name === f.name)),
    ];
    const fields = all.map((f) => toFieldDef(f, readOnly));
    const object: ObjectDef = {
      name,
      label: schemaObject.label,
      pluralLabel: schemaObject.pluralLabel,
      kind: schemaObject.kind,
      custom: schemaObject.kind !== 'standard',
      keyPrefix,
      table: `o_${name}`,
      readOnly,
      fields,
      fieldsByLowerName: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
      parentRelationships: new Map(),
      childRelationships: new Map(),
    };
    objects.set(name.toLowerCase(), object);
    byKeyPrefix.set(keyPrefix, object);
  }
  linkRelationships(objects);
  return { objects, byKeyPrefix };
}

function nextPrefix(kind: ObjectKind, counters: { a: number; m: number }): string {
  return kind === 'customMetadata' ? generatedKeyPrefix('m', counters.m++) : generatedKeyPrefix('a', counters.a++);
}

function standardKeyPrefix(name: string): string | undefined {
  const prefixes: Record<string, string> = {
    Organization: '00D',
    User: '005',
    Account: '001',
    Contact: '003',
    Contract: '800',
    Case: '500',
    Opportunity: '006',
    Profile: '00e',
    PermissionSet: '0PS',
    PermissionSetAssignment: '0Pa',
    ObjectPermissions: '110',
    FieldPermissions: '01k',
    SetupEntityAccess: '0J0',
    Task: '00T',
  };
  return prefixes[name];
}

function relationshipNameOf(field: FieldDef): string {
  if (field.parentRelationshipName) return field.parentRelationshipName;
  return field.custom ? field.name.replace(/__c$/, '__r') : field.name.replace(/Id$/, '');
}

function childRelationshipNameOf(field: FieldDef, child: ObjectDef): string | undefined {
  if (!field.relationshipName) return undefined;
  const base = field.relationshipName.replace(/__r$/, '');
  return field.custom || child.custom ? `${base}__r` : base;
}

function linkRelationships(objects: Map<string, ObjectDef>): void {
  for (const object of objects.values()) {
    for (const field of object.fields) {
      // Polymorphic lookups (Who, What) are not traversed in SOQL here: `What.Name` needs the Name entity.
      if (!isReference(field) || !field.referenceTo || field.referenceTargets) continue;
      object.parentRelationships.set(relationshipNameOf(field).toLowerCase(), field);
      const parent = objects.get(field.referenceTo.toLowerCase());
      const childName = childRelationshipNameOf(field, object);
      if (parent && childName) {
        parent.childRelationships.set(childName.toLowerCase(), {
          relationshipName: childName,
          childObject: object.name,
          field: field.name,
        });
      }
    }
  }
}

export function parentRelationshipName(field: FieldDef): string {
  return relationshipNameOf(field);
}
