/**
 * The one place where the local org decides what a user may see and do: object and field permissions
 * from the user's profile plus assigned permission sets, read from the org's own PermissionSet,
 * ObjectPermissions, FieldPermissions and SetupEntityAccess records. Routes ask through the helpers at
 * the end of this file; a request runs inside `runAs`, and code outside any request runs as the system.
 * Sharing (record-level access) is not modelled.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { XMLParser } from 'fast-xml-parser';
import type { FieldDef, ObjectDef } from './model.js';
import { findField, findObject } from './model.js';
import type { OrgState } from './org.js';
import type { Row, Store } from './store.js';
import { ApiError, apiError, HttpError } from './errors.js';
import { formatDateTime } from './values.js';

export type Operation = 'create' | 'edit' | 'delete';

type ObjectRights = Record<'read' | 'create' | 'edit' | 'delete' | 'viewAll' | 'modifyAll', boolean>;
type FieldRights = { read: boolean; edit: boolean };
type SystemRights = { modifyAllData: boolean; viewAllData: boolean; viewSetup: boolean };

/** Objects every user reads; only Modify All Data writes them (User stands in for Manage Users). */
const PUBLIC_OBJECTS = new Set(['organization', 'user']);
/** The security setup: read with View Setup and Configuration, written with Modify All Data. */
const SETUP_OBJECTS = new Set([
  'profile',
  'permissionset',
  'permissionsetassignment',
  'objectpermissions',
  'fieldpermissions',
  'setupentityaccess',
]);
/** Fields that follow their object: the record's system fields. */
const SYSTEM_FIELDS = new Set([
  'Id',
  'OwnerId',
  'IsDeleted',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
]);

/** What one user may do, worked out once per request. */
export class Access {
  public constructor(
    public readonly userId: string,
    private readonly system: SystemRights,
    private readonly objects: ReadonlyMap<string, ObjectRights>,
    private readonly fields: ReadonlyMap<string, FieldRights>,
    private readonly customMetadataTypes: ReadonlySet<string>,
  ) {}

  public get modifyAllData(): boolean {
    return this.system.modifyAllData;
  }

  public canRead(object: ObjectDef): boolean {
    const name = object.name.toLowerCase();
    if (this.system.modifyAllData) return true;
    if (object.kind === 'customMetadata') return this.customMetadataTypes.has(name);
    if (PUBLIC_OBJECTS.has(name)) return true;
    if (SETUP_OBJECTS.has(name)) return this.system.viewSetup;
    const rights = this.objects.get(name);
    return this.system.viewAllData || Boolean(rights && (rights.read || rights.viewAll || rights.modifyAll));
  }

  public can(object: ObjectDef, operation: Operation): boolean {
    const name = object.name.toLowerCase();
    if (name === 'profile' && operation !== 'edit') return false;
    if (this.system.modifyAllData) return true;
    if (object.kind === 'customMetadata' || PUBLIC_OBJECTS.has(name) || SETUP_OBJECTS.has(name)) return false;
    const rights = this.objects.get(name);
    if (!rights) return false;
    return rights[operation] || (operation !== 'create' && rights.modifyAll);
  }

  /** A field the user can see; standard, system, required and master-detail fields follow their object. */
  public fieldVisible(object: ObjectDef, field: FieldDef): boolean {
    if (!this.canRead(object)) return false;
    if (this.followsObject(object, field)) return true;
    const rights = this.fields.get(`${object.name}.${field.name}`.toLowerCase());
    return Boolean(rights && (rights.read || rights.edit));
  }

  public fieldEditable(object: ObjectDef, field: FieldDef): boolean {
    if (!this.fieldVisible(object, field)) return false;
    if (this.followsObject(object, field)) return true;
    return this.fields.get(`${object.name}.${field.name}`.toLowerCase())?.edit === true;
  }

  private followsObject(object: ObjectDef, field: FieldDef): boolean {
    return (
      this.system.modifyAllData ||
      object.kind === 'customMetadata' ||
      !field.custom ||
      SYSTEM_FIELDS.has(field.name) ||
      field.required ||
      field.type === 'MasterDetail'
    );
  }
}

const flag = (row: Row, column: string): boolean => row[column] === 1;

function rightsOfSets(store: Store, org: OrgState, setIds: string[], userId: string): Access {
  const object = (name: string): ObjectDef => findObject(org.model, name)!;
  const parentField = (name: string): FieldDef => findField(object(name), 'ParentId')!;
  const system: SystemRights = { modifyAllData: false, viewAllData: false, viewSetup: false };
  const sets = store.rowsWhereIn(object('PermissionSet'), findField(object('PermissionSet'), 'Id')!, setIds, false);
  for (const set of sets) {
    system.modifyAllData ||= flag(set, 'PermissionsModifyAllData');
    system.viewAllData ||= flag(set, 'PermissionsViewAllData') || flag(set, 'PermissionsModifyAllData');
    system.viewSetup ||= flag(set, 'PermissionsViewSetup') || flag(set, 'PermissionsModifyAllData');
  }
  const objects = new Map<string, ObjectRights>();
  const fields = new Map<string, FieldRights>();
  const customMetadataTypes = new Set<string>();
  if (!system.modifyAllData) {
    for (const row of store.rowsWhereIn(object('ObjectPermissions'), parentField('ObjectPermissions'), setIds, false)) {
      const key = String(row.SobjectType).toLowerCase();
      const was = objects.get(key);
      objects.set(key, {
        read: (was?.read ?? false) || flag(row, 'PermissionsRead'),
        create: (was?.create ?? false) || flag(row, 'PermissionsCreate'),
        edit: (was?.edit ?? false) || flag(row, 'PermissionsEdit'),
        delete: (was?.delete ?? false) || flag(row, 'PermissionsDelete'),
        viewAll: (was?.viewAll ?? false) || flag(row, 'PermissionsViewAllRecords'),
        modifyAll: (was?.modifyAll ?? false) || flag(row, 'PermissionsModifyAllRecords'),
      });
    }
    for (const row of store.rowsWhereIn(object('FieldPermissions'), parentField('FieldPermissions'), setIds, false)) {
      const key = String(row.Field).toLowerCase();
      const was = fields.get(key);
      fields.set(key, {
        read: (was?.read ?? false) || flag(row, 'PermissionsRead'),
        edit: (was?.edit ?? false) || flag(row, 'PermissionsEdit'),
      });
    }
    for (const row of store.rowsWhereIn(object('SetupEntityAccess'), parentField('SetupEntityAccess'), setIds, false)) {
      const type = customMetadataTypeOf(org, String(row.SetupEntityId));
      if (type) customMetadataTypes.add(type.name.toLowerCase());
    }
  }
  return new Access(userId, system, objects, fields, customMetadataTypes);
}

/** The rights of a user from their profile and assigned permission sets; undefined for an unknown or inactive user. */
export function accessFor(org: OrgState, userId: string): Access | undefined {
  const { store, model } = org;
  const user = store.get(findObject(model, 'User')!, userId);
  if (!user || user.IsActive !== 1) return undefined;
  const permissionSet = findObject(model, 'PermissionSet')!;
  const assignment = findObject(model, 'PermissionSetAssignment')!;
  const setIds = [
    ...store.findBy(permissionSet, findField(permissionSet, 'ProfileId')!, String(user.ProfileId)),
    ...store.findBy(assignment, findField(assignment, 'AssigneeId')!, userId),
  ].map((row) => String(row.PermissionSetId ?? row.Id));
  return rightsOfSets(store, org, setIds, userId);
}

/** The id a permission set's SetupEntityAccess gives a custom metadata type (its EntityDefinition, prefix 01I). */
export function customMetadataTypeId(object: ObjectDef): string {
  return `01I0Hp000000${object.keyPrefix}AAA`;
}

function customMetadataTypeOf(org: OrgState, id: string): ObjectDef | undefined {
  const match = /^01I0Hp000000(\w{3})AAA$/.exec(id);
  const object = match ? org.model.byKeyPrefix.get(match[1]) : undefined;
  return object?.kind === 'customMetadata' ? object : undefined;
}

// ---- The request's user ---------------------------------------------------------------------------

const context = new AsyncLocalStorage<Access>();

/** Runs a request's work (and whatever it schedules, such as a Bulk API job) as the user `access` describes. */
export function runAs<T>(access: Access, work: () => T): T {
  return context.run(access, work);
}

/** The rights of the request's user; undefined outside a request, where the org's own code runs as the system. */
export function currentAccess(): Access | undefined {
  return context.getStore();
}

// ---- Checks the routes make -------------------------------------------------------------------------

export function canReadObject(object: ObjectDef): boolean {
  return currentAccess()?.canRead(object) ?? true;
}

export function isFieldVisible(object: ObjectDef, field: FieldDef): boolean {
  return currentAccess()?.fieldVisible(object, field) ?? true;
}

export function isFieldEditable(object: ObjectDef, field: FieldDef): boolean {
  return currentAccess()?.fieldEditable(object, field) ?? true;
}

export function canDo(object: ObjectDef, operation: Operation): boolean {
  return currentAccess()?.can(object, operation) ?? true;
}

/** The fields of an object the request's user can see, in describe order. */
export function visibleFields(object: ObjectDef): FieldDef[] {
  const access = currentAccess();
  return access ? object.fields.filter((f) => access.fieldVisible(object, f)) : object.fields;
}

/** A field by name, as the request's user sees the object: a field they cannot see does not exist. */
export function findVisibleField(object: ObjectDef, name: string): FieldDef | undefined {
  const field = findField(object, name);
  return field && isFieldVisible(object, field) ? field : undefined;
}

/** SOQL's answer for an object the user cannot read: the same as for one that does not exist. */
export function unsupportedType(name: string): HttpError {
  return new HttpError(
    400,
    'INVALID_TYPE',
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

/** Why the request's user may not create, edit or delete records of this object, if they may not. */
export function objectRefusal(object: ObjectDef, operation: Operation): ApiError | undefined {
  if (canDo(object, operation)) return undefined;
  if (operation === 'create') {
    return apiError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be inserted: ${object.label}`);
  }
  return apiError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id');
}

/** Salesforce's refusal of a second assignment of the same permission set to the same user. */
export function duplicateAssignment(
  org: OrgState,
  object: ObjectDef,
  valueOf: (column: string) => unknown,
): ApiError | undefined {
  if (object.name !== 'PermissionSetAssignment') return undefined;
  const assignee = String(valueOf('AssigneeId'));
  const permissionSet = String(valueOf('PermissionSetId'));
  const clash = org.store
    .findBy(object, findField(object, 'AssigneeId')!, assignee)
    .some((row) => row.PermissionSetId === permissionSet);
  if (!clash) return undefined;
  return apiError(
    'DUPLICATE_VALUE',
    `Duplicate PermissionSetAssignment. Assignee: ${assignee}; Permission Set: ${permissionSet}`,
    [],
  );
}

// ---- Permission set metadata ------------------------------------------------------------------------

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) =>
    ['objectPermissions', 'fieldPermissions', 'customMetadataTypeAccesses', 'userPermissions'].includes(name),
});

type PermissionSetXml = {
  label?: string;
  description?: string;
  objectPermissions?: Array<Record<string, string>>;
  fieldPermissions?: Array<Record<string, string>>;
  customMetadataTypeAccesses?: Array<Record<string, string>>;
  userPermissions?: Array<Record<string, string>>;
};

const bool = (value: string | undefined): number => (value === 'true' ? 1 : 0);

/**
 * Creates or replaces the PermissionSet `fullName` and its object, field and custom metadata type permissions
 * from the text of a `.permissionset-meta.xml` file, as a deploy does.
 */
export function applyPermissionSetMetadata(org: OrgState, fullName: string, xml: string): void {
  const parsed = (parser.parse(xml) as { PermissionSet?: PermissionSetXml }).PermissionSet;
  if (!parsed) throw new Error(`${fullName}.permissionset-meta.xml: no <PermissionSet> element`);
  const { store, model } = org;
  const object = (name: string): ObjectDef => findObject(model, name)!;
  const userPermission = (name: string): number => bool(parsed.userPermissions?.find((p) => p.name === name)?.enabled);
  store.transaction(() => {
    const permissionSet = object('PermissionSet');
    const values = {
      Name: fullName,
      Label: parsed.label ?? fullName,
      Description: parsed.description ?? null,
      IsOwnedByProfile: 0,
      IsCustom: 1,
      PermissionsModifyAllData: userPermission('ModifyAllData'),
      PermissionsViewAllData: userPermission('ViewAllData'),
      PermissionsViewSetup: userPermission('ViewSetup'),
      PermissionsApiEnabled: userPermission('ApiEnabled'),
    };
    const existing = store.findBy(permissionSet, findField(permissionSet, 'Name')!, fullName)[0];
    const setId = existing
      ? String(existing.Id)
      : store.insert(permissionSet, systemStamped(org.identity.userId, values));
    if (existing) {
      store.update(permissionSet, setId, values);
      for (const child of ['ObjectPermissions', 'FieldPermissions', 'SetupEntityAccess']) {
        for (const row of store.findBy(object(child), findField(object(child), 'ParentId')!, setId)) {
          store.remove(object(child), String(row.Id));
        }
      }
    }
    for (const p of parsed.objectPermissions ?? []) {
      store.insert(
        object('ObjectPermissions'),
        systemStamped(org.identity.userId, {
          ParentId: setId,
          SobjectType: p.object,
          PermissionsRead: bool(p.allowRead),
          PermissionsCreate: bool(p.allowCreate),
          PermissionsEdit: bool(p.allowEdit),
          PermissionsDelete: bool(p.allowDelete),
          PermissionsViewAllRecords: bool(p.viewAllRecords),
          PermissionsModifyAllRecords: bool(p.modifyAllRecords),
        }),
      );
    }
    for (const p of parsed.fieldPermissions ?? []) {
      store.insert(
        object('FieldPermissions'),
        systemStamped(org.identity.userId, {
          ParentId: setId,
          SobjectType: p.field.split('.')[0],
          Field: p.field,
          PermissionsRead: bool(p.readable) || bool(p.editable),
          PermissionsEdit: bool(p.editable),
        }),
      );
    }
    for (const p of parsed.customMetadataTypeAccesses ?? []) {
      const type = findObject(model, p.name);
      if (!type || p.enabled !== 'true') continue;
      store.insert(
        object('SetupEntityAccess'),
        systemStamped(org.identity.userId, {
          ParentId: setId,
          SetupEntityId: customMetadataTypeId(type),
          SetupEntityType: 'CustomEntityDefinition',
        }),
      );
    }
  });
}

/** Setup records written by the org itself: stamped now, created by the admin (none while the org is being made). */
function systemStamped(user: string | null, values: Row): Row {
  const now = formatDateTime(Date.now());
  return {
    ...values,
    CreatedDate: now,
    LastModifiedDate: now,
    SystemModstamp: now,
    CreatedById: user,
    LastModifiedById: user,
    IsDeleted: 0,
  };
}

// ---- Profiles every org has -------------------------------------------------------------------------

export const ADMIN_PROFILE = 'System Administrator';
export const STANDARD_PROFILE = 'Standard User';
export const MINIMUM_ACCESS_PROFILE = 'Minimum Access - Salesforce';

type ProfileSeed = { name: string; system: Partial<Record<string, number>>; objects: Array<[string, string]> };

/** Standard User's object rights on the standard CRM objects, as a new Salesforce org ships them (R C E D). */
const STANDARD_USER_OBJECTS: Array<[string, string]> = [
  ['Account', 'RCED'],
  ['Contact', 'RCED'],
  ['Opportunity', 'RCED'],
  ['Case', 'RCED'],
  ['Contract', 'RCE'],
];

const PROFILES: ProfileSeed[] = [
  {
    name: ADMIN_PROFILE,
    system: {
      PermissionsModifyAllData: 1,
      PermissionsViewAllData: 1,
      PermissionsViewSetup: 1,
      PermissionsApiEnabled: 1,
    },
    objects: [],
  },
  { name: STANDARD_PROFILE, system: { PermissionsApiEnabled: 1 }, objects: STANDARD_USER_OBJECTS },
  { name: MINIMUM_ACCESS_PROFILE, system: { PermissionsApiEnabled: 1 }, objects: [] },
];

/**
 * Creates the org's profiles (each with the permission set it owns, as Salesforce stores profile rights)
 * when they are missing; answers the id of each by name.
 */
export function ensureProfiles(org: OrgState): Map<string, string> {
  const { store, model } = org;
  const profile = findObject(model, 'Profile')!;
  const permissionSet = findObject(model, 'PermissionSet')!;
  const objectPermissions = findObject(model, 'ObjectPermissions')!;
  const ids = new Map<string, string>();
  for (const seed of PROFILES) {
    const existing = store.findBy(profile, findField(profile, 'Name')!, seed.name)[0];
    if (existing) {
      ids.set(seed.name, String(existing.Id));
      continue;
    }
    const system = {
      PermissionsModifyAllData: 0,
      PermissionsViewAllData: 0,
      PermissionsViewSetup: 0,
      PermissionsApiEnabled: 0,
      ...seed.system,
    };
    const profileId = store.insert(profile, systemStamped(null, { Name: seed.name, UserType: 'Standard', ...system }));
    const setId = store.insert(
      permissionSet,
      systemStamped(null, {
        Name: `X00e${profileId.slice(3, 15)}`,
        Label: seed.name,
        IsOwnedByProfile: 1,
        IsCustom: 0,
        ProfileId: profileId,
        ...system,
      }),
    );
    for (const [sobject, rights] of seed.objects) {
      store.insert(
        objectPermissions,
        systemStamped(null, {
          ParentId: setId,
          SobjectType: sobject,
          PermissionsRead: bool(String(rights.includes('R'))),
          PermissionsCreate: bool(String(rights.includes('C'))),
          PermissionsEdit: bool(String(rights.includes('E'))),
          PermissionsDelete: bool(String(rights.includes('D'))),
          PermissionsViewAllRecords: 0,
          PermissionsModifyAllRecords: 0,
        }),
      );
    }
    ids.set(seed.name, profileId);
  }
  return ids;
}
