import type { FieldDef, ObjectDef, OrgModel } from '../model.js';
import { isReference, parentRelationshipName } from '../model.js';
import { apexType } from '../soql/columns.js';
import { canDo, canReadObject, isFieldEditable, visibleFields } from '../permissions.js';

const SOAP_TYPES: Partial<Record<FieldDef['type'], [string, string]>> = {
  Id: ['id', 'tns:ID'],
  Lookup: ['reference', 'tns:ID'],
  MasterDetail: ['reference', 'tns:ID'],
  Number: ['double', 'xsd:double'],
  Currency: ['currency', 'xsd:double'],
  Percent: ['percent', 'xsd:double'],
  Checkbox: ['boolean', 'xsd:boolean'],
  Date: ['date', 'xsd:date'],
  DateTime: ['datetime', 'xsd:dateTime'],
  Picklist: ['picklist', 'xsd:string'],
  MultiselectPicklist: ['multipicklist', 'xsd:string'],
  Email: ['email', 'xsd:string'],
  Phone: ['phone', 'xsd:string'],
  Url: ['url', 'xsd:string'],
  TextArea: ['textarea', 'xsd:string'],
  LongTextArea: ['textarea', 'xsd:string'],
};

function describeField(object: ObjectDef, field: FieldDef): Record<string, unknown> {
  const editable = isFieldEditable(object, field);
  const [type, soapType] = SOAP_TYPES[field.type] ?? ['string', 'xsd:string'];
  const reference = isReference(field);
  return {
    name: field.name,
    label: field.label,
    type,
    soapType,
    custom: field.custom,
    length: field.length ?? 0,
    precision: field.precision ?? 0,
    scale: field.scale ?? 0,
    digits: 0,
    byteLength: (field.length ?? 0) * 3,
    nillable: field.nillable,
    createable: field.createable && editable,
    updateable: field.updateable && editable,
    calculated: field.calculated,
    calculatedFormula: field.formula?.expression ?? null,
    autoNumber: field.type === 'AutoNumber',
    unique: field.unique,
    externalId: field.externalId,
    idLookup: field.name === 'Id' || field.externalId || field.unique,
    caseSensitive: field.caseSensitive,
    defaultedOnCreate: field.type === 'Checkbox' || field.name === 'OwnerId' || !field.createable,
    defaultValue: field.picklist?.defaultValue ?? null,
    filterable: true,
    sortable: field.type !== 'LongTextArea' && field.type !== 'MultiselectPicklist',
    groupable: !['LongTextArea', 'Number', 'Currency', 'Percent', 'DateTime', 'MultiselectPicklist'].includes(
      field.type,
    ),
    nameField: field.name === 'Name',
    restrictedPicklist: field.picklist?.restricted ?? false,
    picklistValues: (field.picklist?.values ?? []).map((value) => ({
      active: true,
      defaultValue: value === field.picklist?.defaultValue,
      label: value,
      validFor: null,
      value,
    })),
    referenceTo: reference && field.referenceTo ? (field.referenceTargets ?? [field.referenceTo]) : [],
    relationshipName: reference ? parentRelationshipName(field) : null,
    polymorphicForeignKey: Boolean(field.referenceTargets),
    relationshipOrder: field.type === 'MasterDetail' ? 0 : null,
    cascadeDelete: field.type === 'MasterDetail',
    inlineHelpText: field.inlineHelpText ?? null,
    apexType: apexType(field),
  };
}

function urls(object: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

export function describeGlobalEntry(object: ObjectDef, version: string): Record<string, unknown> {
  const writable = !object.readOnly && object.name !== 'Organization';
  return {
    name: object.name,
    label: object.label,
    labelPlural: object.pluralLabel,
    keyPrefix: object.keyPrefix,
    custom: object.custom,
    customSetting: false,
    createable: writable && canDo(object, 'create'),
    updateable: writable && canDo(object, 'edit'),
    deletable: writable && canDo(object, 'delete'),
    queryable: canReadObject(object),
    retrieveable: true,
    searchable: !object.readOnly,
    layoutable: !object.readOnly,
    triggerable: !object.readOnly,
    undeletable: writable && canDo(object, 'delete'),
    mergeable: false,
    replicateable: true,
    feedEnabled: false,
    activateable: false,
    deprecatedAndHidden: false,
    urls: urls(object, version),
  };
}

export function describeObject(model: OrgModel, object: ObjectDef, version: string): Record<string, unknown> {
  const readable = (name: string): boolean => {
    const child = model.objects.get(name.toLowerCase());
    return child !== undefined && canReadObject(child);
  };
  const childRelationships = [...object.childRelationships.values()]
    .filter((r) => readable(r.childObject))
    .map((r) => ({
      childSObject: r.childObject,
      field: r.field,
      relationshipName: r.relationshipName,
      cascadeDelete:
        model.objects.get(r.childObject.toLowerCase())?.fieldsByLowerName.get(r.field.toLowerCase())?.type ===
        'MasterDetail',
      deprecatedAndHidden: false,
      restrictedDelete: false,
    }));
  return {
    ...describeGlobalEntry(object, version),
    fields: visibleFields(object).map((f) => describeField(object, f)),
    childRelationships,
    recordTypeInfos: [],
    supportedScopes: [{ label: 'All', name: 'everything' }],
  };
}
