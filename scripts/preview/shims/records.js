/**
 * Turns REST/SOQL records into UI API record representations:
 * `{ id, apiName, fields: { Name: { value, displayValue } } }`, parents nested as record values.
 */
import { describe, fetchError, query, remember, rememberType } from './orgApi.js';

const dateFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeStyle: 'short' });

/** `'Account.Name'` or `{ objectApiName, fieldApiName }` → `{ objectApiName, path: 'Name' }`. */
export function fieldReference(field) {
  if (typeof field === 'string') {
    const [objectApiName, ...path] = field.split('.');
    return { objectApiName, path: path.join('.') };
  }
  return { objectApiName: field.objectApiName, path: field.fieldApiName };
}

/** Field paths relative to the object, from LDS `fields`/`optionalFields`, always with Id. */
export function fieldPaths(fields) {
  const paths = (fields ?? []).map((field) => fieldReference(field).path).filter(Boolean);
  return [...new Set(['Id', ...paths])];
}

function displayValueOf(value, describedField) {
  if (value === null || value === undefined || !describedField) {
    return null;
  }
  switch (describedField.type) {
    case 'picklist':
      return describedField.picklistValues?.find((entry) => entry.value === value)?.label ?? value;
    case 'multipicklist':
      return String(value).split(';').join(', ');
    case 'currency':
      return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(value);
    case 'date':
      return dateFormat.format(new Date(`${value}T00:00:00Z`));
    case 'datetime':
      return dateTimeFormat.format(new Date(value));
    default:
      return null;
  }
}

async function fieldsByName(objectApiName) {
  try {
    const description = await describe(objectApiName);
    return new Map(description.fields.map((field) => [field.name, field]));
  } catch {
    return new Map();
  }
}

export async function toUiRecord(soqlRecord) {
  const apiName = soqlRecord.attributes?.type;
  const described = await fieldsByName(apiName);
  const fields = {};
  for (const [name, value] of Object.entries(soqlRecord)) {
    if (name === 'attributes') {
      continue;
    }
    if (value && typeof value === 'object' && value.attributes) {
      const parent = await toUiRecord(value);
      fields[name] = { value: parent, displayValue: parent.fields.Name?.value ?? null };
    } else {
      fields[name] = { value: value ?? null, displayValue: displayValueOf(value, described.get(name)) };
    }
  }
  rememberType(soqlRecord.Id, apiName);
  return { apiName, id: soqlRecord.Id ?? null, fields, childRelationships: {}, recordTypeId: null };
}

export function soqlLiteral(value) {
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function readRecord(objectApiName, recordId, paths) {
  const soql = `SELECT ${paths.join(', ')} FROM ${objectApiName} WHERE Id = ${soqlLiteral(recordId)}`;
  return remember(`record:${soql}`, () => recordOf(soql, recordId));
}

async function recordOf(soql, recordId) {
  const { records } = await query(soql);
  if (records.length === 0) {
    throw fetchError(404, 'Not Found', [
      { errorCode: 'NOT_FOUND', message: `The requested resource does not exist: ${recordId}` },
    ]);
  }
  return toUiRecord(records[0]);
}

/** Follows a field path such as `Owner.Name` through nested record values. */
export function fieldCell(record, field) {
  const { path } = fieldReference(field);
  let current = record;
  let cell;
  for (const segment of path.split('.')) {
    cell = current?.fields?.[segment];
    if (cell === undefined) {
      return undefined;
    }
    current = cell.value;
  }
  return cell;
}
