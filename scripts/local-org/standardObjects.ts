import type { FieldSchema, FieldType, ObjectSchema } from '../schema/types.js';

type FieldOptions = Partial<Omit<FieldSchema, 'name' | 'type'>>;

function field(name: string, type: FieldType, options: FieldOptions = {}): FieldSchema {
  return {
    name,
    label: options.label ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ Id$/, ' ID'),
    type,
    custom: false,
    required: false,
    unique: false,
    externalId: false,
    caseSensitive: false,
    trackHistory: false,
    ...(type === 'Text' && options.length === undefined ? { length: 255 } : {}),
    ...options,
  };
}

function picklist(name: string, values: string[], options: FieldOptions = {}): FieldSchema {
  return field(name, 'Picklist', { picklist: { values, restricted: false }, ...options });
}

function accountLookup(relationshipName: string): FieldSchema {
  return field('AccountId', 'Lookup', { referenceTo: 'Account', relationshipName, parentRelationshipName: 'Account' });
}

function object(name: string, pluralLabel: string, fields: FieldSchema[]): ObjectSchema {
  return {
    name,
    label: name,
    pluralLabel,
    kind: 'standard',
    fields: Object.fromEntries(fields.map((f) => [f.name, f])),
  };
}

/** The standard objects the product touches, with their common standard fields. */
export function standardObjects(): ObjectSchema[] {
  return [
    object('Organization', 'Organizations', [
      field('Name', 'Text', { length: 80 }),
      field('InstanceName', 'Text', { length: 5 }),
      field('IsSandbox', 'Checkbox'),
      field('TrialExpirationDate', 'DateTime'),
      field('NamespacePrefix', 'Text', { length: 15 }),
      field('OrganizationType', 'Text', { length: 40 }),
    ]),
    object('User', 'Users', [
      field('Username', 'Text', { length: 80, required: true, unique: true }),
      field('FirstName', 'Text', { length: 40 }),
      field('LastName', 'Text', { length: 80, required: true }),
      field('Name', 'Text', { length: 121 }),
      field('Email', 'Email', { length: 128, required: true }),
      field('Alias', 'Text', { length: 8, required: true }),
      field('IsActive', 'Checkbox', { defaultValue: 'true' }),
      field('ProfileId', 'Lookup', {
        referenceTo: 'Profile',
        relationshipName: 'Users',
        parentRelationshipName: 'Profile',
        required: true,
      }),
      field('TimeZoneSidKey', 'Text', { length: 40, required: true }),
      field('LocaleSidKey', 'Text', { length: 40, required: true }),
      field('EmailEncodingKey', 'Text', { length: 40, required: true }),
      field('LanguageLocaleKey', 'Text', { length: 40, required: true }),
    ]),
    ...securityObjects(),
    object('Account', 'Accounts', [
      field('Name', 'Text', { length: 255, required: true }),
      picklist('Type', ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other']),
      picklist('Industry', ['Healthcare', 'Insurance', 'Finance', 'Technology', 'Other']),
      field('BillingStreet', 'TextArea', { length: 255 }),
      field('BillingCity', 'Text', { length: 40 }),
      field('BillingState', 'Text', { length: 80 }),
      field('BillingPostalCode', 'Text', { length: 20 }),
      field('BillingCountry', 'Text', { length: 80 }),
      field('Phone', 'Phone', { length: 40 }),
      field('Website', 'Url', { length: 255 }),
      field('Description', 'LongTextArea', { length: 32000 }),
      field('NumberOfEmployees', 'Number', { precision: 8, scale: 0 }),
      field('AnnualRevenue', 'Currency', { precision: 18, scale: 0 }),
    ]),
    object('Contact', 'Contacts', [
      accountLookup('Contacts'),
      field('FirstName', 'Text', { length: 40 }),
      field('LastName', 'Text', { length: 80, required: true }),
      field('Email', 'Email', { length: 80 }),
      field('Title', 'Text', { length: 128 }),
      field('Phone', 'Phone', { length: 40 }),
      field('Department', 'Text', { length: 80 }),
    ]),
    object('Contract', 'Contracts', [
      { ...accountLookup('Contracts'), required: true },
      picklist('Status', ['Draft', 'In Approval Process', 'Activated'], { defaultValue: 'Draft' }),
      field('StartDate', 'Date'),
      field('EndDate', 'Date'),
      field('ContractTerm', 'Number', { precision: 4, scale: 0 }),
      field('ContractNumber', 'AutoNumber', { length: 30 }),
      field('Description', 'LongTextArea', { length: 32000 }),
    ]),
    object('Case', 'Cases', [
      accountLookup('Cases'),
      field('ContactId', 'Lookup', {
        referenceTo: 'Contact',
        relationshipName: 'Cases',
        parentRelationshipName: 'Contact',
      }),
      field('Subject', 'Text', { length: 255 }),
      picklist('Status', ['New', 'Working', 'Escalated', 'Closed'], { defaultValue: 'New' }),
      picklist('Priority', ['High', 'Medium', 'Low'], { defaultValue: 'Medium' }),
      picklist('Origin', ['Phone', 'Email', 'Web']),
      field('Description', 'LongTextArea', { length: 32000 }),
      field('CaseNumber', 'AutoNumber', { length: 30 }),
    ]),
    object('Opportunity', 'Opportunities', [
      accountLookup('Opportunities'),
      field('Name', 'Text', { length: 120, required: true }),
      picklist(
        'StageName',
        ['Prospecting', 'Qualification', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'],
        { required: true },
      ),
      field('CloseDate', 'Date', { required: true }),
      field('Amount', 'Currency', { precision: 18, scale: 2 }),
      field('Probability', 'Percent', { precision: 3, scale: 0 }),
      picklist('Type', ['New Business', 'Existing Business']),
      field('Description', 'LongTextArea', { length: 32000 }),
    ]),
    task(),
  ];
}

/** System permissions a profile or permission set can grant; the local org enforces these four. */
function systemPermissions(): FieldSchema[] {
  return ['PermissionsModifyAllData', 'PermissionsViewAllData', 'PermissionsViewSetup', 'PermissionsApiEnabled'].map(
    (name) => field(name, 'Checkbox'),
  );
}

function parentPermissionSet(relationshipName: string): FieldSchema {
  return field('ParentId', 'Lookup', {
    referenceTo: 'PermissionSet',
    relationshipName,
    parentRelationshipName: 'Parent',
    required: true,
  });
}

/** Profiles, permission sets, their assignments and the object, field and setup-entity permissions they hold. */
function securityObjects(): ObjectSchema[] {
  return [
    object('Profile', 'Profiles', [
      field('Name', 'Text', { length: 255, required: true }),
      field('Description', 'Text', { length: 255 }),
      field('UserType', 'Text', { length: 40 }),
      ...systemPermissions(),
    ]),
    object('PermissionSet', 'Permission Sets', [
      field('Name', 'Text', { length: 80, required: true }),
      field('Label', 'Text', { length: 80, required: true }),
      field('Description', 'Text', { length: 255 }),
      field('NamespacePrefix', 'Text', { length: 15 }),
      field('IsOwnedByProfile', 'Checkbox'),
      field('IsCustom', 'Checkbox'),
      field('ProfileId', 'Lookup', {
        referenceTo: 'Profile',
        relationshipName: 'PermissionSets',
        parentRelationshipName: 'Profile',
      }),
      ...systemPermissions(),
    ]),
    object('PermissionSetAssignment', 'Permission Set Assignments', [
      field('AssigneeId', 'Lookup', {
        referenceTo: 'User',
        relationshipName: 'PermissionSetAssignments',
        parentRelationshipName: 'Assignee',
        required: true,
      }),
      field('PermissionSetId', 'Lookup', {
        referenceTo: 'PermissionSet',
        relationshipName: 'Assignments',
        parentRelationshipName: 'PermissionSet',
        required: true,
      }),
    ]),
    object('ObjectPermissions', 'Object Permissions', [
      parentPermissionSet('ObjectPerms'),
      field('SobjectType', 'Text', { length: 80, required: true }),
      ...['Read', 'Create', 'Edit', 'Delete', 'ViewAllRecords', 'ModifyAllRecords'].map((p) =>
        field(`Permissions${p}`, 'Checkbox'),
      ),
    ]),
    object('FieldPermissions', 'Field Permissions', [
      parentPermissionSet('FieldPerms'),
      field('SobjectType', 'Text', { length: 80, required: true }),
      field('Field', 'Text', { length: 160, required: true }),
      field('PermissionsRead', 'Checkbox'),
      field('PermissionsEdit', 'Checkbox'),
    ]),
    object('SetupEntityAccess', 'Setup Entity Access', [
      parentPermissionSet('SetupEntityAccessItems'),
      field('SetupEntityId', 'Text', { length: 18, required: true }),
      field('SetupEntityType', 'Text', { length: 40 }),
    ]),
  ];
}

/**
 * Task as the Object Reference describes it, for the fields the product uses: `WhoId` (Contact; Lead is not
 * served) and `WhatId` (Account, Opportunity, Contract, Case) are polymorphic, `Status` and `Priority` are
 * required with defaults, `IsClosed` follows the status and cannot be written, `TaskSubtype` is set on create only.
 */
function task(): ObjectSchema {
  const polymorphic = (name: string, targets: string[], label: string): FieldSchema =>
    field(name, 'Lookup', {
      label,
      referenceTo: targets[0],
      referenceTargets: targets,
      relationshipName: 'Tasks',
      parentRelationshipName: name.replace(/Id$/, ''),
    });
  return object('Task', 'Tasks', [
    field('Subject', 'Text', { length: 255 }),
    field('ActivityDate', 'Date', { label: 'Due Date' }),
    defaulted(
      'Status',
      ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
      'Not Started',
      {
        required: true,
      },
    ),
    defaulted('Priority', ['High', 'Normal', 'Low'], 'Normal', { required: true }),
    field('IsClosed', 'Checkbox', {
      label: 'Closed',
      formula: { expression: 'Status = "Completed"', treatBlanksAs: 'BlankAsBlank' },
    }),
    picklist('Type', ['Call', 'Email', 'Meeting', 'Other']),
    defaulted('TaskSubtype', ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], 'Task', {
      label: 'Task Subtype',
      restricted: true,
    }),
    field('Description', 'LongTextArea', { label: 'Comments', length: 32000 }),
    polymorphic('WhoId', ['Contact'], 'Name ID'),
    polymorphic('WhatId', ['Account', 'Opportunity', 'Contract', 'Case'], 'Related To ID'),
  ]);
}

function defaulted(
  name: string,
  values: string[],
  defaultValue: string,
  options: FieldOptions & { restricted?: boolean } = {},
): FieldSchema {
  const { restricted = false, ...rest } = options;
  return field(name, 'Picklist', { picklist: { values, restricted, defaultValue }, ...rest });
}
