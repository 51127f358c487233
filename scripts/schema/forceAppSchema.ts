import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type {
  CustomMetadataRecord,
  FieldSchema,
  FieldType,
  FormulaSchema,
  ObjectKind,
  ObjectSchema,
  OrgSchema,
  PicklistSchema,
} from './types.js';

/** `force-app/main/default` of this repository. */
export const DEFAULT_FORCE_APP_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'force-app',
  'main',
  'default',
);

/** A source file of force-app that cannot be read into the schema; `file` is its absolute path. */
export class ForceAppSchemaError extends Error {
  public readonly file: string;

  public constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ForceAppSchemaError';
    this.file = file;
  }
}

export type XmlNode = { [key: string]: unknown };

const FIELD_TYPES: ReadonlySet<string> = new Set<FieldType>([
  'Text',
  'TextArea',
  'LongTextArea',
  'Email',
  'Phone',
  'Url',
  'Number',
  'Currency',
  'Percent',
  'Checkbox',
  'Date',
  'DateTime',
  'Picklist',
  'MultiselectPicklist',
  'Lookup',
  'MasterDetail',
  'AutoNumber',
]);

/** Text Area fields have a fixed length that their metadata does not state. */
const TEXT_AREA_LENGTH = 255;

const NUMERIC_XSD_TYPES: ReadonlySet<string> = new Set(['xsd:double', 'xsd:int', 'xsd:long', 'xsd:decimal']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/**
 * Reads the objects, fields and custom metadata records of a source-format metadata folder.
 * Synchronous: the local org calls it once at start-up, before it listens.
 */
export function loadForceAppSchema(rootDir: string = DEFAULT_FORCE_APP_DIR): OrgSchema {
  const root = path.resolve(rootDir);
  if (!existsSync(root)) {
    throw new ForceAppSchemaError(root, 'folder not found; pass the path of force-app/main/default');
  }
  const objects: Record<string, ObjectSchema> = {};
  for (const objectName of subfolders(path.join(root, 'objects'))) {
    objects[objectName] = readObject(path.join(root, 'objects', objectName), objectName);
  }
  return { objects, customMetadataRecords: readCustomMetadataRecords(path.join(root, 'customMetadata'), objects) };
}

function readObject(dir: string, name: string): ObjectSchema {
  const kind = objectKind(name);
  const objectFile = path.join(dir, `${name}.object-meta.xml`);
  const objectXml = existsSync(objectFile) ? readXml(objectFile, 'CustomObject') : undefined;
  if (!objectXml && kind !== 'standard') {
    throw new ForceAppSchemaError(objectFile, `missing: a ${kind} object needs its object file`);
  }
  const fields: Record<string, FieldSchema> = {};
  for (const fieldFile of filesEndingWith(path.join(dir, 'fields'), '.field-meta.xml')) {
    const field = readField(fieldFile);
    fields[field.name] = field;
  }
  return parseObject(objectFile, name, objectXml, fields);
}

/** An object from its `<CustomObject>` element (absent for a standard object) and its fields. */
export function parseObject(
  objectFile: string,
  name: string,
  objectXml: XmlNode | undefined,
  fields: Record<string, FieldSchema>,
): ObjectSchema {
  const kind = objectKind(name);
  const nameFieldXml = objectXml ? child(objectXml, 'nameField') : undefined;
  return {
    name,
    label: (objectXml && text(objectXml, 'label')) ?? name,
    pluralLabel: (objectXml && text(objectXml, 'pluralLabel')) ?? `${name}s`,
    kind,
    description: objectXml && text(objectXml, 'description'),
    nameField: nameFieldXml ? readNameField(objectFile, nameFieldXml) : undefined,
    fields,
  };
}

export function objectKind(name: string): ObjectKind {
  if (name.endsWith('__mdt')) return 'customMetadata';
  if (name.endsWith('__c')) return 'custom';
  return 'standard';
}

function readNameField(file: string, xml: XmlNode): FieldSchema {
  const type = text(xml, 'type');
  if (type !== 'Text' && type !== 'AutoNumber') {
    throw new ForceAppSchemaError(file, `nameField type must be Text or AutoNumber, not ${String(type)}`);
  }
  return {
    name: 'Name',
    label: text(xml, 'label') ?? 'Name',
    type,
    custom: false,
    length: 80,
    // The platform fills a blank Name with the record id, and AutoNumber is never written.
    required: false,
    unique: false,
    externalId: false,
    caseSensitive: false,
    trackHistory: flag(xml, 'trackHistory'),
    description: text(xml, 'description'),
    inlineHelpText: text(xml, 'inlineHelpText'),
  };
}

function readField(file: string): FieldSchema {
  const xml = readXml(file, 'CustomField');
  const name = text(xml, 'fullName') ?? path.basename(file, '.field-meta.xml');
  if (name !== path.basename(file, '.field-meta.xml')) {
    throw new ForceAppSchemaError(file, `fullName ${name} does not match the file name`);
  }
  return parseField(file, name, xml);
}

/** One `<CustomField>` element (a source file's root or a `<fields>` entry of a metadata-format object). */
export function parseField(file: string, name: string, xml: XmlNode): FieldSchema {
  const type = text(xml, 'type');
  if (!type || !FIELD_TYPES.has(type)) {
    throw new ForceAppSchemaError(
      file,
      `field type ${String(type)} is not supported; use one of ${[...FIELD_TYPES].join(', ')}`,
    );
  }
  const fieldType = type as FieldType;
  const formulaText = text(xml, 'formula');
  return {
    name,
    label: text(xml, 'label') ?? name,
    type: fieldType,
    custom: name.endsWith('__c'),
    length: fieldType === 'TextArea' ? TEXT_AREA_LENGTH : integer(file, xml, 'length'),
    precision: integer(file, xml, 'precision'),
    scale: integer(file, xml, 'scale'),
    required: fieldType === 'MasterDetail' || flag(xml, 'required'),
    unique: flag(xml, 'unique'),
    externalId: flag(xml, 'externalId'),
    caseSensitive: flag(xml, 'caseSensitive'),
    picklist: fieldType === 'Picklist' || fieldType === 'MultiselectPicklist' ? readPicklist(file, xml) : undefined,
    referenceTo: text(xml, 'referenceTo'),
    relationshipName: text(xml, 'relationshipName'),
    parentRelationshipName:
      fieldType === 'Lookup' || fieldType === 'MasterDetail' ? name.replace(/__c$/, '__r') : undefined,
    formula: formulaText === undefined ? undefined : readFormula(file, xml, formulaText),
    trackHistory: flag(xml, 'trackHistory'),
    description: text(xml, 'description'),
    inlineHelpText: text(xml, 'inlineHelpText'),
    defaultValue: text(xml, 'defaultValue'),
  };
}

function readPicklist(file: string, xml: XmlNode): PicklistSchema {
  const valueSet = child(xml, 'valueSet');
  if (valueSet && text(valueSet, 'valueSetName')) {
    throw new ForceAppSchemaError(file, 'global value sets are not supported; list the values in valueSetDefinition');
  }
  const definition = valueSet && child(valueSet, 'valueSetDefinition');
  if (!valueSet || !definition) {
    throw new ForceAppSchemaError(file, 'picklist without valueSet/valueSetDefinition');
  }
  const entries = list(definition, 'value');
  const values = entries.map((entry) => {
    const value = text(entry, 'fullName');
    if (value === undefined) throw new ForceAppSchemaError(file, 'picklist value without fullName');
    return value;
  });
  const defaultEntry = entries.find((entry) => flag(entry, 'default'));
  return {
    values,
    restricted: flag(valueSet, 'restricted'),
    defaultValue: defaultEntry && text(defaultEntry, 'fullName'),
  };
}

function readFormula(file: string, xml: XmlNode, expression: string): FormulaSchema {
  const treatBlanksAs = text(xml, 'formulaTreatBlanksAs') ?? 'BlankAsZero';
  if (treatBlanksAs !== 'BlankAsZero' && treatBlanksAs !== 'BlankAsBlank') {
    throw new ForceAppSchemaError(
      file,
      `formulaTreatBlanksAs must be BlankAsZero or BlankAsBlank, not ${treatBlanksAs}`,
    );
  }
  return { expression, treatBlanksAs };
}

function readCustomMetadataRecords(dir: string, objects: Record<string, ObjectSchema>): CustomMetadataRecord[] {
  return filesEndingWith(dir, '.md-meta.xml').map((file) => {
    const [typePrefix, developerName] = path.basename(file, '.md-meta.xml').split('.');
    const type = `${typePrefix}__mdt`;
    const typeSchema = objects[type];
    if (!developerName || !typeSchema) {
      throw new ForceAppSchemaError(
        file,
        `no custom metadata type ${type} in objects/; name records Type.DeveloperName`,
      );
    }
    return parseCustomMetadataRecord(file, type, developerName, readXml(file, 'CustomMetadata'), typeSchema);
  });
}

/** A `<CustomMetadata>` record of the type `typeSchema`. */
export function parseCustomMetadataRecord(
  file: string,
  type: string,
  developerName: string,
  xml: XmlNode,
  typeSchema: ObjectSchema,
): CustomMetadataRecord {
  const values: CustomMetadataRecord['values'] = {};
  for (const field of Object.values(typeSchema.fields)) {
    values[field.name] = field.type === 'Checkbox' ? field.defaultValue === 'true' : null;
  }
  for (const entry of list(xml, 'values')) {
    const fieldName = text(entry, 'field');
    if (!fieldName || !typeSchema.fields[fieldName]) {
      throw new ForceAppSchemaError(file, `value for ${String(fieldName)}, which is not a field of ${type}`);
    }
    values[fieldName] = typedValue(file, fieldName, entry.value);
  }
  return {
    type,
    developerName,
    label: text(xml, 'label') ?? developerName,
    protected: flag(xml, 'protected'),
    values,
  };
}

function typedValue(file: string, fieldName: string, raw: unknown): string | number | boolean | null {
  if (raw === undefined || raw === '') return null;
  if (typeof raw === 'string') return raw;
  const node = raw as XmlNode;
  if (node['@_xsi:nil'] === 'true') return null;
  const content = typeof node['#text'] === 'string' ? node['#text'] : '';
  const xsdType = node['@_xsi:type'];
  if (typeof xsdType === 'string' && NUMERIC_XSD_TYPES.has(xsdType)) {
    const numeric = Number(content);
    if (content === '' || Number.isNaN(numeric)) {
      throw new ForceAppSchemaError(file, `${fieldName}: ${JSON.stringify(content)} is not a number`);
    }
    return numeric;
  }
  if (xsdType === 'xsd:boolean') {
    if (content !== 'true' && content !== 'false') {
      throw new ForceAppSchemaError(file, `${fieldName}: ${JSON.stringify(content)} is not true or false`);
    }
    return content === 'true';
  }
  return content === '' ? null : content;
}

function readXml(file: string, rootTag: string): XmlNode {
  return parseXml(file, readFileSync(file, 'utf8'), rootTag);
}

/** The root element `rootTag` of an XML document; `file` names it in errors. */
export function parseXml(file: string, source: string, rootTag: string): XmlNode {
  const validation = XMLValidator.validate(source);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    throw new ForceAppSchemaError(file, `malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  const document = parser.parse(source) as XmlNode;
  const root = document[rootTag];
  if (root === undefined || typeof root !== 'object' || root === null) {
    throw new ForceAppSchemaError(file, `expected a <${rootTag}> root element`);
  }
  return root as XmlNode;
}

export function text(node: XmlNode, key: string): string | undefined {
  const value = node[key];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (value && typeof value === 'object' && typeof (value as XmlNode)['#text'] === 'string') {
    return (value as XmlNode)['#text'] as string;
  }
  return undefined;
}

export function flag(node: XmlNode, key: string): boolean {
  return text(node, key) === 'true';
}

function integer(file: string, node: XmlNode, key: string): number | undefined {
  const value = text(node, key);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new ForceAppSchemaError(file, `<${key}> must be a whole number, not ${value}`);
  return parsed;
}

export function child(node: XmlNode, key: string): XmlNode | undefined {
  const value = node[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : undefined;
}

export function list(node: XmlNode, key: string): XmlNode[] {
  const value = node[key];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as XmlNode[];
}

function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function filesEndingWith(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));
}
